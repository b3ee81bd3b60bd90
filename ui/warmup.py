"""Once per server, in a background thread: what the default pages compute on their first visit (the latent
page's planes, holes and graphs, the generation page's measures, the lesson's, the unfamiliar inputs' scores, the
faces page's models, graphs and judge),
for the shipped models at the sidebar's two usual sizes, so that the first student to open a page does not wait
for it. Off with AEVAE_WARMUP=0 and for the tiny test configuration."""

from __future__ import annotations

import logging
import os
import threading

import streamlit as st

from core import presets

log = logging.getLogger("aevae.warmup")


def start() -> bool:
    """Start the warm-up once per server process (a no-op outside a server). Returns whether it runs."""
    from streamlit.runtime import Runtime

    if not Runtime.exists() or presets.tiny() or os.environ.get("AEVAE_WARMUP", "1") == "0":
        return False
    return _started()


@st.cache_resource(show_spinner=False)
def _started() -> bool:
    threading.Thread(target=_warm, daemon=True, name="aevae-warmup").start()
    return True


def _warm_faces() -> None:
    """The faces page, as it asks: the shipped face models, their graphs, the held-out faces' codes and
    reconstructions, the face judge and its graph."""
    from core import faces
    from ui import lab
    from ui import models as m

    found = m.face_models(None)
    x = faces.heldout_faces()
    if found is None or x is None:
        return
    models, source = found
    shown = [k for k in presets.FACE_KINDS if k in models]
    m.face_work({k: models[k] for k in shown}, x, source)
    graphs = lab.Graphs()
    for k in shown:
        graphs.add(*models[k][:2])
    judged = m.face_judge()
    if judged is not None:
        graphs.add_judge(*judged)


def _warm() -> None:
    from core import data as data_mod
    from ui import figures, lab
    from ui import models as m
    from ui.resources import store

    try:
        judge = presets.classifier()
        n = min(3000, len(data_mod.load(judge.data).x_test))
        for d in (2, presets.GEN_DIM):
            specs = presets.trio(d)
            if not all(store().exists(s) for s in (*specs.values(), judge)):
                continue
            for spec in specs.values():  # the latent page, as it asks (the same arguments: the same cache entries)
                pts, _ = m.plane(spec, n)  # its codes too
                limits = figures.padded_limits(pts)
                m.draws(spec, judge)
                m.holes_share(spec, judge)
                if d == 2:
                    m.holes(spec, judge, limits, lab.HOLES_GRID)
                m.density(spec, limits, lab.HOLES_GRID)
                model, meta = m.load_model(spec)
                lab.Graphs().add(model, meta)
            m.train_codes(specs["ae"], 10_000)
            m.sampling(specs, judge)  # the generation page
            m.sampling({k: specs[k] for k in ("ae", "vae")}, judge)  # the lesson's steps
        for d in (2, presets.GEN_DIM):  # the unfamiliar-inputs page (both sizes) and the lesson's last step (5-D)
            specs = presets.trio(d)
            if all(store().exists(s) for s in specs.values()):
                ds = data_mod.load(specs["ae"].data)
                m.unfamiliar_scores(specs, m.unfamiliar_n(ds), None)  # as the page asks: the same cache entry
                m.unfamiliar_examples(specs["ae"].data, m.unfamiliar_n(ds))
        _warm_faces()
        log.info("warm-up done")
    except Exception:  # a warm-up is a courtesy: a page computes what is missing itself
        log.exception("warm-up stopped")
