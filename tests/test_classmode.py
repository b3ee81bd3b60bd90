"""Class mode's registry (core.classmode): codes, joining, following, the wall, votes, and its bounds."""

import time

import pytest

from core import classmode as cm
from core.classmode import ClassError, Classes

PIX = bytes(range(256)) * 3 + bytes(16)  # 784 bytes


def reason(fn, *args):
    with pytest.raises(ClassError) as e:
        fn(*args)
    return e.value.reason


def test_a_code_is_short_unambiguous_and_read_back_however_it_is_typed():
    hub = Classes()
    code = hub.start("teacher")
    assert len(code) == cm.CODE_LEN and not set(code) & set("01OI")
    assert hub.start("teacher") == code  # a teacher's reload finds the class again
    typed = f" {code[:2].lower()}-{code[2:]} "
    assert hub.join(typed, "s1", "Ala")["code"] == code
    for bad in (None, 12345, "", "x" * 500, code[:-1], code + "A", "OOOOO"):
        assert cm.normal_code(bad) is None or cm.normal_code(bad) != code
    assert reason(hub.join, "ZZZZZ" if code != "ZZZZZ" else "YYYYY", "s2") == "unknown"


def test_nicknames_are_plain_capped_text():
    assert cm.clean_nick("  **Ala**\n<b>ma</b>\u202ekota\x00 ") == "**Ala** <b>ma</b> kota"
    assert len(cm.clean_nick("Zażółć gęślą jaźń " * 10)) == cm.MAX_NICK
    assert cm.clean_nick(None) == cm.clean_nick(["x"]) == cm.clean_nick("\n\t ") == ""
    hub = Classes()
    code = hub.start("t")
    hub.join(code, "s", "[x](javascript:y)")
    assert hub.wall(code, "t")["students"] == ["[x](javascript:y)"]  # kept as text: shown as text


def test_students_follow_what_the_teacher_shows_and_a_reload_stays_in_the_class():
    hub = Classes()
    code = hub.start("t")
    hub.join(code, "s", "Ola")
    assert hub.follow("s")["version"] == 0
    v = hub.lead(code, "t", {"page": "lesson", "step": 5, "latent_dim": 5})
    assert v == 1 and hub.lead(code, "t", {"page": "lesson", "step": 5, "latent_dim": 5}) == 1  # unchanged
    seen = hub.follow("s")
    assert seen["version"] == 1 and seen["view"]["step"] == 5
    assert hub.where_is("s") == {"code": code, "teacher": False, "nick": "Ola"}  # found again by the browser's id
    assert hub.join(code, "s")["nick"] == "Ola"  # joining again keeps the nickname
    assert reason(hub.lead, code, "s", {"page": "models"}) == "not_teacher"
    assert hub.follow("nobody") is None


def test_the_wall_keeps_each_students_newest_drawings_and_the_teacher_can_hide_freeze_and_clear():
    hub = Classes()
    code = hub.start("t")
    hub.join(code, "a", "A")
    hub.join(code, "b")
    ids = [hub.draw("a", PIX) for _ in range(cm.DRAWINGS_KEPT + 2)]
    hub.draw("b", PIX)
    wall = hub.wall(code, "t")
    assert [d["id"] for d in wall["drawings"] if d["nick"] == "A"] == ids[-cm.DRAWINGS_KEPT :]
    assert wall["students"] == ["A", ""]
    hub.hide(code, "t", ids[-1])
    assert ids[-1] not in [d["id"] for d in hub.wall(code, "t")["drawings"]]
    hub.freeze(code, "t", True)
    assert reason(hub.draw, "b", PIX) == "frozen"
    hub.freeze(code, "t", False)
    hub.clear(code, "t")
    assert hub.wall(code, "t")["drawings"] == []
    assert reason(hub.draw, "b", b"x" * 10) == "bad"
    assert reason(hub.draw, "stranger", PIX) == "unknown"
    assert reason(hub.hide, code, "a", 1) == "not_teacher"


def test_votes_add_up_one_per_student_and_only_while_open():
    hub = Classes()
    code = hub.start("t")
    for s in "abcde":
        hub.join(code, s)
    qid = hub.ask(code, "t", "random-code", 3)
    for s, o in zip("abcde", (0, 1, 1, 2, 1), strict=True):
        hub.vote(s, qid, o)
    hub.vote("a", qid, 1)  # a changed mind counts once
    assert hub.wall(code, "t")["votes"] == [0, 4, 1]
    assert hub.follow("b")["question"]["mine"] == 1
    assert reason(hub.vote, "a", qid, 3) == "bad"
    assert reason(hub.vote, "a", qid + 1, 0) == "closed"
    hub.reveal(code, "t")
    assert reason(hub.vote, "a", qid, 0) == "closed"
    assert hub.wall(code, "t")["question"]["revealed"]
    assert hub.ask(code, "t", "pca-or-ae", 2) == qid + 1 and hub.wall(code, "t")["votes"] == [0, 0]
    assert reason(hub.ask, code, "t", "x", 99) == "bad"


def test_a_hostile_student_is_bounded_and_changes_nothing_for_the_others():
    hub = Classes(max_students=3)
    code = hub.start("t")
    hub.join(code, "bad")
    qid = hub.ask(code, "t", "q", 2)
    results = []
    for _ in range(1000):
        try:
            hub.vote("bad", qid, 0)
            results.append("ok")
        except ClassError as e:
            results.append(e.reason)
    assert results.count("ok") == cm.VOTES_PER_MINUTE and set(results[cm.VOTES_PER_MINUTE :]) == {"rate"}
    assert hub.wall(code, "t")["votes"] == [1, 0]  # a thousand votes are one vote
    drawn = 0
    for _ in range(100):
        try:
            hub.draw("bad", PIX)
            drawn += 1
        except ClassError as e:
            assert e.reason == "rate"
    assert drawn == cm.DRAWINGS_PER_MINUTE and len(hub.wall(code, "t")["drawings"]) == cm.DRAWINGS_KEPT
    hub.join(code, "ok1")
    hub.vote("ok1", qid, 1)  # another student still votes and draws
    hub.draw("ok1", PIX)
    assert hub.wall(code, "t")["votes"] == [1, 1]
    hub.join(code, "ok2")
    assert reason(hub.join, code, "late") == "class_full"  # a class holds at most max_students
    fails = [reason(hub.join, "QQQQQ" if code != "QQQQQ" else "RRRRR", f"g{i}") for i in range(70)]
    assert fails.count("unknown") == cm.JOIN_FAILS_PER_MINUTE and set(fails[cm.JOIN_FAILS_PER_MINUTE :]) == {"busy"}


def test_classes_are_bounded_and_end_when_their_teacher_is_gone():
    hub = Classes(max_classes=2, idle_s=0.2)
    a, b = hub.start("t1"), hub.start("t2")
    assert reason(hub.start, "t3") == "full"
    hub.join(a, "s")
    hub.end(a, "t1")
    assert hub.where_is("s") is None and hub.count() == 1
    hub.start("t3")
    time.sleep(0.3)
    assert hub.count() == 0 and hub.follow("s") is None
    assert reason(hub.join, b, "s") == "unknown"


def test_a_teacher_who_leaves_ends_the_class_and_a_student_who_leaves_takes_their_drawings():
    hub = Classes()
    code = hub.start("t")
    hub.join(code, "s")
    hub.draw("s", PIX)
    hub.leave("s")
    assert hub.wall(code, "t")["drawings"] == [] and hub.wall(code, "t")["students"] == []
    hub.join(code, "s")
    hub.leave("t")
    assert hub.where_is("s") is None


def test_one_door_names_only_public_methods_and_returns_reasons():
    hub = Classes()
    code = hub.do("start", "t")["ok"]
    assert hub.do("join", code, "s", "Ala")["ok"]["nick"] == "Ala"
    assert hub.do("vote", "s", 1, 0) == {"error": "closed"}
    assert hub.do("_drop", code) == {"error": "bad"} and hub.do("lock") == {"error": "bad"}
    assert hub.do("join") == {"error": "bad"}  # missing arguments: refused, not raised
    assert hub.count() == 1


def test_a_students_choice_to_explore_is_kept_across_reloads():
    hub = Classes()
    code = hub.start("t")
    hub.join(code, "s")
    assert hub.follow("s")["following"]
    hub.set_following("s", False)
    assert not hub.follow("s")["following"]  # a new page load asks again: still exploring
    hub.join(code, "s")
    assert not hub.follow("s")["following"]
    assert reason(hub.set_following, "stranger", True) == "unknown"


def test_the_class_random_codes_are_checked_bounded_and_counted():
    hub = Classes()
    code = hub.start("t")
    hub.join(code, "s")
    ids = [hub.sample("s", [0.1, -1.2, 0.3, 2.0, -0.5]) for _ in range(cm.SAMPLES_KEPT + 1)]
    got = hub.wall(code, "t")["samples"]
    assert [d["id"] for d in got] == ids[-cm.SAMPLES_KEPT :] and got[0]["z"] == (0.1, -1.2, 0.3, 2.0, -0.5)
    for bad in ([], [float("nan")], [1e9], ["1"], [0.0] * (cm.MAX_DIM + 1), "0.5", None):
        assert reason(hub.sample, "s", bad) == "bad"
    results = []
    for _ in range(20):
        try:
            hub.sample("s", [0.0] * 5)
            results.append("ok")
        except ClassError as e:
            results.append(e.reason)
    assert results.count("ok") == cm.SAMPLES_PER_MINUTE - cm.SAMPLES_KEPT - 1 and results[-1] == "rate"
    hub.clear(code, "t")
    assert hub.wall(code, "t")["samples"] == []


def test_real_or_generated_adds_up_the_class_and_refuses_what_cannot_be():
    hub = Classes()
    code = hub.start("t")
    hub.join(code, "a")
    hub.join(code, "b")
    hub.play("a", {"real": [2, 2], "vae": [1, 2], "ae": [0, 2]})
    hub.play("b", {"real": [1, 2], "vae": [2, 2], "pca": [1, 2]})
    wall = hub.wall(code, "t")
    assert wall["game"] == {"real": [3, 4], "ae": [0, 2], "vae": [3, 4], "pca": [1, 2]} and wall["players"] == 2
    for bad in ({}, {"gan": [1, 1]}, {"real": [3, 2]}, {"real": [-1, 2]}, {"real": [1, 99]}, {"real": "x"}, []):
        assert reason(hub.play, "a", bad) == "bad"
    plays = 0
    for _ in range(10):
        try:
            hub.play("a", {"real": [1, 1]})
            plays += 1
        except ClassError as e:
            assert e.reason == "rate"
    assert plays == cm.ROUNDS_PER_MINUTE - 1


def test_the_pulse_changes_with_everything_the_projector_shows_and_only_then():
    hub = Classes()
    code = hub.start("t")
    seen = [hub.pulse(code, "t")]
    assert hub.pulse(code, "t") == seen[-1]  # nothing happened: the same
    qid = hub.ask(code, "t", "q", 2)
    for step in (
        lambda: hub.join(code, "s"),
        lambda: hub.draw("s", PIX),
        lambda: hub.hide(code, "t", hub.wall(code, "t")["drawings"][0]["id"]),
        lambda: hub.sample("s", [0.0, 1.0]),
        lambda: hub.vote("s", qid, 0),
        lambda: hub.vote("s", qid, 1),  # a changed mind
        lambda: hub.play("s", {"real": [1, 1]}),
        lambda: hub.freeze(code, "t", True),
        lambda: hub.reveal(code, "t"),
    ):
        step()
        assert hub.pulse(code, "t") not in seen
        seen.append(hub.pulse(code, "t"))
    assert reason(hub.pulse, code, "s") == "not_teacher"


def test_what_a_hostile_student_leaves_behind_goes_and_junk_codes_cost_nobody_else():
    hub = Classes()
    code = hub.start("t")
    for i in range(50):  # join, vote, leave, with a new identity each time
        hub.join(code, f"ghost-{i}")
        hub.draw(f"ghost-{i}", PIX)
        hub.leave(f"ghost-{i}")
    assert hub.classes[code].rates == {} and hub.wall(code, "t")["drawings"] == []
    for _ in range(200):
        assert reason(hub.join, "!!", "junk") == "unknown"  # not a code: not counted
    assert reason(hub.join, "QQQQQ" if code != "QQQQQ" else "RRRRR", "typo") == "unknown"  # a real typo: still told
    assert hub.do("sample", "s", [10**400]) == {"error": "bad"}


def test_an_empty_class_ends_and_starts_are_bounded(monkeypatch):
    hub = Classes()
    code = hub.start("t")
    monkeypatch.setattr(cm, "EMPTY_S", 0)
    time.sleep(0.01)
    assert hub.count() == 0 and hub.where_is("t") is None  # nobody joined: it ended
    monkeypatch.setattr(cm, "EMPTY_S", 900)
    started = [hub.do("start", f"t{i}") for i in range(cm.STARTS_PER_MINUTE + 2)]
    busy = [x.get("error") for x in started].count("busy")
    assert busy == len(started) - (cm.STARTS_PER_MINUTE - 1) and code  # one was already started this minute
