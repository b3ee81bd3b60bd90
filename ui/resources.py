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


def _browser_cookie() -> str | None:
    """A cookie every tab of one browser sends alike: Streamlit's XSRF cookie's token (set once per browser), or
    behind the lab's load balancer its affinity cookie."""
    try:
        cookies = st.context.cookies
        value = cookies.get("_streamlit_xsrf") or cookies.get("aevae_replica")
    except Exception:  # no request context (tests, bare mode)
        return None
    return xsrf_token(value[:512]) if isinstance(value, str) and value else None


def session_id() -> str:
    """Who asks for training, for the jobs' per-student cap and who is still waiting: one id for all the tabs of
    one browser (a hash of its cookie), else a random id for this session. A student who clears the cookie
    becomes another browser; the server's own cap still bounds everything."""
    if "_session_id" not in st.session_state:
        cookie = _browser_cookie()
        st.session_state["_session_id"] = (
            "browser-" + hashlib.sha256(cookie.encode()).hexdigest()[:16] if cookie else uuid.uuid4().hex
        )
    return st.session_state["_session_id"]
