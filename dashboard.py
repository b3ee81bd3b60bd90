"""AE vs VAE lab: the entry file is a small router; each page lives in views/.

Not `pages/`: Streamlit treats a `pages/` folder as a legacy multipage app, and a session whose first request
is a deep link (a bookmark, a refresh) would run that page file alone, without this router and its sidebar.
"""

from pathlib import Path

import streamlit as st

from ui import classroom
from ui.i18n import t
from ui.navigation import PAGES, TITLES
from ui.presenter import presenter_switch
from ui.roles import teacher_login
from ui.settings import sidebar
from ui.uploads import guard
from ui.warmup import start as warm_up
from ui.warmup import visiting

ICON = str(Path(__file__).parent / "ui" / "icon.png")


def main() -> None:
    st.set_page_config(page_title="AE vs VAE lab", page_icon=ICON, layout="wide")  # a local icon: no font server
    st.session_state["_run"] = st.session_state.get("_run", 0) + 1  # notes shown once per run (ui.models)
    guard()  # bounds on uploads held in memory (once per server)
    warm_up()  # the default pages' first computations, in the background (once per server)
    with visiting():  # the warm-up gives way while a page runs
        _run()


def _run() -> None:
    classroom.before_page()  # a student following the teacher: the teacher's settings, before the sidebar's widgets
    sidebar()
    presenter_switch()
    teacher_login()
    pages = [
        st.Page(f"views/{name}.py", title=t(TITLES[name]), icon=icon, url_path=name, default=name == "overview")
        for name, icon in PAGES
    ]
    current = st.navigation(pages)
    page = current.url_path or "overview"
    classroom.lead(page)  # the teacher's page, step and settings, to the class
    classroom.bar(page)  # a student's bar (follow, the open question); the teacher's code
    current.run()


# Streamlit runs this file as "__main__" for each page view. `streamlit run dashboard.py` finds `app` below and
# serves it: the file is then imported once as the module "dashboard", which adds the lab's own routes (ui.server:
# Streamlit's scripts gzipped once, the class's pulse pushed to students). Training worker processes import it as
# "__mp_main__" and do neither.
if __name__ == "__main__":
    main()
elif __name__ == "dashboard":
    from ui import server

    app = st.App(__file__, routes=server.routes(), middleware=server.middleware())
