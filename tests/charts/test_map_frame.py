"""A map's frame (issue 15): how tall a map is for its width, and the legend a page draws under it."""

from __future__ import annotations

import math

import plotly.graph_objects as go
import pytest

from sos_dash import export, figures, geo
from sos_dash.charts import build
from sos_dash.i18n import t
from sos_dash.state import MapState

MAP_STATES = [MapState(), MapState(region="eeca", lang="ru"), MapState(layer="access"),
              MapState(layer="access", region="eeca", lang="ru"), MapState(measure="deaths_opioid", region="asia")]


def test_natural_earth_is_d3s_projection():
    """d3-geo's geoNaturalEarth1 (what plotly.js draws) at scale 1: the equator ends at x = pi * 0.8707 and the pole
    lies at y = pi / 2 * 1.007226 + ... = 1.4224 (its published bounds)."""
    assert geo.natural_earth(180, 0) == pytest.approx((math.pi * 0.8707, 0))
    assert geo.natural_earth(0, 90)[1] == pytest.approx(1.42239, abs=1e-4)
    assert geo.natural_earth(-90, -45) == pytest.approx(tuple(-v for v in geo.natural_earth(90, 45)))


def test_frame_aspect_of_the_world_and_the_regions():
    world = geo.frame_aspect(None, (-58, 85))
    x0, _ = geo.natural_earth(-180, 0)
    x1, _ = geo.natural_earth(180, 0)
    assert world == pytest.approx((x1 - x0) / (geo.natural_earth(0, 85)[1] - geo.natural_earth(0, -58)[1]))
    eeca = geo.REGION_BOUNDS["eeca"]
    assert geo.frame_aspect(eeca["lonaxis_range"], eeca["lataxis_range"]) == pytest.approx(2.265, abs=0.01)
    # the projection is centred on the range: the same box anywhere in longitude has the same shape
    assert geo.frame_aspect((10, 95), (34, 66)) == pytest.approx(geo.frame_aspect((-120, -35), (34, 66)))
    assert geo.frame_aspect((-20, 55), (-36, 38)) < 1 < world  # Africa is taller than wide


@pytest.mark.parametrize("state", MAP_STATES, ids=lambda s: f"{s.layer}-{s.region}-{s.lang}")
def test_a_map_on_a_page_has_no_fixed_height_and_its_legend_as_text(data, state):
    c = build("map", data, state)
    shown = figures.untitled(c.figure)
    assert shown.layout.height is None and shown.layout.showlegend is False
    assert shown.layout.margin.t == figures.MAP_TOP
    title, entries = figures.legend_entries(c.figure)
    named = [tr.name for tr in c.figure.data if tr.type == "choropleth" and tr.showlegend]
    assert [label for label, _ in entries] == named and named
    assert all(colour.startswith(("#", "rgb")) for _, colour in entries)
    legend = figures.legend_html(shown)
    assert all(label.replace("&", "&amp;").replace("<", "&lt;") in legend for label, _ in entries)
    if state.layer == "deaths":
        assert title == c.figure.layout.legend.title.text and title in legend
        assert entries[-1][0] == t("no_data", state.lang)
    css = figures.map_height_css(shown, ".box", ".chart")
    assert ".box{container-type:inline-size}" in css
    assert f"calc(100cqw / {figures.map_aspect(shown):.4f} + {figures.MAP_TOP}px)" in css and "85vh" in css


def test_the_legend_escapes_its_labels():
    fig = go.Figure(go.Choropleth(name="<b>x</b> & y", locations=["KGZ"], z=[1], showlegend=True,
                                  colorscale=[[0, "#123456"], [1, "#123456"]]))
    fig.update_layout(legend_title_text="<i>unit</i>")
    html_text = figures.legend_html(fig)
    assert "<b>" not in html_text and "&lt;b&gt;x&lt;/b&gt; &amp; y" in html_text
    assert "&lt;i&gt;unit&lt;/i&gt;" in html_text and "background:#123456" in html_text


def test_a_map_image_is_as_tall_as_its_map_and_legend(data):
    for state in MAP_STATES:
        c = build("map", data, state)
        img = export.image_figure(c, data, state.lang)
        map_px = (export.IMAGE_WIDTH - 24) / figures.map_aspect(c.figure)
        assert img.layout.height == round(map_px) + export.IMAGE_MAP_LEGEND + img.layout.margin.t
        assert img.layout.showlegend is not False
