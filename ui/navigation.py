"""The lab's pages in navigation order, with their icons (Material Symbols, bundled with Streamlit: no web font),
titles and one-line summaries (messages, translated where shown)."""

from core.i18n import N_

PAGES = [
    ("overview", ":material/home:"),
    ("lesson", ":material/school:"),
    ("classroom", ":material/groups:"),
    ("reconstruction", ":material/compress:"),
    ("latent", ":material/scatter_plot:"),
    ("denoising", ":material/auto_fix_high:"),
    ("generation", ":material/auto_awesome:"),
    ("faces", ":material/face:"),
    ("unfamiliar", ":material/policy:"),
    ("scoreboard", ":material/leaderboard:"),
    ("models", ":material/inventory_2:"),
]
ICONS = dict(PAGES)
NAMES = [name for name, _ in PAGES]  # what the page tests and benches loop over

TITLES = {  # the sidebar's and the lesson's names of the pages
    "overview": N_("Overview"),
    "lesson": N_("Lesson"),
    "classroom": N_("Class"),
    "reconstruction": N_("Reconstruction & reduction"),
    "latent": N_("Latent space"),
    "denoising": N_("Denoising"),
    "generation": N_("Generation"),
    "faces": N_("Faces"),
    "unfamiliar": N_("Unfamiliar inputs"),
    "scoreboard": N_("Scoreboard"),
    "models": N_("Models"),
}
SUMMARIES = {  # the overview's page map (every page but itself)
    "lesson": N_("the talk in eleven steps and two beyond it, each with a live figure and a measured number"),
    "classroom": N_(
        "a class led from the projector: a join code and QR code, students' pages follow the teacher's, their "
        "drawings on the class wall, predict-then-reveal votes"
    ),
    "reconstruction": N_("originals vs PCA, AE and VAE; error against latent size"),
    "latent": N_("the code spaces side by side; point anywhere to decode, draw a digit"),
    "denoising": N_("noisy digits cleaned by a denoising AE, with PSNR and SSIM"),
    "generation": N_("the same random codes through the AE and the VAE"),
    "faces": N_("a convolutional VAE that generates faces"),
    "unfamiliar": N_(
        "letters, faces and blank pages shown to digit models: which score notices, and where likelihood fails"
    ),
    "scoreboard": N_("every claim measured: one table, a winner per row"),
    "models": N_("every stored model: curves, metrics, retrain, delete"),
}
