"""Server-wide resources shared by every session: the model store, the training jobs, this session's id."""

from __future__ import annotations

import hashlib
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


def xsrf_token(cookie: str) -> str:
    """What stays the same in Streamlit's XSRF cookie: its token. The cookie ("2|mask|masked token|time") is
    masked afresh on every page load, so two loads of one browser send two values; unmasked, one token. Anything
    else is returned as it is."""
    parts = cookie.strip("\"'").split("|")
    if len(parts) == 4 and parts[0] == "2":
        try:
            mask, masked = bytes.fromhex(parts[1]), bytes.fromhex(parts[2])
        except ValueError:
            return cookie
        if len(mask) == 4:
            return bytes(b ^ mask[i % 4] for i, b in enumerate(masked)).hex()
    return cookie


def browser_id(cookies) -> str | None:
    """One id for all the tabs of one browser, from its cookies: a hash of Streamlit's XSRF cookie's token (set
    once per browser), or behind the lab's load balancer of its affinity cookie; None without either. The same
    for a page's session (session_id) and for a request to the server's own routes (ui.server)."""
    try:
        value = cookies.get("_streamlit_xsrf") or cookies.get("aevae_replica")
    except Exception:  # no cookies to read
        return None
    if not isinstance(value, str) or not value:
        return None
    return "browser-" + hashlib.sha256(xsrf_token(value[:512]).encode()).hexdigest()[:16]


def session_id() -> str:
    """Who asks for training, for the jobs' per-student cap and who is still waiting: one id for all the tabs of
    one browser (a hash of its cookie), else a random id for this session. A student who clears the cookie
    becomes another browser; the server's own cap still bounds everything."""
    if "_session_id" not in st.session_state:
        try:
            cookies = st.context.cookies
        except Exception:  # no request context (tests, bare mode)
            cookies = {}
        st.session_state["_session_id"] = browser_id(cookies) or uuid.uuid4().hex
    return st.session_state["_session_id"]
