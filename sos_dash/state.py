"""URL query parameters <-> typed view state. Invalid values fall back to defaults with a notice."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .i18n import DEFAULT_LANG, LANGS

MAX_PARAM_LEN = 64


@dataclass(frozen=True)
class Notice:
    """A URL value that was not usable, and what is shown instead."""
    key: str
    value: str
    default: str


@dataclass(frozen=True)
class MapState:
    lang: str
    year: int


def _first(params: Mapping, key: str) -> str | None:
    v = params.get(key)
    if isinstance(v, (list, tuple)):
        v = v[-1] if v else None
    return None if v is None else str(v)


def parse_lang(params: Mapping) -> tuple[str, list[Notice]]:
    raw = _first(params, "lang")
    if raw is None or raw in LANGS:
        return raw or DEFAULT_LANG, []
    return DEFAULT_LANG, [Notice("lang", raw[:MAX_PARAM_LEN], DEFAULT_LANG)]


def parse_year(params: Mapping, years: list[int], default: int) -> tuple[int, list[Notice]]:
    raw = _first(params, "year")
    if raw is None:
        return default, []
    if raw.isascii() and raw.isdigit() and int(raw) in years:
        return int(raw), []
    return default, [Notice("year", raw[:MAX_PARAM_LEN], str(default))]


def parse_map(params: Mapping, years: list[int]) -> tuple[MapState, list[Notice]]:
    lang, n1 = parse_lang(params)
    year, n2 = parse_year(params, years, default=max(years))
    return MapState(lang=lang, year=year), n1 + n2


def to_params(state: MapState) -> dict[str, str]:
    return {"lang": state.lang, "year": str(state.year)}
