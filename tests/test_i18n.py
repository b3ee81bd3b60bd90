"""The texts: every message in the code has its translation in every catalog, none is stale, plurals follow each
language's rule, and a third language is one more catalog."""

from __future__ import annotations

import shutil
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from core import i18n

ROOT = Path(__file__).resolve().parents[1]


def _ids(catalog) -> set[tuple[str | None, str]]:
    return {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in catalog if m.id}


def _fields(s: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(s) if f}


@pytest.fixture(scope="module")
def code():
    return i18n.extract()


def _catalog(lang: str):
    with i18n.catalog_path(lang).open("rb") as f:
        return read_po(f, locale=lang)


@pytest.mark.parametrize("lang", [lang for lang in i18n.languages() if lang != i18n.SOURCE])
def test_every_message_is_translated_and_none_is_stale(code, lang):
    catalog = _catalog(lang)
    have = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in catalog if m.id and not m.fuzzy}
    translated = {
        (m.context, m.id if isinstance(m.id, str) else m.id[0])
        for m in catalog
        if m.id and all(m.string if isinstance(m.string, tuple) else (m.string,))
    }
    missing = sorted(_ids(code) - (have & translated), key=str)
    stale = sorted(_ids(catalog) - _ids(code), key=str)
    assert not missing, f"{lang}: no translation for {missing[:10]} (run scripts/texts.sh, then translate)"
    assert not stale, f"{lang}: messages the code no longer uses: {stale[:10]} (run scripts/texts.sh)"


@pytest.mark.parametrize("lang", [lang for lang in i18n.languages() if lang != i18n.SOURCE])
def test_translations_keep_their_fields_and_plural_forms(lang):
    catalog = _catalog(lang)
    for m in catalog:
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        forms = m.string if isinstance(m.string, tuple) else (m.string,)
        if isinstance(m.id, tuple):
            assert len(forms) == catalog.num_plurals, m.id
        for form in forms:  # a plural form may leave the count out ("one model") but adds no other field
            assert _fields(form) <= _fields(ids[-1]) and _fields(ids[-1]) - _fields(form) <= {"n"}, (m.id, form)


def test_the_template_is_the_code(code):
    """locales/messages.pot is what scripts/texts.sh writes from the code today."""
    with (i18n.LOCALE_DIR / "messages.pot").open("rb") as f:
        assert _ids(read_po(f)) == _ids(code)


@pytest.mark.parametrize(
    "n, expect",
    [
        (1, "1 wytrenowany model"),
        (2, "2 wytrenowane modele"),
        (4, "4 wytrenowane modele"),
        (5, "5 wytrenowanych modeli"),
        (12, "12 wytrenowanych modeli"),
        (22, "22 wytrenowane modele"),
        (25, "25 wytrenowanych modeli"),
        (112, "112 wytrenowanych modeli"),
    ],
)
def test_polish_has_three_plural_forms(n, expect):
    s = i18n.ngettext("{n} trained model stored in {root}/", "{n} trained models stored in {root}/", n, "pl")
    assert s.format(n=n, root="x").startswith(expect)


def test_english_plurals_and_fallback():
    one = i18n.ngettext("{cpu} CPU, {n} thread", "{cpu} CPU, {n} threads", 1, "en")
    assert one.format(cpu="x86_64", n=1) == "x86_64 CPU, 1 thread"
    assert i18n.gettext("a message nobody translated", "pl") == "a message nobody translated"


def test_no_message_is_built_at_run_time():
    """Every t()/nt() call in the pages and the UI takes messages the extractor can see: a literal or a value
    marked with N_ / NP_ elsewhere, never an f-string or a string built from parts."""
    import ast

    bad = []
    for path in [*ROOT.glob("views/*.py"), *ROOT.glob("ui/*.py"), ROOT / "dashboard.py"]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("t", "nt") and node.args:
                for arg in node.args[: 1 if node.func.id == "t" else 2]:
                    if isinstance(arg, (ast.JoinedStr, ast.BinOp, ast.IfExp)):
                        bad.append(f"{path.name}:{node.lineno}")
    assert not bad, bad


def test_a_third_language_is_one_more_catalog(tmp_path, monkeypatch):
    """A copy of the Polish catalog under another code is offered, chosen and shown, with no other change."""
    from streamlit.testing.v1 import AppTest

    locales = tmp_path / "locales"
    shutil.copytree(i18n.LOCALE_DIR, locales)
    (locales / "cs" / "LC_MESSAGES").mkdir(parents=True)
    po = i18n.catalog_path("pl", locales).read_text().replace('"Language: pl\\n"', '"Language: cs\\n"')
    po = po.replace('msgstr "Przegląd"', 'msgstr "Přehled"')
    i18n.catalog_path("cs", locales).write_text(po)
    monkeypatch.setattr(i18n, "LOCALE_DIR", locales)
    for f in (i18n.languages, i18n.translations):
        f.cache_clear()
    import ui.i18n

    assert ui.i18n.languages() == {"en": "English", "cs": "Čeština", "pl": "Polski"}
    try:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
        at.run()
        at.radio(key="lang").set_value("cs").run()
        assert not at.exception, [e.message for e in at.exception]
        assert at.radio(key="lang").label.count(" / ") == 2  # each language names the switch in its own words
        assert at.title[0].value == i18n.gettext("Autoencoders vs variational autoencoders", "pl")  # the copy's
    finally:
        for f in (i18n.languages, i18n.translations):
            f.cache_clear()
