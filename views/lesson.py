import streamlit as st

from ui.i18n import t
from ui.lesson import STEPS
from ui.models import dataset
from ui.navigation import ICONS, TITLES
from ui.settings import settings

s = settings()
ds = dataset(s)
if ds is None:
    st.stop()
n = len(STEPS)
try:
    step = min(n, max(1, int(st.query_params.get("step", 1))))
except ValueError:
    step = 1
st.query_params["step"] = str(step)  # every step has its own address


def go(to: int) -> None:
    st.query_params["step"] = str(min(n, max(1, to)))


this = STEPS[step - 1]
deeper = this.deeper
c1, c2, c3 = st.columns([1.5, 1.5, 5], vertical_alignment="center")
c1.button(
    t("Previous"),
    icon=":material/arrow_back:",
    on_click=go,
    args=(step - 1,),
    disabled=step == 1,
    shortcut="Left",
    key="ls-prev",
)
c2.button(
    t("Next"),
    icon=":material/arrow_forward:",
    on_click=go,
    args=(step + 1,),
    disabled=step == n,
    shortcut="Right",
    key="ls-next",
)
c3.progress(step / n, text=t("Step {i} of {n}", i=step, n=n))

st.caption(t("Lesson: autoencoders and variational autoencoders"))
st.header(t(this.title))
text, figure = st.columns([2, 3])
with text:  # the explanation first: it stands while a figure waits for a model to be trained
    st.markdown(t(this.text, d=2))
with figure:
    number = this.render(s, ds)
with text:
    if number:
        st.success("**" + t("Measured here") + ":** " + number, icon=":material/straighten:")
    st.page_link(f"views/{deeper}.py", label=t("Go deeper: {page}", page=t(TITLES[deeper])), icon=ICONS[deeper])
st.caption(t("Keys: ← and → (or the buttons). Each step has its own address (?step=…) to bookmark or share."))
