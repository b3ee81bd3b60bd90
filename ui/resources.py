"""Server-wide resources shared by every session: the model store, the training jobs, this session's id."""

from __future__ import annotations

import os
import uuid

import streamlit as st

from core.jobs import Jobs
from core.store import Store


@st.cache_resource
def store() -> Store:
    """The server's store; once per server start, what killed saves left behind is cleaned up."""
    s = Store()
    s.clean_stale()
    return s


@st.cache_resource
def jobs() -> Jobs:
    return Jobs(store(), max_running=int(os.environ.get("AEVAE_MAX_TRAINING", 1)))


def session_id() -> str:
    """A random id for this browser session (the jobs' per-session cap and who is still waiting)."""
    return st.session_state.setdefault("_session_id", uuid.uuid4().hex)
