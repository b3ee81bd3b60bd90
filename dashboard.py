"""AE vs VAE lab: the entry file is a small router; each page lives in views/.

Not `pages/`: Streamlit treats a `pages/` folder as a legacy multipage app, and a session whose first request
is a deep link (a bookmark, a refresh) would run that page file alone, without this router and its sidebar.
"""

import streamlit as st

from ui.i18n import t
from ui.roles import teacher_login
from ui.settings import sidebar

st.set_page_config(page_title="AE vs VAE lab", page_icon=":material/blur_on:", layout="wide")
sidebar()
teacher_login()
PAGES = [
    ("overview", ":material/home:"),
    ("reconstruction", ":material/compress:"),
    ("latent", ":material/scatter_plot:"),
    ("denoising", ":material/auto_fix_high:"),
    ("generation", ":material/auto_awesome:"),
    ("faces", ":material/face:"),
    ("scoreboard", ":material/leaderboard:"),
    ("models", ":material/inventory_2:"),
]
pages = [
    st.Page(f"views/{name}.py", title=t(f"nav_{name}"), icon=icon, url_path=name, default=name == "overview")
    for name, icon in PAGES
]
st.navigation(pages).run()
