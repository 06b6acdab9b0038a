"""The languages of the dashboard, once: the UI (i18n), the URL reader (state) and the data package (its
columns of our words, the build's translation files) all take them from here.

A data column of our words is unsuffixed in English (unit, credit) and `<column>_<lang>` in each other language
(unit_ru, credit_ru); tables whose English column is suffixed too (countries.csv name_en, indicators.csv
label_en) name every language.
"""

from __future__ import annotations

from babel import Locale

LANGS = ("en", "ru")
DEFAULT_LANG = "en"  # the language of a link without ?lang=
SOURCE_LANG = "en"  # the language of the messages' text and of the data's unsuffixed columns (unit, credit)
TRANSLATED = tuple(lang for lang in LANGS if lang != SOURCE_LANG)  # the languages our words are translated into


def lang_column(column: str, lang: str) -> str:
    """The data column holding our words in the language: the column itself in English (unit, credit), else
    `<column>_<lang>` (unit_ru, credit_ru)."""
    return column if lang == SOURCE_LANG else f"{column}_{lang}"


def english_name(lang: str) -> str:
    """The language's name in English (Babel CLDR): ru -> Russian; for descriptions and build messages."""
    return Locale(lang).english_name
