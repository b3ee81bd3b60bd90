"""Every visible string's translations: gettext catalogs (Babel) in locales/<lang>/LC_MESSAGES/messages.po.

Messages are written in English in the code (`t("…")`, `nt("…", "…", n)`, and `N_("…")` / `NP_("…", "…")` for
a message translated later) and found by extraction (`pybabel extract`, see babel.cfg); English needs no catalog.
Adding a language is adding a catalog: languages() lists every folder of locales/ that holds one. One lookup path
for pages, figures and the command-line report: gettext / ngettext / pgettext here, with the language as an argument.
"""

from __future__ import annotations

import functools
import io
import os
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

SOURCE = "en"  # the language the messages are written in
DOMAIN = "messages"
LOCALE_DIR = Path(os.environ.get("AEVAE_LOCALE_DIR") or Path(__file__).resolve().parents[1] / "locales")


def N_(message: str) -> str:
    """Marks a message for extraction where it is stored now and translated when shown (t(message))."""
    return message


def NP_(singular: str, plural: str) -> tuple[str, str]:
    """N_ for a message with a count: both English forms, shown later with nt(*message, n)."""
    return singular, plural


def catalog_path(lang: str, locale_dir: Path | None = None) -> Path:
    return (locale_dir or LOCALE_DIR) / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def languages(locale_dir: Path | None = None) -> tuple[str, ...]:
    """The source language, then every language with a catalog, in alphabetical order."""
    root = locale_dir or LOCALE_DIR
    found = sorted(p.name for p in root.iterdir() if catalog_path(p.name, root).is_file()) if root.is_dir() else []
    return (SOURCE, *(lang for lang in found if lang != SOURCE))


@functools.cache
def translations(lang: str, locale_dir: Path | None = None) -> NullTranslations:
    """The compiled catalog of a language (read from its .po once per process); the source language has none."""
    path = catalog_path(lang, locale_dir)
    if lang == SOURCE or not path.is_file():
        return NullTranslations()
    with path.open("rb") as f:
        catalog = read_po(f, locale=lang)
    buf = io.BytesIO()
    write_mo(buf, catalog)  # fuzzy entries are left out: they fall back to English
    buf.seek(0)
    return Translations(buf, domain=DOMAIN)


def gettext(message: str, lang: str) -> str:
    return translations(lang).gettext(message)


def ngettext(singular: str, plural: str, n: int, lang: str) -> str:
    """The form for n in the language's plural rule (Polish: 1 model, 2 modele, 5 modeli, 22 modele)."""
    return translations(lang).ngettext(singular, plural, n)


def pgettext(context: str, message: str, lang: str) -> str:
    """A message whose English is the same as another's but whose translation differs (e.g. an abbreviation)."""
    return translations(lang).pgettext(context, message)


@functools.cache
def language_name(lang: str) -> str:
    """A language's name in itself (English, Polski), as its own speakers look for it."""
    name = Locale.parse(lang).get_display_name(lang) or lang
    return name[:1].upper() + name[1:]


# Extraction (scripts/texts.sh writes the template with it; tests/test_i18n.py compares the catalogs with it).
KEYWORDS = {"t": None, "nt": (1, 2), "NP_": (1, 2)}  # ui.i18n's t() and nt(), and NP_ above; Babel's own besides
ROOT = Path(__file__).resolve().parents[1]


def extract(root: Path = ROOT):
    """Every message in the code (babel.cfg says where), as a Babel catalog without locations."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with (root / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    catalog = Catalog(project="AE vs VAE lab", charset="utf-8")
    keywords = {**DEFAULT_KEYWORDS, **KEYWORDS}
    for _, _, message, _, context in extract_from_dir(root, method_map, options_map, keywords=keywords):
        catalog.add(message, None, context=context)
    return catalog


def main() -> None:
    """python -m core.i18n: write locales/messages.pot from the code."""
    from babel.messages.pofile import write_po

    with (LOCALE_DIR / f"{DOMAIN}.pot").open("wb") as f:
        write_po(f, extract(), width=120, omit_header=True, sort_output=True, no_location=True)


if __name__ == "__main__":
    main()
