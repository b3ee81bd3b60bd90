"""The teacher role: deleting, retraining and training on a custom folder need the teacher's token.

The token comes from the environment (AEVAE_TEACHER_TOKEN) and is typed once per browser session in the
sidebar; without it set, nobody can do these things from the browser (the command line still can).
"""

from __future__ import annotations

import hmac
import os

import streamlit as st

from ui.i18n import t


def token() -> str | None:
    value = os.environ.get("AEVAE_TEACHER_TOKEN", "")
    return value if len(value) >= 8 else None  # a short token is as good as none


def is_teacher() -> bool:
    return bool(st.session_state.get("_teacher")) and token() is not None


def teacher_login() -> None:
    """A small sidebar form: the token makes this session the teacher's."""
    if token() is None:
        return
    with st.sidebar.expander(t("teacher_title"), icon=":material/school:", expanded=False):
        if is_teacher():
            st.caption(t("teacher_on"))
            if st.button(t("teacher_logout"), key="teacher-logout"):
                st.session_state.pop("_teacher", None)
                st.rerun()
            return
        typed = st.text_input(t("teacher_token"), type="password", key="teacher-token")
        if typed:
            if hmac.compare_digest(typed.encode(), token().encode()):
                st.session_state["_teacher"] = True
                st.session_state.pop("teacher-token", None)
                st.rerun()
            st.error(t("teacher_wrong"))


def teacher_only_note() -> None:
    """Say why a control is missing, and how a teacher turns it on."""
    st.caption(t("teacher_only" if token() else "teacher_off"))
