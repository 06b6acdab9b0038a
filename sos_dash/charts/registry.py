"""Every chart by its stable id, registered once beside its builder: the page that shows it, the starting
height of its embed, the view-state fields it reads, and the builder `(data, state) -> Chart | None`.

Live embeds (`/<page>?embed=true&chart=<id>&lang=..&<view params>`), the "Embed" panel under each chart, the
page's own drawing and the static exports all go through REGISTRY, so a chart id means the same view
everywhere. A chart's view is read from a URL by its page's reader (site.Page.read): the page and its embeds
cannot read a link differently. Pure: no streamlit.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .. import site
from ..state import Notice, to_params
from .chart import Chart

Builder = Callable[[Any, Any], Chart | None]


@dataclass(frozen=True)
class ChartSpec:
    chart_id: str
    page: site.Page  # the page that shows it (its URL, and how a URL's view is read)
    height: int  # starting iframe height (px): fits everything at 700 px wide; the embed then reports its own
    fields: tuple[str, ...]  # the view-state fields the chart reads (its URL parameters, its cache key)
    build: Builder  # view state -> chart (None: nothing to draw for that view, e.g. a country without series)

    def read(self, data, params: Mapping) -> tuple[Any, list[Notice]]:
        """The view named by URL parameters, read as the chart's page reads it, with its notices."""
        return self.page.read(data, params)

    def params(self, state) -> dict[str, str]:
        """The view's URL parameters that matter to this chart (the trends page's drug-type chart does not
        depend on the countries of the line chart above it), in the state's field order."""
        return {k: v for k, v in to_params(state).items() if k in self.fields}

    def key(self, state) -> tuple:
        """What the chart is a function of, besides the data: its id and the fields it reads."""
        return (self.chart_id, *(getattr(state, f) for f in self.fields))


REGISTRY: dict[str, ChartSpec] = {}


def register(chart_id: str, *, page: str, height: int, fields: tuple[str, ...]) -> Callable[[Builder], Builder]:
    """Decorator: the builder below draws `chart_id` on `page` (a script of site.PAGES) from these state fields."""
    def add(build: Builder) -> Builder:
        if chart_id in REGISTRY:
            raise ValueError(f"chart id registered twice: {chart_id}")
        spec = ChartSpec(chart_id, site.BY_SCRIPT[page], height, tuple(fields), build)
        state_fields = {f.name for f in dataclasses.fields(spec.page.state_type)}
        unknown = set(fields) - state_fields
        if unknown:
            raise ValueError(f"{chart_id}: {page}'s view has no field(s) {', '.join(sorted(unknown))}")
        REGISTRY[chart_id] = spec
        return build
    return add


def build(chart_id: str, data, state) -> Chart | None:
    """The chart of this id for this view."""
    return REGISTRY[chart_id].build(data, state)
