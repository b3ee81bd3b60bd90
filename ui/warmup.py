"""Once per server, in a background thread: what the default pages compute on their first visit (the latent
page's planes, holes and graphs, the generation page's measures, the lesson's, the unfamiliar inputs' scores, the
faces page's models, graphs and judge),
for the shipped models at the sidebar's two usual sizes, so that the first student to open a page does not wait
for it. Off with AEVAE_WARMUP=0 and for the tiny test configuration.

The warm-up gives way to visitors: before each step it waits while any page's script runs (at most PAUSE_MAX_S, so
that a busy class cannot stop it), so a teacher who clicks through at once does not share the two cores with it; a
page that needs what the warm-up is computing waits for that cache entry instead of computing it twice."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from core import presets

log = logging.getLogger("aevae.warmup")
PAUSE_MAX_S = 30.0
_idle = threading.Condition()
_running = 0  # page scripts running now (every session together)


@contextmanager
def visiting() -> Iterator[None]:
    """Around a page's script run (dashboard.py): the warm-up waits while any runs."""
    global _running
    with _idle:
        _running += 1
    try:
        yield
    finally:
        with _idle:
            _running -= 1
            if not _running:
                _idle.notify_all()


def pause(max_s: float = PAUSE_MAX_S) -> bool:
    """Wait until no page script runs (at most max_s); whether none does."""
    with _idle:
        return _idle.wait_for(lambda: _running == 0, timeout=max_s)


def _then(fn, *args):
    pause()
    return fn(*args)


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

    found = _then(m.face_models, None)
    x = _then(faces.heldout_faces)
    if found is None or x is None:
        return
    models, source = found
    shown = [k for k in presets.FACE_KINDS if k in models]
    _then(m.face_work, {k: models[k] for k in shown}, x, source)
    graphs = lab.Graphs()
    for k in shown:
        _then(graphs.add, *models[k][:2])
    judged = _then(m.face_judge)
    if judged is not None:
        _then(graphs.add_judge, *judged)


def _warm_denoising(specs: dict) -> None:
    """The denoising page at its defaults (the first kind of noise, level 0.5), as it asks: its table and curves."""
    import numpy as np

    from core import data as data_mod
    from core.noise import NOISES
    from ui import models as m
    from ui.resources import store

    kind = NOISES[0]
    dn = {"dae": presets.denoiser(specs["ae"].data.name, None, 2, presets.noise_preset(kind)), **specs}
    if not all(store().exists(s) for s in dn.values()):
        return
    n = min(300, len(data_mod.load(specs["ae"].data).x_test))
    _then(m.denoising_quality, dn, kind, (0.5,), n)
    levels = tuple(np.round(np.linspace(0.1, 1 if kind == "gaussian" else 0.8, 8), 3))
    _then(m.denoising_quality, dn, kind, levels, min(200, n))


def _warm() -> None:
    from core import data as data_mod
    from ui import figures, lab
    from ui import models as m
    from ui.resources import store

    try:
        judge = presets.classifier()
        n = min(3000, len(data_mod.load(judge.data).x_test))
        for d in (2, presets.GEN_DIM):  # the sidebar's default size first, every page; then the lesson's 5-D steps
            specs = presets.trio(d)
            if all(store().exists(s) for s in (*specs.values(), judge)):
                for spec in specs.values():  # the latent page, as it asks (the same arguments: the same cache entries)
                    pts, _ = _then(m.plane, spec, n)  # its codes too
                    limits = figures.padded_limits(pts)
                    _then(m.draws, spec, judge)
                    _then(m.holes_share, spec, judge)
                    if d == 2:
                        _then(m.holes, spec, judge, limits, lab.HOLES_GRID)
                    _then(m.density, spec, limits, lab.HOLES_GRID)
                    model, meta = _then(m.load_model, spec)
                    _then(lab.Graphs().add, model, meta)
                _then(m.train_codes, specs["ae"], 10_000)
                _then(m.sampling, specs, judge)  # the generation page
                _then(m.sampling, {k: specs[k] for k in ("ae", "vae")}, judge)  # the lesson's steps
            if all(store().exists(s) for s in specs.values()):  # the unfamiliar-inputs page (5-D: the lesson's too)
                ds = data_mod.load(specs["ae"].data)
                _then(m.unfamiliar_scores, specs, m.unfamiliar_n(ds), None)  # as the page asks: the same cache entry
                _then(m.unfamiliar_examples, specs["ae"].data, m.unfamiliar_n(ds))
            if d == 2:
                _warm_denoising(specs)
                _warm_faces()
        log.info("warm-up done")
    except Exception:  # a warm-up is a courtesy: a page computes what is missing itself
        log.exception("warm-up stopped")
