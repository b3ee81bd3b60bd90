"""The lab's pages in navigation order, with their icons (Material Symbols, bundled with Streamlit: no web font)."""

PAGES = [
    ("overview", ":material/home:"),
    ("lesson", ":material/school:"),
    ("reconstruction", ":material/compress:"),
    ("latent", ":material/scatter_plot:"),
    ("denoising", ":material/auto_fix_high:"),
    ("generation", ":material/auto_awesome:"),
    ("faces", ":material/face:"),
    ("scoreboard", ":material/leaderboard:"),
    ("models", ":material/inventory_2:"),
]
ICONS = dict(PAGES)
NAMES = [name for name, _ in PAGES]  # what the page tests and benches loop over
