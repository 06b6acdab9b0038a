"""UI strings in every language of LANGS, country names and number formats (Babel).

The English of every string is written once, in messages.py, under a key; each language's translations are a gettext
catalogue, locale/<lang>/LC_MESSAGES/messages.po, compiled to messages.mo beside it (`python -m sos_dash messages
extract update compile`). A language's compiled catalogue is read once, the first time a page asks for it, into a
table {key: text}: t() is a dict lookup. A message a catalogue does not translate shows its English.
Quotes from sources are never translated.

LANGS (languages.py) is the one list of languages: the URL's ?lang=, the language switch, the command line's --lang,
exports, the benchmark and the data package take it from there. Each language in it has a catalogue, and the data
have our words in it (columns such as countries.csv's name_<lang>, sources.csv's credit_<lang>); a test checks both.
It stays a written constant rather than the catalogues found on disk: its order is the switch's and the exports', and
a catalogue being translated is not shown before it is added there.
"""

from __future__ import annotations

import math
from functools import partial
from pathlib import Path

from babel import Locale
from babel.core import get_global
from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol
from babel.support import Translations

from .languages import DEFAULT_LANG, LANGS, SOURCE_LANG, lang_column  # noqa: F401 (the UI's names)
from .messages import DOMAIN, LOCALE_DIR, MESSAGES


def catalogue_path(lang: str, suffix: str = ".mo") -> Path:
    """A language's catalogue: messages.mo (compiled, what the app reads) or messages.po (what a translator edits)."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


def _read_catalogue(lang: str) -> dict:
    """{key: text} of a language; a plural message's value picks its form: value(n) -> text (gettext's rule)."""
    path = catalogue_path(lang)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no compiled catalogue for {lang!r}; run python -m sos_dash messages compile")
    with path.open("rb") as fp:
        catalogue = Translations(fp, domain=DOMAIN)
    return {m.key: catalogue.pgettext(m.key, m.text) if m.plural is None
            else partial(catalogue.npgettext, m.key, m.text, m.plural) for m in MESSAGES.values()}


class _Tables(dict):
    """lang -> its table, read on first use (so the command line can make a catalogue not yet compiled). Two
    sessions asking first at once both read it, and one table wins: harmless."""

    def __missing__(self, lang: str) -> dict:
        if lang not in LANGS:
            raise KeyError(lang)
        table = self[lang] = _read_catalogue(lang)
        return table


_TABLES = _Tables()


def t(key: str, lang: str, /, **kwargs) -> str:
    """The message `key` in `lang`, its placeholders filled from kwargs; a plural message takes its form for n=."""
    text = _TABLES[lang][key]
    if type(text) is not str:
        if "n" not in kwargs:
            raise TypeError(f"{key!r} has plural forms: t() needs the count, n=")
        text = text(kwargs["n"])
    return text.format(**kwargs) if kwargs else text


def has(key: str) -> bool:
    """Whether there is a message `key` (in every language: a catalogue lacking it shows its English)."""
    return key in MESSAGES


def is_plural(key: str) -> bool:
    return MESSAGES[key].plural is not None


def template(key: str, lang: str, n: int = 10) -> str:
    """The message's text in `lang` before its placeholders are filled (a plural message: its form for n); for
    checks that look for our words in a page."""
    text = _TABLES[lang][key]
    return text if type(text) is str else text(n)


def separators(lang: str) -> str:
    """Plotly's layout.separators in the language: its decimal sign, then its group sign (Babel's CLDR data), ".," in
    English, ", " in Russian. A space as group sign (Russian's is a no-break space, U+00A0) is given to plotly as a
    plain space, as the charts have always had it: their exports stay byte for byte the same."""
    group = get_group_symbol(lang)
    return get_decimal_symbol(lang) + (" " if group.isspace() else group)


def number(value: float | None, lang: str) -> str:
    """A number as written in the language (14,263 / 14 263); None or NaN is 'no data'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return t("no_data", lang)
    return format_decimal(value, locale=lang, decimal_quantization=False)


def language_name(code: str, lang: str) -> str:
    """The name of a language in the page's language (Babel CLDR): fr -> French / французский."""
    return Locale(lang).languages.get(code, code)


def territory_name(data, iso3: str, lang: str) -> str:
    """Name of any ISO alpha-3 territory: countries.csv first, else Babel's CLDR name, else the code."""
    row = data.countries[data.countries["iso3"] == iso3]
    if len(row):
        return str(row.iloc[0][f"name_{lang}"])
    alias = get_global("territory_aliases").get(iso3) or [iso3]
    return Locale(lang).territories.get(alias[0], iso3)


UNIT_KEYS = {"deaths per 100,000 (age-standardised)": "unit_rate", "deaths": "unit_deaths"}


def unit_label(unit: str, lang: str) -> str:
    """Short label of a deaths.csv unit for legends and hover text."""
    return t(UNIT_KEYS[unit], lang)


def format_date(iso: str, lang: str) -> str:
    """An ISO date (YYYY-MM-DD) as written in the language (25 Nov 2026 / 25 нояб. 2026 г.)."""
    from datetime import date as _date

    from babel.dates import format_date as _babel_format_date

    if not iso:
        return t("no_data", lang)
    return _babel_format_date(_date.fromisoformat(iso), format="medium", locale=lang)
