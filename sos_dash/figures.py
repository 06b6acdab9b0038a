"""fig_<what>(frames, *, lang, ...) -> plotly Figure. Pure and deterministic: same input, same JSON."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from . import theme
from .i18n import number, t

GEO_LAYOUT = dict(
    scope="world", resolution=110, projection_type="natural earth", showframe=False, showcoastlines=False,
    showland=True, landcolor=theme.LAND, showcountries=True, countrycolor=theme.BORDER, showlakes=False,
    bgcolor="rgba(0,0,0,0)", lataxis_range=[-58, 85],  # Antarctica left out, as in most world maps
)


def _hover(names: pd.Series, values: list[str], unit: str, year: int) -> list[list[str]]:
    """customdata rows [name, formatted value, unit, year]; names are escaped (plotly renders HTML)."""
    return [[html.escape(str(n)), v, unit, str(year)] for n, v in zip(names, values, strict=True)]


HOVER = "<b>%{customdata[0]}</b><br>%{customdata[1]} %{customdata[2]}<br>%{customdata[3]}<extra></extra>"
HOVER_NO_DATA = "<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>"


def fig_map(values: pd.DataFrame, *, lang: str, year: int, unit: str, title: str, subtitle: str,
            markers: pd.DataFrame | None = None, no_data: pd.DataFrame | None = None) -> go.Figure:
    """World choropleth of one measure in one year.

    values: iso3, value, name (one row per country with a value).
    markers: iso3, lon, lat, value, name for countries too small for the 110m shapes.
    no_data: iso3, name for drawn countries without a value (shown grey, hover says "no data").
    """
    fig = go.Figure()
    vmin = float(values["value"].min()) if len(values) else 0.0
    vmax = float(values["value"].max()) if len(values) else 1.0
    if no_data is not None and len(no_data):
        fig.add_trace(go.Choropleth(
            name=t("no_data", lang), locations=list(no_data["iso3"]), locationmode="ISO-3",
            z=[0] * len(no_data), colorscale=[[0, theme.NO_DATA], [1, theme.NO_DATA]], showscale=False,
            marker_line_color=theme.BORDER, marker_line_width=0.5,
            customdata=[[html.escape(str(n)), t("no_data", lang)] for n in no_data["name"]],
            hovertemplate=HOVER_NO_DATA,
        ))
    fig.add_trace(go.Choropleth(
        name=unit, locations=list(values["iso3"]), locationmode="ISO-3", z=[float(v) for v in values["value"]],
        coloraxis="coloraxis", marker_line_color=theme.BORDER, marker_line_width=0.5,
        customdata=_hover(values["name"], [number(float(v), lang) for v in values["value"]], unit, year),
        hovertemplate=HOVER,
    ))
    if markers is not None and len(markers):
        fig.add_trace(go.Scattergeo(
            name=unit, locations=None, lon=list(markers["lon"]), lat=list(markers["lat"]), mode="markers",
            marker=dict(size=7, color=[float(v) for v in markers["value"]], coloraxis="coloraxis",
                        line=dict(color=theme.TEXT, width=0.5)),
            customdata=_hover(markers["name"], [number(float(v), lang) for v in markers["value"]], unit, year),
            hovertemplate=HOVER, showlegend=False,
        ))
    fig.update_layout(
        title=dict(text=f"{html.escape(title)}<br><sup>{html.escape(subtitle)}</sup>", x=0, xanchor="left"),
        geo=GEO_LAYOUT,
        coloraxis=dict(
            colorscale=[[i / (len(theme.SEQUENTIAL) - 1), c] for i, c in enumerate(theme.SEQUENTIAL)],
            cmin=vmin, cmax=vmax,
            # horizontal, under the map: leaves the full width to the map on a 375 px phone
            colorbar=dict(title=dict(text=unit, side="top"), orientation="h", x=0.5, xanchor="center",
                          y=0, yanchor="top", thickness=10, len=0.6, tickformat="~g", separatethousands=True),
        ),
        margin=dict(l=0, r=0, t=60, b=0), height=460, showlegend=False,
        font=dict(family=theme.FONT, color=theme.TEXT), paper_bgcolor=theme.BACKGROUND,
        separators=", " if lang == "ru" else ".,",
    )
    return fig
