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
    with st.sidebar.expander(t("Teacher"), icon=":material/school:", expanded=False):
        if is_teacher():
            st.caption(t("You can delete and retrain models and train on your own folder."))
            if st.button(t("Leave teacher mode"), key="teacher-logout"):
                st.session_state.pop("_teacher", None)
                st.rerun()
            return
        typed = st.text_input(t("Teacher's token"), type="password", key="teacher-token")
        if typed:
            if hmac.compare_digest(typed.encode(), token().encode()):
                st.session_state["_teacher"] = True
                st.session_state.pop("teacher-token", None)
                st.rerun()
            st.error(t("This token is not the teacher's."))


def teacher_only_note() -> None:
    """Say why a control is missing, and how a teacher turns it on."""
    st.caption(
        t("Only the teacher can do this (sidebar → Teacher).")
        if token()
        else t(
            "Deleting, retraining and training on a custom folder are off in the browser: the teacher turns them "
            "on by starting the server with AEVAE_TEACHER_TOKEN set (at least 8 characters)."
        )
    )
