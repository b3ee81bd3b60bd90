"""The warm-up gives way to visitors (ui.warmup.visiting / pause)."""

import threading
import time

from ui import warmup


def test_the_warm_up_waits_while_a_page_runs_and_not_for_ever():
    assert warmup.pause(0.01)  # nobody visits: no wait
    entered, leave = threading.Event(), threading.Event()

    def visit():
        with warmup.visiting():
            entered.set()
            leave.wait(5)

    threading.Thread(target=visit, daemon=True).start()
    entered.wait(5)
    t0 = time.monotonic()
    assert not warmup.pause(0.2)  # a page runs: the warm-up waits, at most its bound
    assert 0.15 < time.monotonic() - t0 < 2
    threading.Timer(0.2, leave.set).start()
    t0 = time.monotonic()
    assert warmup.pause(5)  # and goes on as soon as the page's script is done
    assert time.monotonic() - t0 < 2
