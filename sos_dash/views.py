"""The frames each page draws, prepared from the data (pure: no streamlit)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import geo
from .data import Data, measure_frame
from .i18n import territory_name


@dataclass(frozen=True)
class MapView:
    values: pd.DataFrame  # iso3, value, name: countries drawn as shapes
    markers: pd.DataFrame  # iso3, lon, lat, value, name: too small for the shapes
    no_data: pd.DataFrame  # iso3, name: drawn shapes without a value
    missing: list[str]  # names of countries with a value but no shape at all
    unit: str
    source_id: str


def map_view(data: Data, measure: str, year: int, lang: str) -> MapView:
    frame = measure_frame(data, measure, year)
    frame = frame.assign(name=frame[f"name_{lang}"])
    cover = geo.coverage(list(frame["iso3"]))
    values = frame[frame["iso3"].isin(cover["shape"])][["iso3", "value", "name"]].reset_index(drop=True)
    small = frame[frame["iso3"].isin(cover["marker"])][["iso3", "value", "name"]]
    markers = geo.markers_for(cover["marker"]).merge(small, on="iso3")
    drawn_without = sorted(geo.shape_ids() - set(frame["iso3"]))
    no_data = pd.DataFrame({"iso3": drawn_without, "name": [territory_name(data, c, lang) for c in drawn_without]})
    missing = frame[frame["iso3"].isin(cover["missing"])]["name"].tolist()
    units = frame["unit"].unique().tolist()
    sources = frame["source_id"].unique().tolist()
    return MapView(values, markers, no_data, missing, units[0] if units else "", sources[0] if sources else "")
