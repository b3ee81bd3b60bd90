"""Presenter mode, for a projector: the sidebar hidden, the page and its figures the width of the screen, larger
type, less empty space above the title. Its switch is at the foot of the sidebar; in presenter mode, where the
sidebar is hidden, it sits in the bottom right corner of the screen, out of the page's way."""

from __future__ import annotations

import streamlit as st

from ui.i18n import t

KEY = "presenter"
# constants of ours (no outside text); selectors are Streamlit's data-testid names and the st-key-<key> classes
SWITCH_CSS = """<style>
.st-key-presenter { position: fixed; bottom: 0.7rem; right: 1rem; z-index: 999991; width: auto !important;
  background: rgba(255, 255, 255, 0.94); border: 1px solid #ddd; border-radius: 0.5rem; padding: 0.2rem 0.6rem; }
.st-key-presenter p { font-size: 0.95rem !important; }
</style>"""
PRESENTER_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"] {
  display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 3.6rem 2rem 2rem 2rem; max-width: 100%; }
[data-testid="stMainBlockContainer"] p, [data-testid="stMainBlockContainer"] li { font-size: 1.3rem; }
[data-testid="stMainBlockContainer"] [data-testid="stCaptionContainer"] p { font-size: 1.1rem; }
[data-testid="stMainBlockContainer"] h1 { font-size: 2.5rem; padding-top: 0; }
[data-testid="stMainBlockContainer"] h2 { font-size: 2.2rem; }
[data-testid="stMainBlockContainer"] button p { font-size: 1.15rem; }
</style>"""


# every page: captions dark enough to read (WCAG AA asks 4.5:1 on white; Streamlit's caption grey at its 0.6
# opacity gives 2.7:1): #5c5e6b, opaque, gives 6.4:1
READABLE_CSS = """<style>
[data-testid="stCaptionContainer"] { opacity: 1 !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { color: #5c5e6b !important; }
/* the toolbar's Stop button while a script runs (class mode's parts run every second): readable, 7:1 */
[data-testid="stStatusWidget"] button { color: #31333f !important; }
/* class mode's parts are read again every second: they must not fade while they are (a projector, a phone) */
[class*="st-key-class-live"] [data-stale="true"], [class*="st-key-class-live"][data-stale="true"] {
  opacity: 1 !important; transition: none !important; }
@media (max-width: 640px) {  /* a phone: no box that scrolls on its own (a keyboard could not reach inside) */
  .katex-display { overflow: visible !important; font-size: 0.8em; }
  [data-testid="stTable"], [data-testid="stTable"] > div { overflow: visible !important; }
}
</style>"""


def presenter_switch() -> bool:
    """The presenter-mode switch (one per session, kept across pages); when on, the page is laid out for a
    projector. Returns whether it is on."""
    on = bool(st.session_state.get(KEY, False))
    where = st.container() if on else st.sidebar
    st.html(READABLE_CSS + (SWITCH_CSS + PRESENTER_CSS if on else ""))  # style only: takes no room on the page
    where.toggle(t("Presenter mode"), key=KEY, help=t("Hides the sidebar, widens the figures, enlarges the type."))
    return on
