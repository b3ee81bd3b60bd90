"""Training from a page: queue the missing models, show their progress and live loss curves until stored."""

from __future__ import annotations

import time

import pandas as pd
import streamlit as st

from core.config import RunSpec
from core.i18n import NP_
from core.jobs import JobLimit
from ui import figures
from ui.i18n import lang, nt, plain, t
from ui.resources import jobs, session_id

POLL_S = 0.8
JOBS_FULL = {  # why a request was refused, by JobLimit.who
    "server": NP_(
        "The server is busy: {n} model is waiting to be trained. Please wait a minute and reload the page.",
        "The server is busy: {n} models are waiting to be trained. Please wait a minute and reload the page.",
    ),
    "session": NP_(
        "You have asked for many models at once ({n} is waiting). Please wait until they are ready.",
        "You have asked for many models at once ({n} are waiting). Please wait until they are ready.",
    ),
}


def request(specs: list[RunSpec]) -> None:
    """Queue the models for this session, or stop the page with a message when the server is at its cap."""
    try:
        jobs().submit(specs, session=session_id())
    except JobLimit as e:
        st.warning(nt(*JOBS_FULL[e.who], e.waiting), icon=":material/hourglass_top:")
        st.stop()


def wait_for(specs: list[RunSpec], any_stored: bool = False) -> None:
    """Show training progress until every spec is stored (the training itself runs in the job queue), or with
    any_stored until the first of them is (a page that fills in as its models arrive)."""
    box = st.container(border=True, key="training_box")  # benches and tests tell its charts from the page's
    box.markdown(
        "**"
        + nt(
            "Training the model this page needs (once; later visits load it instantly)",
            "Training the {n} models this page needs (once; later visits load them instantly)",
            len(specs),
        )
        + "**"
    )
    box.caption(t("Training runs in the background: you may switch pages, it goes on and is stored in checkpoints/."))
    bar, chart, note = box.empty(), box.empty(), box.empty()
    i = drawn = 0
    while True:
        jobs().touch(specs)
        states = {s.name: jobs().state(s) for s in specs}
        failed = [s["error"] for s in states.values() if s["phase"] == "failed"]
        if failed:
            box.error(t("Training failed: {err}", err=plain(failed[0])))
            st.stop()
        done = sum(s["phase"] == "stored" for s in states.values())
        partial = sum(len(s["rows"]) / max(s["epochs"] or 1, 1) for s in states.values() if s["phase"] == "training")
        frac = min(1.0, (done + partial) / len(specs))
        bar.progress(
            frac,
            text=nt(
                "{done} of {n} model ready ({pct}%)",
                "{done} of {n} models ready ({pct}%)",
                len(specs),
                done=done,
                pct=round(100 * frac),
            ),
        )
        rows = [{"model": n.rsplit("-", 1)[0], **r} for n, s in states.items() for r in s["rows"]]
        if rows and len(rows) != drawn:  # redraw only on a new epoch: the page must not take CPU from training
            drawn = len(rows)
            fig = figures.loss_curves(pd.DataFrame(rows), "loss", t("loss (nats / image)"), lang=lang())
            chart.plotly_chart(fig, key=f"live-{i}", config={"displayModeBar": False})
        missing = [sp for sp in specs if states[sp.name]["phase"] == "missing"]
        if missing and not jobs().busy(specs):
            # nothing trains it here and no other process reports progress (deleted as it appeared, or the
            # queue dropped it): ask again, for all that is not stored yet, rather than wait forever
            request([sp for sp in specs if states[sp.name]["phase"] != "stored"])
            note.info(t("Being trained by another session: waiting for it to finish."))
        if done == len(specs) or (any_stored and done):
            return
        i += 1
        time.sleep(POLL_S)
