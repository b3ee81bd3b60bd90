"""The teacher role: deleting, retraining and training on a custom folder need the teacher's token.

The token comes from the environment (AEVAE_TEACHER_TOKEN, at least MIN_TOKEN characters) and is typed once per
browser session in the sidebar; without it set, nobody can do these things from the browser (the command line
still can). Guessing is slowed down: each wrong token doubles this session's wait before its next try (1 s, 2 s, 4 s
... up to a minute), the whole server checks at most GUESSES_PER_MINUTE tokens a minute (many sessions guessing at
once wait in turn), and every wrong try is logged.
"""

from __future__ import annotations

import hmac
import logging
import os
import threading
import time

import streamlit as st

from ui.i18n import t

MIN_TOKEN = 16
EXAMPLES = {"a long secret", "change-me-to-a-long-secret"}  # the documentation's words are no token
GUESSES_PER_MINUTE = 12  # for the whole server: a teacher types the token once
MAX_WAIT_S = 60
log = logging.getLogger("aevae.teacher")


def token() -> str | None:
    value = os.environ.get("AEVAE_TEACHER_TOKEN", "")
    return value if len(value) >= MIN_TOKEN and value not in EXAMPLES else None  # a weak token is as good as none


class _Limiter:
    """The server's tries in the last minute (every session together)."""

    def __init__(self):
        self.lock, self.tries = threading.Lock(), []

    def take(self) -> float:
        """0 when a try may be checked now (and count it), else the seconds until one may."""
        now = time.monotonic()
        with self.lock:
            self.tries = [t0 for t0 in self.tries if now - t0 < 60]
            if len(self.tries) >= GUESSES_PER_MINUTE:
                return 60 - (now - self.tries[0])
            self.tries.append(now)
            return 0.0


@st.cache_resource
def _limiter() -> _Limiter:
    return _Limiter()


def _wait_s() -> float:
    """Seconds this session must wait before its next try (after n wrong ones in a row: 2^(n-1) s, at most a
    minute)."""
    fails, last = st.session_state.get("_teacher_fails", (0, 0.0))
    return 0.0 if not fails else max(0.0, last + min(2.0 ** (fails - 1), MAX_WAIT_S) - time.monotonic())


def check(typed: str) -> str:
    """ "ok", "wrong" or "wait" for a typed token (counted, logged, slowed down as above)."""
    if _wait_s() > 0 or _limiter().take() > 0:
        return "wait"
    if hmac.compare_digest(typed.encode(), token().encode()):
        st.session_state.pop("_teacher_fails", None)
        log.warning("teacher token accepted")
        return "ok"
    fails = st.session_state.get("_teacher_fails", (0, 0.0))[0] + 1
    st.session_state["_teacher_fails"] = (fails, time.monotonic())
    log.warning("wrong teacher token (%d in a row in one session)", fails)
    return "wrong"


def is_teacher() -> bool:
    return bool(st.session_state.get("_teacher")) and token() is not None


def teacher_login() -> None:
    """A small sidebar form: the token makes this session the teacher's."""
    if token() is None:
        return
    with st.sidebar.expander(t("Teacher"), icon=":material/school:", expanded=False):
        if is_teacher():
            st.caption(t("You can delete and retrain models and train on your own folder."))
            if st.button(t("Leave teacher mode"), key="teacher-logout"):
                st.session_state.pop("_teacher", None)
                st.rerun()
            return
        typed = st.text_input(t("Teacher's token"), type="password", key="teacher-token", max_chars=200)
        if typed:
            outcome = check(typed)
            if outcome == "ok":
                st.session_state["_teacher"] = True
                st.session_state.pop("teacher-token", None)
                st.rerun()
            elif outcome == "wrong":
                st.error(t("This token is not the teacher's."))
            else:
                st.warning(t("Too many tries: wait a moment, then type the token again."))


def teacher_only_note() -> None:
    """Say why a control is missing, and how a teacher turns it on."""
    st.caption(
        t("Only the teacher can do this (sidebar → Teacher).")
        if token()
        else t(
            "Deleting, retraining and training on a custom folder are off in the browser: the teacher turns them "
            "on by starting the server with AEVAE_TEACHER_TOKEN set (at least 16 characters)."
        )
    )
