"""The models in the browser, in real Chromium: what the page draws equals what the server computes.

Each check reads what the page itself drew (canvas pixels, the codes it shows) and compares it with core's
decode / encode of the same code or image, on the same stored models (the tiny-model dashboard of conftest).
"""

import json
import math
import re
from pathlib import Path

import numpy as np
import pytest
import torch
from conftest import ROOT, open_page, wait_idle
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from core import analysis, metrics, presets
from core.store import Store

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="no chromium")]
if not (ROOT / "static" / "ort" / "ort-wasm-simd-threaded.wasm").exists():
    pytestmark.append(pytest.mark.skip(reason="onnxruntime-web is not in static/ort (bash scripts/vendor_web.sh)"))
TOL = 2.5 / 255  # the canvas holds 8-bit pixels: rounding, plus float differences between the two runtimes


def pixels(page, js_canvas: str) -> np.ndarray:
    """The (H, W, 3) pixels of a canvas the component drew, in [0, 1]."""
    data = page.evaluate(
        f"""(() => {{ const c = {js_canvas}; const d = c.getContext('2d').getImageData(0, 0, c.width, c.height);
        return {{w: c.width, h: c.height, px: Array.from(d.data)}}; }})()"""
    )
    return np.array(data["px"], dtype=np.float32).reshape(data["h"], data["w"], 4)[..., :3] / 255


def ready(page, kinds: tuple[str, ...] = ("decode",)) -> None:
    test = " && ".join(f"globalThis.__aevae.timings.some(t => t.kind === {json.dumps(k)})" for k in kinds)
    wait_or_explain(page, f"globalThis.__aevae && {test}", timeout=180_000)


def wait_or_explain(page, condition: str, timeout: float = 30_000) -> None:
    """Wait for a condition in the page; if it never holds, fail with what the page had done by then (the
    component's timings and last results, the alerts on the page), so that a rare failure says why."""
    try:
        page.wait_for_function(condition, timeout=timeout)
    except PlaywrightTimeout:
        state = page.evaluate(EXPLAIN)
        raise AssertionError(f"{condition} never held; the page: {state}") from None


EXPLAIN = """JSON.stringify({
  timings: (globalThis.__aevae || {timings: []}).timings.map(
    t => [t.kind, Math.round(t.t), t.part || t.mode || t.graph || "", t.sent, t.n, t.ask]),
  last: (globalThis.__aevae || {}).last,
  alerts: Array.from(document.querySelectorAll("[data-testid=stAlert], [data-testid=stException]")).map(
    e => e.innerText.slice(0, 200)),
})"""


def trio(d: int = 2) -> dict:
    """The specs of the tiny-model dashboard's latent page (AEVAE_TINY=1, the sidebar's size d)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AEVAE_TINY", "1")
        return presets.trio(d)


def model(ckpt: Path, spec):
    return Store(ckpt).load(spec)[0]


@pytest.fixture(scope="module")
def latent(server, browser):
    """The latent page, its component loaded, with a recorder of what goes over the websocket."""
    page = browser.new_page(viewport={"width": 1500, "height": 1100})
    page.sent = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: page.sent.append(len(payload))))
    page.foreign = []
    page.route(
        re.compile(r"^https?://(?!127\.0\.0\.1|localhost)"), lambda r: (page.foreign.append(r.request.url), r.abort())
    )
    page.goto(f"{server}/latent")
    wait_idle(page)
    ready(page)
    # the classifier's graph comes after the decoders (a request of its own): here before the tests count messages
    wait_or_explain(page, "globalThis.__aevae.timings.some(t => t.kind === 'session' && t.graph.endsWith('.judge'))")
    page.locator("canvas.plane").first.scroll_into_view_if_needed()
    yield page
    page.close()


def hover(page, kind: str, fx: float, fy: float) -> None:
    plane = page.locator(f"canvas.plane[data-model={kind}]")
    box = plane.bounding_box()
    before = page.evaluate("globalThis.__aevae.timings.filter(t => t.kind === 'hover').length")
    page.mouse.move(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
    page.wait_for_function(f"globalThis.__aevae.timings.filter(t => t.kind === 'hover').length > {before}")


def test_hovering_decodes_in_the_page_what_the_server_decodes(latent, ckpt):
    specs = trio()
    sent = len(latent.sent)
    hover(latent, "ae", 0.3, 0.35)  # linked: one code, decoded by all three models
    hover(latent, "vae", 0.72, 0.6)
    assert len(latent.sent) == sent  # hovering asked the server for nothing: no websocket message at all
    last = latent.evaluate("globalThis.__aevae.last")
    for kind in ("ae", "vae", "pca"):
        z = np.array(last[kind]["z"], dtype=np.float32)[None]
        want = analysis.decode(model(ckpt, specs[kind]), z)[0, 0].numpy()
        got = pixels(latent, f"globalThis.__aevae.canvases[{json.dumps(kind)}]")
        assert got.shape == (28, 28, 3)
        assert np.abs(got[..., 0] - want).max() <= TOL, kind
    assert latent.foreign == []


def test_a_drawn_stroke_is_encoded_as_the_server_encodes_it(latent, ckpt):
    specs = trio()
    pad_state = draw_seven(latent)
    x = torch.tensor(pad_state["image"], dtype=torch.float32).view(1, 1, 28, 28)
    assert 20 <= (x > 0.5).sum() <= 300 and x[0, 0, 0].max() == 0  # a digit in MNIST's form, its border dark
    for kind in ("ae", "vae", "pca"):
        m = model(ckpt, specs[kind])
        np.testing.assert_allclose(pad_state["codes"][kind], analysis.encode(m, x)[0], rtol=1e-4, atol=1e-4)
    vae = model(ckpt, specs["vae"])
    loss = vae.loss(x, sample=False)  # the page's "reconstruction + KL" is the VAE's loss at z = mu
    assert pad_state["loss"]["recon"] == pytest.approx(loss.recon.item(), rel=1e-3)
    assert pad_state["loss"]["kl"] == pytest.approx(loss.kl.item(), rel=1e-3, abs=1e-3)
    text = latent.locator(".loss").inner_text()
    assert f"{pad_state['loss']['recon']:.1f}" in text and "nats" in text


def test_the_holes_toggle_draws_the_map(latent):
    latent.locator("canvas.plane").first.scroll_into_view_if_needed()
    plane = "globalThis.__aevae.canvases['plane-ae']"
    before = pixels(latent, plane)
    latent.locator("[data-toggle=holes]").check()
    latent.wait_for_timeout(300)
    after = pixels(latent, plane)
    changed = (np.abs(after - before).sum(2) > 0.05).mean()
    grey = ((np.abs(after[..., 0] - after[..., 1]) < 0.02) & (after[..., 0] < 0.9)).mean()  # the holes' grey
    assert changed > 0.3 and grey > 0.02, (changed, grey)
    assert latent.locator(".legend").is_visible()
    latent.locator("[data-toggle=holes]").uncheck()


def test_the_planes_and_the_replay_carry_the_class_colours_key(latent):
    from ui.figures import PALETTE

    keys = latent.locator("[data-classes]")
    assert keys.count() == 2  # the planes' and the replay's
    for i in range(2):
        entries = keys.nth(i).locator(".cls")
        assert entries.all_inner_texts() == [str(d) for d in range(10)]
        swatch = entries.nth(3).locator(".swatch").evaluate("e => getComputedStyle(e).backgroundColor")
        r, g, b = (int(PALETTE[3][k : k + 2], 16) for k in (1, 3, 5))
        assert swatch == f"rgb({r}, {g}, {b})"  # the colour the dots of class 3 are drawn in


def test_the_training_replay_plays(latent):
    play = latent.locator("[data-play]")
    play.scroll_into_view_if_needed()
    play.click()
    latent.wait_for_function("globalThis.__aevae.last.replay && globalThis.__aevae.last.replay.t >= 1", timeout=20_000)
    assert latent.locator("input[data-epoch]").input_value() != "0"


def test_the_planes_work_by_keyboard(latent, ckpt):
    """Tab to a plane, the arrows move the probe: the decoded images change as they do under the pointer, the
    caption (a live region) reads the new code, L unlinks the planes."""
    plane = latent.locator("canvas.plane[data-model=vae]")
    plane.focus()
    assert plane.evaluate("e => e.getRootNode().activeElement === e")  # focused (inside the component's shadow root)
    assert "code plane" in plane.get_attribute("aria-label")
    latent.keyboard.press("ArrowRight")
    latent.wait_for_function("globalThis.__aevae.last.vae && globalThis.__aevae.last.vae.plane[0] > 0")
    first = latent.evaluate("globalThis.__aevae.last.vae.plane")
    before = pixels(latent, "globalThis.__aevae.canvases['vae']")
    for _ in range(6):
        latent.keyboard.press("Shift+ArrowUp")
    latent.wait_for_function(f"globalThis.__aevae.last.vae.plane[1] > {first[1]} + 0.5")
    for _ in range(50):  # the six presses may still be decoding: read the image of a code that stays put
        z = latent.evaluate("globalThis.__aevae.last.vae.z")
        after = pixels(latent, "globalThis.__aevae.canvases['vae']")
        if latent.evaluate("globalThis.__aevae.last.vae.z") == z:
            break
        latent.wait_for_timeout(50)
    z = np.array(z, dtype=np.float32)[None]
    want = analysis.decode(model(ckpt, trio()["vae"]), z)[0, 0].numpy()
    assert np.abs(after[..., 0] - want).max() <= TOL  # the keys' code, decoded as the server decodes it
    assert np.abs(after - before).max() > 0  # another code, another image
    caption = latent.locator(".caption[aria-live=polite]").nth(1)
    assert "z = (" in caption.inner_text()
    latent.keyboard.press("l")
    assert not latent.locator("[data-toggle=linked]").is_checked()
    latent.keyboard.press("l")
    assert latent.locator("[data-toggle=linked]").is_checked()


def test_fast_key_presses_add_up(latent):
    """Keys pressed faster than the images decode still move the probe one step each."""
    plane = latent.locator("canvas.plane[data-model=pca]")
    plane.focus()
    for _ in range(10):  # to the top edge (clamped), whatever earlier tests left
        latent.keyboard.press("Shift+ArrowUp")
    read = "globalThis.__aevae.last.pca.plane[1]"
    latent.wait_for_timeout(500)
    top = latent.evaluate(read)
    latent.keyboard.press("ArrowDown")
    latent.wait_for_function(f"{read} < {top} - 1e-9")
    one = top - latent.evaluate(read)
    for _ in range(4):  # no wait between them
        latent.keyboard.press("ArrowDown")
    wait_or_explain(latent, f"Math.abs({read} - ({top - 5 * one})) < 1e-6", timeout=5000)


def test_the_caption_says_what_the_classifier_sees_at_the_probe(latent, ckpt):
    """The live region names the judged class of the decoded image: the page's classifier gives the server's
    probabilities for the same code's image."""
    plane = latent.locator("canvas.plane[data-model=ae]")
    plane.focus()
    latent.keyboard.press("ArrowLeft")
    wait_or_explain(latent, "globalThis.__aevae.last.ae && globalThis.__aevae.last.ae.judge !== null")
    for _ in range(50):  # a code that stays put, and its verdict
        last = latent.evaluate("globalThis.__aevae.last.ae")
        if latent.evaluate("globalThis.__aevae.last.ae.z") == last["z"]:
            break
        latent.wait_for_timeout(50)
    image = analysis.decode(model(ckpt, trio()["ae"]), np.array(last["z"], dtype=np.float32)[None])
    clf = model(ckpt, presets_classifier())
    probs = metrics.judge(clf, image)[0][0]
    np.testing.assert_allclose(last["judge"], probs, atol=1e-4)
    k = int(probs.argmax())
    caption = latent.locator("canvas.decoded[data-model=ae] + .caption").inner_text()  # the AE's own caption
    said = "sees:" if probs[k] >= metrics.CONFIDENCE else "sees no digit"
    assert said in caption
    shown = float(re.findall(r"(\d+(?:\.\d)?)\s*%", caption)[-1])  # Intl's percent, at most one decimal
    named = f"sees: {k} (" if probs[k] >= metrics.CONFIDENCE else f"at best: {k},"  # the class it names
    assert named in caption and abs(shown - 100 * probs[k]) <= 0.5  # and its probability, to the point


def presets_classifier():
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AEVAE_TINY", "1")
        return presets.classifier()


def test_the_pad_draws_a_test_digit_by_keyboard_and_clears(latent, ckpt):
    """A digit key on the focused pad draws a held-out digit of that class, the button the next class's; the
    codes are the server's of the pad's image; Delete clears it."""
    pad = latent.locator("canvas.pad")
    pad.focus()
    assert "digit key" in pad.get_attribute("aria-label")
    latent.evaluate("globalThis.__aevae.last.pad = null")
    latent.keyboard.press("3")
    wait_or_explain(latent, "globalThis.__aevae.last.pad && globalThis.__aevae.last.pad.codes.pca")
    state = latent.evaluate("globalThis.__aevae.last.pad")
    x = torch.tensor(state["image"], dtype=torch.float32).view(1, 1, 28, 28)
    specs = trio()
    for kind in ("ae", "vae", "pca"):
        np.testing.assert_allclose(
            state["codes"][kind], analysis.encode(model(ckpt, specs[kind]), x)[0], rtol=1e-4, atol=1e-4
        )
    ds = presets_data()
    three = ds.x_test[presets.one_per_class(ds)[3]]
    assert float(torch.corrcoef(torch.stack([x.flatten(), three.flatten()]))[0, 1]) > 0.6  # the test 3, refitted
    latent.keyboard.press("Delete")
    latent.wait_for_function("globalThis.__aevae.last.pad === null")
    button = latent.locator("button[data-sample]")
    button.focus()
    latent.keyboard.press("Enter")  # the next class after 3: a 4
    wait_or_explain(latent, "globalThis.__aevae.last.pad && globalThis.__aevae.last.pad.codes.pca")
    x4 = torch.tensor(latent.evaluate("globalThis.__aevae.last.pad.image")).view(-1)
    four = ds.x_test[presets.one_per_class(ds)[4]].flatten()
    assert float(torch.corrcoef(torch.stack([x4, four]))[0, 1]) > 0.6


def presets_data():
    from core import data as data_mod

    return data_mod.load(trio()["ae"].data)


def test_the_replay_moves_in_whole_epochs_for_a_reader_who_asks_for_less_motion(latent):
    latent.emulate_media(reduced_motion="reduce")
    try:
        play = latent.locator("[data-play]")
        play.scroll_into_view_if_needed()
        latent.locator("input[data-epoch]").fill("0")
        play.click()
        seen = set()
        for _ in range(60):
            t = latent.evaluate("globalThis.__aevae.last.replay && globalThis.__aevae.last.replay.t")
            seen.add(t)
            latent.wait_for_timeout(25)
        assert len(seen) > 1 and all(float(t).is_integer() for t in seen), seen  # it moved, epoch by epoch
    finally:
        latent.emulate_media(reduced_motion="no-preference")


def test_face_sliders_decode_in_the_page_what_the_server_decodes(server, browser):
    from core.faces import find_models, shipped_store

    page = open_page(browser, f"{server}/faces")
    wait_idle(page)
    ready(page, ("face",))
    slider = page.locator("input[data-dim]").first
    slider.scroll_into_view_if_needed()
    slider.evaluate("e => { e.value = '1.7'; e.dispatchEvent(new Event('input', {bubbles: true})); }")
    wait_or_explain(
        page, "globalThis.__aevae.last.face && globalThis.__aevae.last.face.z.some(v => Math.abs(v - 1.7) < 1e-6)"
    )
    page.wait_for_timeout(300)
    z = np.array(page.evaluate("globalThis.__aevae.last.face.z"), dtype=np.float32)[None]
    vae, _ = shipped_store().load_folder(find_models(shipped_store())["conv-vae"])
    want = analysis.decode(vae, z)[0].permute(1, 2, 0).numpy()
    got = pixels(page, "globalThis.__aevae.canvases.face")
    assert got.shape == want.shape and np.abs(got - want).max() <= TOL
    ms = page.evaluate("globalThis.__aevae.timings.filter(t => t.kind === 'face').map(t => t.ms)")
    assert ms and all(math.isfinite(v) for v in ms)
    assert page.foreign == []
    page.close()


def test_a_named_face_slider_moves_each_model_along_its_attribute_vector(server, browser):
    """The "smile" slider: each model's code in the page is its code of the held-out face plus the slider's value
    times its smile vector (face-attributes.json), and the page draws what the server decodes there."""
    from core import facejudge, faces

    store = faces.shipped_store()
    found = faces.find_models(store)
    if "conv-vae" not in found or faces.load_attributes(store.load_folder(found["conv-vae"])[1]["name"]) is None:
        pytest.skip("no shipped face models with named directions")
    page = open_page(browser, f"{server}/faces")
    wait_idle(page)
    ready(page, ("face",))
    slider = page.locator("input[data-attribute=smile]")
    slider.scroll_into_view_if_needed()
    slider.evaluate("e => { e.value = '1.5'; e.dispatchEvent(new Event('input', {bubbles: true})); }")
    judged = "globalThis.__aevae.last.named.judge && Object.values(globalThis.__aevae.last.named.judge)[0]"
    wait_or_explain(
        page, f"globalThis.__aevae.last.named && globalThis.__aevae.last.named.alpha[0] === 1.5 && {judged}"
    )
    page.wait_for_timeout(300)
    got = page.evaluate("globalThis.__aevae.last.named")
    x = faces.heldout_faces()[1:2]
    judge = facejudge.load()
    for kind in ("conv-vae", "conv-ae", "pca"):
        if kind not in got["z"]:
            continue
        model, meta = store.load_folder(found[kind])
        named = faces.load_attributes(meta["name"])
        want_z = analysis.encode(model, x)[0] + 1.5 * named["vectors"][named["attributes"].index("smile")]
        np.testing.assert_allclose(got["z"][kind], want_z, atol=1e-4)
        want = analysis.decode(model, want_z[None])[0].permute(1, 2, 0).numpy()
        drawn = pixels(page, f"globalThis.__aevae.canvases['named-{kind}']")
        assert np.abs(drawn - want).max() <= TOL, kind
        if judge is not None:  # the face judge in the page sees what the server's judge sees in that face
            p = judge[0].predict(analysis.decode(model, want_z[None]))[0][0].numpy()
            np.testing.assert_allclose(got["judge"][kind], p, atol=0.02)
            caption = page.locator(f"[data-judge={kind}]").inner_text()
            shown = int(re.match(r"the face judge: smile (\d+)%", caption).group(1))
            assert abs(shown - 100 * p[0]) <= 1, caption
    page.close()


def test_the_faces_show_the_server_s_first_pictures_while_the_models_are_not_in_the_page(server, browser):
    """Nothing blank: every part of the faces page shows what the server drew for its first view, even when the
    browser never gets the models (here every request for a graph is lost on the way)."""
    from core import analysis, faces
    from ui.models import js_gaussian

    page = browser.new_page(viewport={"width": 1500, "height": 1000})

    def route(ws):
        to_server = ws.connect_to_server()

        def forward(message):
            data = message if isinstance(message, bytes) else message.encode()
            if b"decoder" not in data:  # the graphs' names: never asked for
                to_server.send(message)

        ws.on_message(forward)

    page.route_web_socket(re.compile(r".*/_stcore/stream"), route)
    page.goto(f"{server}/faces")
    posters = "globalThis.__aevae && globalThis.__aevae.timings.filter(t => t.kind === 'poster').length >= 12"
    wait_or_explain(page, posters)
    assert not page.evaluate("globalThis.__aevae.timings.some(t => t.kind === 'faces' || t.kind === 'face')")
    store = faces.shipped_store()
    vae = store.load_folder(faces.find_models(store)["conv-vae"])[0]
    want = analysis.montage(analysis.decode(vae, js_gaussian(24 * 128, 1).reshape(24, 128)), 6, padding=0) / 255
    data = page.locator("canvas[data-grid=conv-vae]").evaluate(
        "c => ({w: c.width, h: c.height, "
        "px: Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data)})"
    )
    drawn = np.array(data["px"], dtype=np.float32).reshape(data["h"], data["w"], 4)[..., :3] / 255
    assert drawn.shape == want.shape and np.abs(drawn - want).max() <= 1 / 255 + 1e-6
    page.close()


def test_a_request_for_graphs_that_never_arrives_is_asked_again(server, browser):
    """Streamlit can drop one of several fragment reruns asked for at once (the faces page's three components all
    ask for graphs on a first visit): a component asks again until its graphs come. Here the first request that
    names the PCA decoder (the interpolation's or the named directions' component) never reaches the server. The
    graphs' files (ui.server) are out of reach here, as on a replica without them: the page asks for them instead."""
    page = browser.new_page(viewport={"width": 1500, "height": 1000})
    page.route(re.compile(r".*/aevae/graph/.*"), lambda r: r.fulfill(status=404, body="unknown graph"))
    dropped = []

    def route(ws):
        to_server = ws.connect_to_server()

        def forward(message):
            data = message if isinstance(message, bytes) else message.encode()
            if not dropped and b"pca-" in data and b"decoder" in data:
                dropped.append(len(data))  # lost on the way, as a dropped rerun is
                return
            to_server.send(message)

        ws.on_message(forward)

    page.route_web_socket(re.compile(r".*/_stcore/stream"), route)
    page.goto(f"{server}/faces")
    # every part that asked says last that it needs nothing more (that ask leaves a moment after its graphs came;
    # a part whose graphs another part of the page asked for waits for that copy and asks nothing)
    settled = """(() => {
      const t = globalThis.__aevae && globalThis.__aevae.timings;
      if (!t || !t.some(x => x.kind === 'face' && x.part === 'morph')) return false;
      const last = {};
      for (const x of t) if (x.kind === 'need') last[x.part] = x;
      return Object.keys(last).length >= 1 && Object.values(last).every(x => x.n === 0);
    })()"""
    wait_or_explain(page, settled, timeout=180_000)
    assert dropped
    asks = page.evaluate("globalThis.__aevae.timings.filter(t => t.kind === 'need' && t.n > 0)")
    pca = [a for a in asks if a["part"] in ("interp", "named")]
    assert max(a["ask"] for a in pca) >= 1  # the lost request was asked again
    page.close()


def test_without_webassembly_the_dense_models_still_run_in_the_page(server, browser):
    """The latent page's models run in the page's own engine (plain JavaScript): no WebAssembly, and no request
    for the 14 MB runtime."""
    page = browser.new_page(viewport={"width": 1500, "height": 1000})
    page.add_init_script("delete globalThis.WebAssembly")
    runtime = []
    page.on("request", lambda r: runtime.append(r.url) if "/app/static/ort/" in r.url else None)
    page.goto(f"{server}/latent")
    wait_idle(page)
    ready(page, ("hover",))
    hover(page, "ae", 0.4, 0.6)
    page.wait_for_function("globalThis.__aevae.timings.some(t => t.kind === 'decode')", timeout=30_000)
    assert page.locator("canvas.plane:not(.replay)").count() == 3 and runtime == []
    fetched = page.evaluate("globalThis.__aevae.timings.filter(t => t.kind === 'fetch').map(t => t.graph)")
    assert sum(".decoder" in g for g in fetched) == 3  # the decoders came as files (ui.server), not in the page
    assert page.locator('[data-testid="stException"]').count() == 0
    page.close()


def test_a_browser_that_cannot_run_the_models_gets_the_servers_planes(server, browser):
    page = browser.new_page(viewport={"width": 1500, "height": 1000})
    page.add_init_script("delete globalThis.DecompressionStream")  # no way to unpack the graphs
    page.goto(f"{server}/latent")
    wait_idle(page)
    page.get_by_text("could not run the models").first.wait_for(timeout=60_000)
    wait_idle(page)
    page.locator(".js-plotly-plot").nth(2).wait_for(timeout=60_000)  # today's server-side planes, clickable
    assert page.locator("canvas.plane:not(.replay)").count() == 0
    assert page.locator('[data-testid="stException"]').count() == 0
    page.close()


def draw_seven(page) -> dict:
    """Draw a "7" on the pad; the pad's state once its codes are shown."""
    pad = page.locator("canvas[data-pad]")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    path = [(0.3, 0.2), (0.7, 0.2), (0.45, 0.85)]
    at = lambda fx, fy: (box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
    since = page.evaluate("globalThis.__aevae.timings.filter(t => t.kind === 'stroke').length")
    page.mouse.move(*at(*path[0]))
    page.mouse.down()
    for (ax, ay), (bx, by) in zip(path, path[1:]):
        for k in range(1, 9):
            page.mouse.move(*at(ax + (bx - ax) * k / 8, ay + (by - ay) * k / 8))
    page.mouse.up()
    page.wait_for_function(f"globalThis.__aevae.timings.filter(t => t.kind === 'stroke').length > {since}")
    page.wait_for_timeout(300)
    return page.evaluate("globalThis.__aevae.last.pad")


def test_above_two_dimensions_the_planes_map_through_the_projection(server, browser, ckpt):
    """At latent size 5 a plane shows the codes' first two principal axes: a hovered point is decoded through
    the projection's plane (as the server's click is), and a drawn digit's code is projected onto it."""
    page = browser.new_page(viewport={"width": 1500, "height": 1100})
    page.goto(f"{server}/latent?latent=5")
    wait_idle(page)
    ready(page, ("hover",))
    page.locator("canvas.plane").first.scroll_into_view_if_needed()
    hover(page, "vae", 0.7, 0.3)
    last = page.evaluate("globalThis.__aevae.last")
    specs = trio(5)
    from core.data import load

    x = load(specs["vae"].data).x_test
    for kind in ("ae", "vae", "pca"):
        m = model(ckpt, specs[kind])
        _, proj = analysis.to_2d(analysis.encode(m, x[: min(3000, len(x))]))
        z = np.array(last[kind]["z"], dtype=np.float32)
        assert z.shape == (5,)
        np.testing.assert_allclose(z, analysis.from_2d(last[kind]["plane"], proj)[0], rtol=1e-4, atol=1e-4)
        want = analysis.decode(m, z[None])[0, 0].numpy()
        got = pixels(page, f"globalThis.__aevae.canvases[{json.dumps(kind)}]")
        assert np.abs(got[..., 0] - want).max() <= TOL, kind
    pad = draw_seven(page)
    image = torch.tensor(pad["image"], dtype=torch.float32).view(1, 1, 28, 28)
    for kind in ("ae", "vae", "pca"):
        m = model(ckpt, specs[kind])
        _, proj = analysis.to_2d(analysis.encode(m, x[: min(3000, len(x))]))
        code = analysis.encode(m, image)
        np.testing.assert_allclose(pad["codes"][kind], code[0], rtol=1e-4, atol=1e-4)
        np.testing.assert_allclose(pad["plane"][kind], proj.transform(code)[0], rtol=1e-3, atol=1e-3)
    page.close()


def test_a_drawing_on_the_unfamiliar_page_is_scored_as_the_server_scores_it(server, browser, ckpt):
    """The pad's scores (AE and PCA reconstruction error, the VAE's loss at z = μ) equal core.novelty's for the
    same image, and its rank among the held-out digits is the share of their scores below it."""
    from core import novelty

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server}/unfamiliar")
    wait_idle(page)
    pad = page.locator("canvas.pad")
    pad.scroll_into_view_if_needed()
    ready(page, ("session",))
    pad.focus()
    page.keyboard.press("7")
    wait_or_explain(page, "globalThis.__aevae.last.novelty && globalThis.__aevae.last.novelty.scores.vae !== undefined")
    got = page.evaluate("globalThis.__aevae.last.novelty")
    x = torch.tensor(got["image"], dtype=torch.float32).view(1, 1, 28, 28)
    specs = trio()
    want = {
        "ae": novelty.reconstruction_error(model(ckpt, specs["ae"]), x)[0],
        "pca": novelty.reconstruction_error(model(ckpt, specs["pca"]), x)[0],
        "vae": novelty.loss_at_mean(model(ckpt, specs["vae"]), x)[0],
    }
    for kind, value in want.items():
        assert got["scores"][kind] == pytest.approx(float(value), rel=1e-3, abs=1e-5), kind
        assert 0 <= got["ranks"][kind] <= 1
    text = page.locator(".score").first.inner_text()
    assert "held-out digits" in text and "%" in text
    page.close()
