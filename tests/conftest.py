import os
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("AEVAE_OFFLINE", "1")  # tests never download
SHARED = ROOT.parent / "shared" / "data"


@pytest.fixture
def store(tmp_path):
    from core.store import Store

    return Store(tmp_path / "ckpt")


@pytest.fixture(scope="session")
def tiny_mnist():
    from core.config import DataConfig

    return DataConfig("mnist", limit=400)


@pytest.fixture
def tmpfs(tmp_path):
    """mount(size) gives a real small file system (tmpfs) under tmp_path; skips where mounting is not allowed."""
    import subprocess

    mounted = []

    def mount(size: str):
        mnt = tmp_path / f"tmpfs-{len(mounted)}"
        mnt.mkdir()
        if subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mnt)], capture_output=True
        ).returncode:
            pytest.skip("cannot mount a tmpfs here (needs root)")
        mounted.append(mnt)
        return mnt

    yield mount
    for mnt in mounted:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A private data cache (AEVAE_CACHE) for the IDX tests, offline."""
    monkeypatch.setenv("AEVAE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("AEVAE_OFFLINE", "1")
    return tmp_path / "cache"


# --- the real-browser suites (tests/test_browser*.py): one tiny-model dashboard and one Chromium per run ---------
@pytest.fixture(scope="session")
def ckpt(tmp_path_factory):
    return tmp_path_factory.mktemp("ckpt")


@pytest.fixture(scope="session")
def server(ckpt):
    from harness.server import dashboard

    # A class's students hear of the teacher's moves only by the pushed stream here (ui.server): their bars' safety
    # poll waits ten minutes, so a class test in which a student follows shows that the push works.
    env = {"AEVAE_TINY": "1", "AEVAE_CHECKPOINTS": str(ckpt), "AEVAE_CLASS_POLL_S": "600"}
    with dashboard(env) as (url, _):
        yield url


@pytest.fixture(scope="module")  # per module: other suites start Playwright of their own (one per thread at a time)
def browser():
    from playwright.sync_api import sync_playwright

    from harness.browser import launch

    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


LOCAL = {"127.0.0.1", "localhost", "::1"}


def open_page(browser, url: str):
    """A new page whose requests to any other host are recorded and refused (an offline classroom)."""
    page = browser.new_page(viewport={"width": 1500, "height": 1000})
    page.foreign = []

    def guard(route):
        page.foreign.append(route.request.url)
        route.abort()

    page.route(lambda u: urlparse(u).scheme in ("http", "https") and urlparse(u).hostname not in LOCAL, guard)
    page.goto(url)
    return page


def wait_idle(page, timeout=240):
    """Wait until the app has stopped running and no training box is on screen."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=60_000)
    deadline = time.time() + timeout
    quiet = 0
    while time.time() < deadline:
        running = page.locator('[data-testid="stStatusWidget"]').count()
        training = page.locator(".st-key-training_box").count()  # the training box's own key, not its wording
        quiet = quiet + 1 if not running and not training else 0
        if quiet >= 4:
            return
        time.sleep(0.5)
    raise AssertionError("the app never became idle")
