"""Helpers that read a chart's figure JSON (the deaths map's colour classes, its play frames, its dots) and the raw
GBD files as received, for the chart tests."""

from __future__ import annotations

import html
import json
from functools import cache

import pandas as pd

from sos_dash.datapkg import schema
from sos_dash.i18n import LANGS, t
from sos_dash.paths import ROOT

RAW = ROOT / "data/raw/gbd2019"


@cache
def raw_table(measure: str) -> pd.DataFrame:
    _, filename, _ = schema.MEASURES[measure]
    return pd.read_csv(RAW / filename)


def raw(measure: str, iso3: str, year: int) -> float:
    _, _, column = schema.MEASURES[measure]
    t = raw_table(measure)
    return float(t[(t["Code"] == iso3) & (t["Year"] == year)][column].iloc[0])


def spec(chart) -> dict:
    return json.loads(chart.figure.to_json())


NO_DATA_NAMES = {t("no_data", lang) for lang in LANGS}


def class_indices(s: dict) -> list[int]:
    """The positions of a deaths map's colour classes among its traces (one choropleth each, lowest first)."""
    return [i for i, tr in enumerate(s["data"]) if tr["type"] == "choropleth" and tr["name"] not in NO_DATA_NAMES]


def no_data_trace(s: dict) -> dict:
    return next(tr for tr in s["data"] if tr["type"] == "choropleth" and tr["name"] in NO_DATA_NAMES)


def frame_data(s: dict, year: int | None) -> dict[int, dict]:
    """Trace position -> what a play frame sets on it (None: the figure as drawn, nothing set)."""
    if year is None:
        return {}
    frame = next(f for f in s["frames"] if f["name"] == str(year))
    return dict(zip(frame["traces"], frame["data"], strict=True))


def drawn(s: dict, year: int | None = None) -> dict[str, tuple[int, float]]:
    """iso3 -> (class, value) of every country drawn as a shape in a colour class: in the figure, or in the play
    frame of `year` (a class's trace lists its countries once; z is empty where a country is not in it). Fails if a
    country is drawn in two classes."""
    changes, out = frame_data(s, year), {}
    for k, i in enumerate(class_indices(s)):
        z = changes.get(i, {}).get("z", s["data"][i]["z"])
        for loc, v in zip(s["data"][i]["locations"], z, strict=True):
            if v is not None:
                assert loc not in out, f"{loc} drawn in two classes"
                out[loc] = (k, v)
    return out


def grey(s: dict, year: int | None = None) -> set[str]:
    """The countries drawn in the 'no data' grey, in the figure or in the play frame of `year`."""
    i = s["data"].index(no_data_trace(s))
    z = frame_data(s, year).get(i, {}).get("z", s["data"][i]["z"])
    return {loc for loc, v in zip(s["data"][i]["locations"], z, strict=True) if v is not None}


def dots(s: dict, year: int | None = None) -> dict[str, tuple[str, float | None]]:
    """Name -> (colour, value) of every small state drawn as a dot."""
    i = next(i for i, tr in enumerate(s["data"]) if tr["type"] == "scattergeo")
    tr = {**s["data"][i], **frame_data(s, year).get(i, {})}
    return {html.unescape(n): (c, v) for n, c, v in zip(s["data"][i]["text"], tr["marker"]["color"], tr["customdata"],
                                                         strict=True)}


def class_colour(s: dict, k: int) -> str:
    """The one colour of class k."""
    (colour,) = {c for _, c in s["data"][class_indices(s)[k]]["colorscale"]}
    return colour
