"""How a map fills its chart in a browser, for the tests of the live page, the embed and the static export (issue 15):
the drawn land's box against the chart's, and the centre of a country's shape, to hover it.

Imported as `mapfill` (tests/ is on sys.path, as for conftest)."""

from __future__ import annotations

MIN_FILL = 0.70  # on a 375 px phone the drawn land takes at least this share of the chart's height
MIN_WIDTH = 0.85  # and most of its width (the map is not narrowed to fit a short chart)
KGZ = {"en": "Kyrgyzstan", "ru": "Кыргызстан"}  # a small Central Asian country, hovered on every map view

# the chart (the plotly element) and the union of its drawn country shapes' boxes, in CSS px
MEASURE_JS = """() => {
  const plot = document.querySelector('.js-plotly-plot');
  const r = plot.getBoundingClientRect();
  let top = Infinity, bottom = -Infinity, left = Infinity, right = -Infinity;
  plot.querySelectorAll('path.choroplethlocation').forEach(p => {
    const b = p.getBoundingClientRect();
    if (b.width > 0 && b.height > 0) {
      top = Math.min(top, b.top); bottom = Math.max(bottom, b.bottom);
      left = Math.min(left, b.left); right = Math.max(right, b.right);
    }
  });
  return {width: r.width, height: r.height, land_height: bottom - top, land_width: right - left};
}"""

# the centre of a country's shape (plotly binds each path to its location), or null
CENTRE_JS = """(iso3) => {
  const p = Array.from(document.querySelectorAll('.js-plotly-plot path.choroplethlocation'))
    .find(e => e.__data__ && e.__data__.loc === iso3 && e.getBoundingClientRect().width > 0);
  if (!p) return null;
  const b = p.getBoundingClientRect();
  return [b.left + b.width / 2, b.top + b.height / 2];
}"""


def fill(pg) -> dict:
    """The map's fill once plotly has drawn it at the chart's present width (it redraws a moment after a resize)."""
    try:
        pg.wait_for_function(f"(({MEASURE_JS})().land_width >= {MIN_WIDTH} * ({MEASURE_JS})().width)", timeout=5000)
    except Exception:  # noqa: BLE001 - a map that never fills its width is the finding: measured as it is
        pass
    m = pg.evaluate(MEASURE_JS)
    return {**m, "fill": m["land_height"] / m["height"], "width_share": m["land_width"] / m["width"]}


def hover_text(pg, iso3: str) -> str:
    """What the map's hover label says with the pointer on the centre of the country's shape ("" when none)."""
    centre = pg.evaluate(CENTRE_JS, iso3)
    assert centre, f"no drawn shape for {iso3}"
    label = pg.locator(".hoverlayer .hovertext")
    pg.mouse.move(0, 0)  # away first: the last country's label goes
    label.first.wait_for(state="detached", timeout=5000)
    pg.mouse.move(*centre)
    try:
        label.first.wait_for(timeout=5000)
    except Exception:  # noqa: BLE001 - no label is the finding
        return ""
    return label.first.text_content() or ""
