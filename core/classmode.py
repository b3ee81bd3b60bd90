"""Class mode: a teacher's class that students join with a short code, follow, draw for and vote in.

One `Classes` object holds every class of a server (or, in cluster mode, of every replica: the same object lives
in one named Ray actor, see core.cluster.classes). It knows nothing of Streamlit: the UI asks it, about twice a
second per student, what the teacher shows and what the class has sent. Everything is bounded: classes per
server, students per class, drawings and votes per student per minute, drawings kept per student, and a class
ends after IDLE_S without its teacher. Who is who is the browser's id (ui.resources.session_id: the same for all
tabs of one browser, so a reload keeps a student in the class and twenty tabs are one student). Nothing here is
written to disk; a nickname is kept as plain text, cleaned and capped (shown as text, never as markdown).
"""

from __future__ import annotations

import hmac
import math
import secrets
import threading
import time
import unicodedata
from collections import deque
from dataclasses import dataclass, field

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, no 1/I: a code read off a projector
CODE_LEN = 5
MAX_CLASSES = 20  # per server (or cluster)
MAX_STUDENTS = 60  # per class
MAX_NICK = 24  # characters
DRAWINGS_PER_MINUTE = 6  # per student
VOTES_PER_MINUTE = 10  # per student (changing one's answer is a vote too)
DRAWINGS_KEPT = 3  # per student: the newest
SAMPLES_PER_MINUTE = 10  # random codes a student may draw a minute
SAMPLES_KEPT = 3  # per student: the newest
MAX_DIM = 64  # numbers in a random code
GAME_SOURCES = ("real", "ae", "vae", "pca")  # real or generated: where the pictures of a round come from
ROUNDS_PER_MINUTE = 4  # real-or-generated rounds a student may hand in a minute
MAX_SHOWN = 20  # pictures of one source in one round
SIDE = 28  # a drawing: SIDE x SIDE grey levels, 0..255 (the MNIST form the pad sends)
MAX_OPTIONS = 6
IDLE_S = 2 * 3600  # a class whose teacher has not been seen for this long ends
EMPTY_S = 15 * 60  # a class nobody has joined ends after this long
STARTS_PER_MINUTE = 10  # classes started on the whole server
JOIN_FAILS_PER_MINUTE = 60  # wrong codes tried, for the whole server


PUBLIC = frozenset(
    (
        "start", "end", "lead", "freeze", "clear", "hide", "ask", "reveal", "close",
        "join", "leave", "set_following", "draw", "sample", "play", "vote",
        "where_is", "follow", "beat", "pulse", "wall", "count",
    )
)  # fmt: skip


class ClassError(ValueError):
    """A request the class cannot take; `reason` is one of REASONS (the UI words it)."""

    REASONS = ("full", "unknown", "class_full", "rate", "frozen", "closed", "bad", "not_teacher", "busy", "unavailable")

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def clean_nick(raw: object) -> str:
    """A nickname as plain text: letters, digits, punctuation and spaces only (no control or format characters,
    no line breaks), spaces collapsed, at most MAX_NICK characters. Empty when nothing is left."""
    if not isinstance(raw, str):
        return ""
    kept = "".join(
        c if unicodedata.category(c)[0] in "LNPS" else " " for c in unicodedata.normalize("NFC", raw[: MAX_NICK * 4])
    )
    return " ".join(kept.split())[:MAX_NICK].strip()


def normal_code(raw: object) -> str | None:
    """A typed or linked join code, upper-cased with spaces and dashes dropped; None when it cannot be one."""
    if not isinstance(raw, str) or len(raw) > 20:
        return None
    code = "".join(c for c in raw.upper() if c not in " -")
    return code if len(code) == CODE_LEN and all(c in ALPHABET for c in code) else None


@dataclass
class _Class:
    code: str
    teacher: str
    created: float
    seen: float
    view: dict = field(default_factory=dict)
    version: int = 0
    members: dict[str, dict] = field(default_factory=dict)  # student -> {"nick", "joined"}
    drawings: list[dict] = field(default_factory=list)  # {"id", "student", "pixels": bytes, "t"}
    samples: list[dict] = field(default_factory=list)  # {"id", "student", "z": tuple of floats, "t"}
    next_id: int = 1
    hidden: set[int] = field(default_factory=set)
    frozen: bool = False
    question: dict | None = None  # {"id", "key", "options", "open", "revealed"}
    votes: dict[str, int] = field(default_factory=dict)
    game: dict[str, dict[str, list[int]]] = field(default_factory=dict)  # student -> source -> [said real, shown]
    rates: dict[tuple[str, str], deque] = field(default_factory=dict)  # (student, kind) -> recent times


class Classes:
    """Every class of one server (or cluster). Thread-safe; every method returns plain data (dicts, lists,
    bytes), so the same object can sit behind a Ray actor."""

    def __init__(self, max_classes: int = MAX_CLASSES, max_students: int = MAX_STUDENTS, idle_s: float = IDLE_S):
        self.lock = threading.Lock()
        self.classes: dict[str, _Class] = {}
        self.where: dict[str, str] = {}  # student or teacher -> class code
        self.max_classes, self.max_students, self.idle_s = max_classes, max_students, idle_s
        self.join_fails: deque = deque()
        self.starts: deque = deque()

    # -- bookkeeping --------------------------------------------------------------------------------------------
    def _expire(self, now: float) -> None:
        for code, c in list(self.classes.items()):
            if now - c.seen > self.idle_s or (not c.members and now - c.created > EMPTY_S):
                self._drop(code)

    def _drop(self, code: str) -> None:
        c = self.classes.pop(code, None)
        if c is not None:
            for who in (c.teacher, *c.members):
                if self.where.get(who) == code:
                    del self.where[who]

    def _get(self, code: str) -> _Class:
        c = self.classes.get(code)
        if c is None:
            raise ClassError("unknown")
        return c

    def _member(self, student: str) -> _Class:
        """The class `student` is in, as one of its students (not its teacher)."""
        c = self._get(self.where.get(student, ""))
        if student not in c.members:
            raise ClassError("unknown")
        return c

    def _post(self, c: _Class, items: list, kept: int, entry: dict) -> int:
        """Add a student's entry to a list of the class (drawings, samples), keeping their newest `kept`; its id."""
        mine = [d for d in items if d["student"] == entry["student"]]
        for old in mine[: max(0, len(mine) - kept + 1)]:
            items.remove(old)
        entry["id"], c.next_id = c.next_id, c.next_id + 1
        items.append(entry)
        return entry["id"]

    def _teacher(self, code: str, who: str) -> _Class:
        c = self._get(code)
        if not hmac.compare_digest(c.teacher.encode(), who.encode()):
            raise ClassError("not_teacher")
        c.seen = time.time()
        return c

    @staticmethod
    def _rate(c: _Class, who: str, kind: str, per_minute: int, now: float) -> None:
        times = c.rates.setdefault((who, kind), deque())
        while times and now - times[0] > 60:
            times.popleft()
        if len(times) >= per_minute:
            raise ClassError("rate")
        times.append(now)

    # -- the teacher --------------------------------------------------------------------------------------------
    def start(self, teacher: str) -> str:
        """A new class led by `teacher` (a browser's id); its join code. A teacher who already leads one gets it
        again."""
        now = time.time()
        with self.lock:
            self._expire(now)
            code = self.where.get(teacher)
            if code in self.classes and self.classes[code].teacher == teacher:
                return code
            if len(self.classes) >= self.max_classes:
                raise ClassError("full")
            while self.starts and now - self.starts[0] > 60:
                self.starts.popleft()
            if len(self.starts) >= STARTS_PER_MINUTE:
                raise ClassError("busy")
            self.starts.append(now)
            self.leave_unlocked(teacher)
            while (code := "".join(secrets.choice(ALPHABET) for _ in range(CODE_LEN))) in self.classes:
                pass
            self.classes[code] = _Class(code, teacher, now, now)
            self.where[teacher] = code
            return code

    def end(self, code: str, teacher: str) -> None:
        with self.lock:
            self._teacher(code, teacher)
            self._drop(code)

    def lead(self, code: str, teacher: str, view: dict) -> int:
        """What the teacher shows now (page, lesson step, settings: plain values the UI checks); the followers'
        version number, raised when it changed."""
        with self.lock:
            c = self._teacher(code, teacher)
            if view != c.view:
                c.view, c.version = dict(view), c.version + 1
            return c.version

    def freeze(self, code: str, teacher: str, frozen: bool) -> None:
        with self.lock:
            self._teacher(code, teacher).frozen = bool(frozen)

    def clear(self, code: str, teacher: str) -> None:
        with self.lock:
            c = self._teacher(code, teacher)
            c.drawings.clear()
            c.samples.clear()
            c.game.clear()
            c.hidden.clear()

    def hide(self, code: str, teacher: str, drawing: int) -> None:
        with self.lock:
            c = self._teacher(code, teacher)
            if any(d["id"] == drawing for d in c.drawings):
                c.hidden.add(int(drawing))

    def ask(self, code: str, teacher: str, key: str, options: int) -> int:
        """Open a question (`key`: which one, for the UI; `options`: how many answers); the last votes go. Its id."""
        if not isinstance(key, str) or not 0 < len(key) <= 40 or not 2 <= options <= MAX_OPTIONS:
            raise ClassError("bad")
        with self.lock:
            c = self._teacher(code, teacher)
            qid = (c.question or {}).get("id", 0) + 1
            c.question = {"id": qid, "key": key, "options": int(options), "open": True, "revealed": False}
            c.votes.clear()
            return qid

    def reveal(self, code: str, teacher: str) -> None:
        """Close the vote and show the measured answer beside the class's."""
        with self.lock:
            c = self._teacher(code, teacher)
            if c.question is not None:
                c.question.update(open=False, revealed=True)

    def close(self, code: str, teacher: str) -> None:
        with self.lock:
            self._teacher(code, teacher).question = None

    # -- the students -------------------------------------------------------------------------------------------
    def join(self, code: object, student: str, nick: object = "") -> dict:
        """Join a class by its code (typed or from a link), as `student`, with an optional nickname. Joining
        again (a reload, another tab) keeps the place and may change the nickname."""
        now = time.time()
        with self.lock:
            self._expire(now)
            norm = normal_code(code)
            if norm is None:  # not even a code: refused, not counted against the server's guesses
                raise ClassError("unknown")
            if norm not in self.classes:
                while self.join_fails and now - self.join_fails[0] > 60:
                    self.join_fails.popleft()
                if len(self.join_fails) >= JOIN_FAILS_PER_MINUTE:
                    raise ClassError("busy")
                self.join_fails.append(now)
                raise ClassError("unknown")
            c = self.classes[norm]
            if student == c.teacher:
                return {"code": norm, "nick": "", "teacher": True}
            if student not in c.members and len(c.members) >= self.max_students:
                raise ClassError("class_full")
            if self.where.get(student) not in (None, norm):
                self.leave_unlocked(student)
            entry = c.members.setdefault(student, {"nick": "", "joined": now})
            entry["nick"] = clean_nick(nick) or entry["nick"]
            self.where[student] = norm
            return {"code": norm, "nick": entry["nick"], "teacher": False}

    def leave(self, student: str) -> None:
        with self.lock:
            self.leave_unlocked(student)

    def leave_unlocked(self, student: str) -> None:
        code = self.where.pop(student, None)
        c = self.classes.get(code) if code else None
        if c is None:
            return
        if c.teacher == student:  # a teacher who leaves ends the class
            self._drop(code)
            return
        c.members.pop(student, None)
        c.votes.pop(student, None)
        for key in [k for k in c.rates if k[0] == student]:
            del c.rates[key]
        c.drawings = [d for d in c.drawings if d["student"] != student]
        c.samples = [d for d in c.samples if d["student"] != student]
        c.game.pop(student, None)

    def set_following(self, student: str, on: bool) -> None:
        """Whether a student's pages follow the teacher's (kept here: a reload keeps the choice)."""
        with self.lock:
            c = self._member(student)
            c.members[student]["follow"] = bool(on)

    def draw(self, student: str, pixels: bytes) -> int:
        """A student's drawing (SIDE x SIDE bytes) onto the class wall; its id. The newest DRAWINGS_KEPT of each
        student are kept."""
        if not isinstance(pixels, bytes | bytearray) or len(pixels) != SIDE * SIDE:
            raise ClassError("bad")
        now = time.time()
        with self.lock:
            c = self._member(student)
            if c.frozen:
                raise ClassError("frozen")
            self._rate(c, student, "draw", DRAWINGS_PER_MINUTE, now)
            return self._post(c, c.drawings, DRAWINGS_KEPT, {"student": student, "pixels": bytes(pixels), "t": now})

    def sample(self, student: str, z: list) -> int:
        """A random code a student drew (the page draws it from N(0, I)) for the class's count of random codes that
        decode to digits; its id. The newest SAMPLES_KEPT of each student are kept."""
        if not isinstance(z, list | tuple) or not 0 < len(z) <= MAX_DIM:
            raise ClassError("bad")
        if not all(isinstance(v, int | float) and math.isfinite(v) and abs(v) < 100 for v in z):
            raise ClassError("bad")
        now = time.time()
        with self.lock:
            c = self._member(student)
            if c.frozen:
                raise ClassError("frozen")
            self._rate(c, student, "sample", SAMPLES_PER_MINUTE, now)
            entry = {"student": student, "z": tuple(float(v) for v in z), "t": now}
            return self._post(c, c.samples, SAMPLES_KEPT, entry)

    def play(self, student: str, round_: dict) -> None:
        """A student's round of "real or generated?": per source, how many of its pictures they called real and how
        many they were shown (the page knows the sources; the student only said real or generated). Added up."""
        if not isinstance(round_, dict) or not round_ or set(round_) - set(GAME_SOURCES):
            raise ClassError("bad")
        for pair in round_.values():
            if not (isinstance(pair, list | tuple) and len(pair) == 2 and all(isinstance(v, int) for v in pair)):
                raise ClassError("bad")
            if not 0 <= pair[0] <= pair[1] <= MAX_SHOWN:
                raise ClassError("bad")
        now = time.time()
        with self.lock:
            c = self._member(student)
            self._rate(c, student, "play", ROUNDS_PER_MINUTE, now)
            mine = c.game.setdefault(student, {})
            for src, (real, shown) in round_.items():
                got = mine.setdefault(src, [0, 0])
                got[0] += real
                got[1] += shown

    def vote(self, student: str, qid: int, option: int) -> None:
        now = time.time()
        with self.lock:
            c = self._member(student)
            q = c.question
            if q is None or q["id"] != qid or not q["open"]:
                raise ClassError("closed")
            if not isinstance(option, int) or not 0 <= option < q["options"]:
                raise ClassError("bad")
            self._rate(c, student, "vote", VOTES_PER_MINUTE, now)
            c.votes[student] = option

    # -- what the pages read ------------------------------------------------------------------------------------
    def where_is(self, who: str) -> dict | None:
        """The class `who` is in, as {"code", "teacher": bool, "nick"}, or None."""
        with self.lock:
            self._expire(time.time())
            code = self.where.get(who)
            c = self.classes.get(code) if code else None
            if c is None:
                return None
            if c.teacher == who:
                return {"code": code, "teacher": True, "nick": ""}
            return {"code": code, "teacher": False, "nick": c.members[who]["nick"]}

    def follow(self, student: str) -> dict | None:
        """What a student's page polls: the teacher's view and its version, the open question (with this
        student's vote) — small and cheap. None when not in a class."""
        with self.lock:
            c = self.classes.get(self.where.get(student, ""))
            if c is None:
                return None
            q = dict(c.question) if c.question else None
            if q is not None:
                q["mine"] = c.votes.get(student)
            return {
                "code": c.code,
                "version": c.version,
                "view": dict(c.view),
                "question": q,
                "frozen": c.frozen,
                "following": c.members[student].get("follow", True) if student in c.members else False,
            }

    def beat(self, code: str) -> tuple | None:
        """What a student's page listens for (ui.server pushes it): the version of the teacher's view, the open
        question's state and the wall's pause, in a few numbers; None when no class has this code."""
        with self.lock:
            c = self.classes.get(code) if isinstance(code, str) else None
            if c is None:
                return None
            q = c.question
            return (c.version, None if q is None else (q["id"], q["open"], q["revealed"]), c.frozen)

    def pulse(self, code: str, teacher: str) -> tuple:
        """What the projector shows, in a few numbers: it changed when they did (the page polls this, cheap, and
        draws the wall again only then)."""
        with self.lock:
            c = self._teacher(code, teacher)
            q = c.question
            counts = [0] * (q["options"] if q else 0)
            for v in c.votes.values():
                if v < len(counts):
                    counts[v] += 1
            played = sum(pair[1] for g in c.game.values() for pair in g.values())
            state = None if q is None else (q["id"], q["open"], q["revealed"])
            nicks = tuple(m["nick"] for m in c.members.values())
            sizes = (nicks, c.next_id, len(c.drawings), len(c.hidden), len(c.samples))
            return (*sizes, c.frozen, state, tuple(counts), played)

    def wall(self, code: str, teacher: str) -> dict:
        """The projector's view: the students (nicknames; "" for anonymous), the drawings not hidden (newest
        last), the question and its votes counted per option."""
        with self.lock:
            c = self._teacher(code, teacher)
            counts = [0] * (c.question["options"] if c.question else 0)
            for v in c.votes.values():
                if v < len(counts):
                    counts[v] += 1
            return {
                "code": c.code,
                "students": [m["nick"] for m in sorted(c.members.values(), key=lambda m: m["joined"])],
                "drawings": [
                    {"id": d["id"], "pixels": d["pixels"], "t": d["t"], "nick": c.members[d["student"]]["nick"]}
                    for d in c.drawings
                    if d["id"] not in c.hidden
                ],
                "samples": [{"id": d["id"], "z": d["z"], "nick": c.members[d["student"]]["nick"]} for d in c.samples],
                "game": {
                    src: [
                        sum(g.get(src, [0, 0])[0] for g in c.game.values()),
                        sum(g.get(src, [0, 0])[1] for g in c.game.values()),
                    ]
                    for src in GAME_SOURCES
                },
                "players": len(c.game),
                "frozen": c.frozen,
                "question": dict(c.question) if c.question else None,
                "votes": counts,
                "version": c.version,
                "view": dict(c.view),
            }

    # -- one door, for a Ray actor and for the pages alike -------------------------------------------------------
    def do(self, method: str, *args):
        """Call one of PUBLIC by name: {"ok": its result} or {"error": a ClassError's reason} (a Ray actor's
        exceptions would come back wrapped; a reason comes back as it is)."""
        if method not in PUBLIC:
            return {"error": "bad"}
        try:
            return {"ok": getattr(self, method)(*args)}
        except ClassError as e:
            return {"error": e.reason}
        except (TypeError, ValueError, ArithmeticError):  # wrong arguments: refused, never raised into the server
            return {"error": "bad"}

    def count(self) -> int:
        with self.lock:
            self._expire(time.time())
            return len(self.classes)
