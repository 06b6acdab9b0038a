"""fig_<what>(frames, *, lang, ...) -> plotly Figure. Pure and deterministic: same input, same JSON.

Names and labels from data are HTML-escaped: plotly renders a subset of HTML in hover and text.
Numbers in hover text are formatted by plotly with the language's separators (layout.separators).
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from . import geo, theme
from .bins import Bins
from .datapkg.schema import WORLD
from .i18n import separators, t

GEO_LAYOUT = dict(
    scope="world", resolution=110, projection_type="natural earth", showframe=False, showcoastlines=False,
    showland=True, landcolor=theme.LAND, showcountries=True, countrycolor=theme.BORDER, showlakes=False,
    bgcolor="rgba(0,0,0,0)", lataxis_range=[-58, 85],  # Antarctica left out, as in most world maps
)
HOVER_NO_DATA = "<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>"
# A location no map has: a class without countries (the top rate class in Eastern Europe and Central Asia) holds it,
# with no value, so that plotly, which leaves a trace without locations out of the legend, still lists the class.
KEEP_IN_LEGEND = ""


def _esc(values) -> list[str]:
    return [html.escape(str(v)) for v in values]


def _base_layout(fig: go.Figure, *, title: str, subtitle: str, lang: str, height: int | None) -> go.Figure:
    fig.update_layout(
        title=dict(text=f"{html.escape(title)}<br><sup>{html.escape(subtitle)}</sup>", x=0, xanchor="left"),
        margin=dict(l=0, r=0, t=60, b=0), height=height,
        font=dict(family=theme.FONT, color=theme.TEXT), paper_bgcolor=theme.BACKGROUND,
        plot_bgcolor=theme.BACKGROUND, separators=separators(lang),
    )
    return fig


LABEL_ROW = 16  # px per row of labels above a plot area (milestones)


def untitled(fig: go.Figure) -> go.Figure:
    """A copy of the figure without its title, for pages that show the title as text above it; room is kept
    for labels placed above the plot area. A map needs none (its play button sits on the map) and its legend is the
    page's (legend_html), so the map alone fills the chart's height (map_height_css)."""
    if is_map(fig):
        return go.Figure(fig).update_layout(title=None, margin=dict(t=MAP_TOP), showlegend=False)
    return go.Figure(fig).update_layout(title=None, margin=dict(t=30 + LABEL_ROW * label_rows_above(fig)))


class SentFigure(go.Figure):
    """A figure that is served, never changed again (ui.cached_chart keeps one per view for every session): its
    plain spec (`to_dict`, the deep copy Streamlit's st.plotly_chart makes of a figure before writing its JSON, about
    11 ms for the map with its play frames) is made once and shared. Changing it afterwards would not reach the spec:
    make a new figure instead."""

    def to_dict(self) -> dict:
        spec = self.__dict__.get("_sent_spec")
        if spec is None:
            spec = super().to_dict()
            object.__setattr__(self, "_sent_spec", spec)
        return spec


def sent(fig: go.Figure) -> SentFigure:
    """The figure as it is served (SentFigure): a copy whose spec is made once."""
    return SentFigure(fig)


# ---------------------------------------------------------------- a map's height follows its width
# A map has no fixed height: a page gives it its width / frame aspect (geo.frame_aspect), so the drawn map fills the
# chart at every width (no empty bands on a phone), and draws its legend as HTML under it (legend_html), which wraps
# to any width. An image (export.image_figure) keeps plotly's legend, one row or two at its width.
MAP_TOP = 4  # px above a map on a page
LEGEND_FONT = 11


def is_map(fig: go.Figure) -> bool:
    return any(tr.type in ("choropleth", "scattergeo") for tr in fig.data)


def map_aspect(fig: go.Figure) -> float:
    """Width / height of the map the figure draws (its geo ranges)."""
    g = fig.layout.geo
    return geo.frame_aspect(tuple(g.lonaxis.range) if g.lonaxis.range else None, tuple(g.lataxis.range))


def map_height_css(fig: go.Figure, container: str, chart: str) -> str:
    """CSS that gives the map (`chart`, inside `container`) the height its width needs: the container's width / the
    map's aspect (100cqw: `container` is made an inline-size container) and its top margin; never taller than most
    of the screen."""
    top = int(fig.layout.margin.t or 0)
    return (f"{container}{{container-type:inline-size}}\n"
            f"{container} {chart}{{height:min(calc(100cqw / {map_aspect(fig):.4f} + {top}px), 85vh) !important;"
            "min-height:0 !important}")


def legend_entries(fig: go.Figure) -> tuple[str, list[tuple[str, str]]]:
    """A map's legend: its title (the unit, or "") and (label, colour) of each trace it names, in order."""
    entries = []
    for tr in fig.data:
        if tr.type == "choropleth" and tr.showlegend and tr.name:
            entries.append((tr.name, tr.colorscale[0][1]))
    title = fig.layout.legend.title.text or ""
    return title, entries


def legend_html(fig: go.Figure) -> str:
    """The map's legend as HTML under it: a swatch and a label per class, the unit first; escaped."""
    title, entries = legend_entries(fig)
    items = "".join(
        f'<span style="display:inline-flex;align-items:center;gap:4px;margin-right:12px;white-space:nowrap">'
        f'<span style="display:inline-block;width:14px;height:10px;background:{c};border:1px solid #bbb"></span>'
        f'{html.escape(label)}</span>' for label, c in entries)
    head = f'<span style="color:{theme.MUTED};margin-right:12px">{html.escape(title)}</span>' if title else ""
    return (f'<div class="sos-legend" style="font-size:12px;line-height:1.9;display:flex;'
            f'flex-wrap:wrap;align-items:center">{head}{items}</div>')


def label_rows_above(fig: go.Figure) -> int:
    """How many rows of labels sit above the plot area."""
    return sum(1 for a in fig.layout.annotations if a.yref == "paper" and a.y == 1 and a.yanchor == "bottom")


def _hover_value(unit: str, year: int) -> str:
    return f"<b>%{{customdata[0]}}</b><br>%{{z:,}} {html.escape(unit)}<br>{year}<extra></extra>"


def _marker_hover(unit: str, year: int) -> str:
    """A dot's hover: its name is its text (the same in every frame), its value this year its customdata."""
    return f"<b>%{{text}}</b><br>%{{customdata:,}} {html.escape(unit)}<br>{year}<extra></extra>"


MARKER_NO_DATA = "<b>%{{text}}</b><br>{no_data}<extra></extra>"


def fig_map(values: pd.DataFrame, *, lang: str, year: int, unit: str, bins: Bins, title: str, subtitle: str,
            markers: pd.DataFrame | None = None, no_data: pd.DataFrame | None = None,
            history: pd.DataFrame | None = None, region: str = "world") -> go.Figure:
    """Choropleth of one measure in one year, in fixed colour classes.

    values: iso3, value, name (countries with a value, drawn as shapes).
    markers: iso3, lon, lat, value, name for countries too small for the 110m shapes (dots in their class's colour).
    no_data: iso3, name for drawn countries without a value (grey; hover says "no data", never 0).
    bins: the colour classes (bins.Bins), the same in every year: one choropleth trace per class, lowest first, each
      one colour and named by its label in the legend (titled with the unit); then "no data", its own trace and
      legend entry (always, so the legend is the same in every view); then the dots. The hover shows the value.
    history: iso3, year, value of the same countries for every year: adds a play button whose frames change only the
      values: a class's trace holds every country that is in it in some year, z is its value in the years it is
      in the class and empty (not drawn) in the others; the classes and their colours never change.
    region: a region preset to zoom to (geo.REGION_BOUNDS).
    """
    markers = markers if markers is not None else pd.DataFrame(columns=["iso3", "lon", "lat", "value", "name"])
    no_data = no_data if no_data is not None else pd.DataFrame(columns=["iso3", "name"])
    by_year = _values_by_year(values, markers, history, year)
    shapes = list(values["iso3"])
    classes = by_year.loc[shapes].map(bins.index)
    # a class's countries: those in it in the shown year first (plotly keeps an empty path for each of the others,
    # so a page's first map path is a drawn country), then those in it in other years only
    members = [([c for c in shapes if classes.at[c, year] == k] +
                [c for c in shapes if classes.at[c, year] != k and (classes.loc[c] == k).any()]) or [KEEP_IN_LEGEND]
               for k in range(len(bins))]
    lacking = list(no_data["iso3"]) + [c for c in shapes if classes.loc[c].isna().any()] or [KEEP_IN_LEGEND]
    names = dict(zip(values["iso3"], _esc(values["name"]), strict=True))
    names |= dict(zip(no_data["iso3"], _esc(no_data["name"]), strict=True))

    def in_year(y: int) -> list[dict]:
        """What changes with the year, per trace: the classes' z, the no-data trace's z, the dots."""
        col, cls = by_year[y], classes[y]
        parts = [dict(z=[_num(col[c]) if cls.get(c) == k else None for c in members[k]],
                      hovertemplate=_hover_value(unit, y)) for k in range(len(bins))]
        parts.append(dict(z=[None if c == KEEP_IN_LEGEND else 0 if pd.isna(col.get(c)) else None for c in lacking]))
        dots = [_num(col[c]) for c in markers["iso3"]]
        no_value = MARKER_NO_DATA.format(no_data=html.escape(t("no_data", lang)))
        parts.append(dict(
            marker=dict(color=[theme.NO_DATA if v is None else bins.colours[bins.index(v)] for v in dots]),
            customdata=dots,
            # one template for every dot, or one per dot where some have no value this year
            hovertemplate=(_marker_hover(unit, y) if None not in dots else
                           [no_value if v is None else _marker_hover(unit, y) for v in dots]),
        ))
        return parts

    now = in_year(year)
    fig = go.Figure()
    for k, (label, colour) in enumerate(zip(bins.labels(lang), bins.colours, strict=True)):
        fig.add_trace(go.Choropleth(
            name=label, locations=members[k], locationmode="ISO-3", colorscale=[[0, colour], [1, colour]],
            showscale=False, showlegend=True, marker_line_color=theme.BORDER, marker_line_width=0.5,
            customdata=[[names.get(c, "")] for c in members[k]], **now[k],
        ))
    fig.add_trace(go.Choropleth(
        name=t("no_data", lang), locations=lacking, locationmode="ISO-3",
        colorscale=[[0, theme.NO_DATA], [1, theme.NO_DATA]], showscale=False, showlegend=True,
        marker_line_color=theme.BORDER, marker_line_width=0.5,
        customdata=[[names.get(c, ""), t("no_data", lang)] for c in lacking], hovertemplate=HOVER_NO_DATA, **now[-2],
    ))
    fig.add_trace(go.Scattergeo(
        name=unit, lon=list(markers["lon"]), lat=list(markers["lat"]), mode="markers", text=_esc(markers["name"]),
        marker=dict(size=7, line=dict(color=theme.TEXT, width=0.5), **now[-1].pop("marker")), **now[-1],
        showlegend=False,
    ))
    _base_layout(fig, title=title, subtitle=subtitle, lang=lang, height=None)  # the page sets it (map_height)
    fig.update_layout(
        geo={**GEO_LAYOUT, **geo.REGION_BOUNDS.get(region, {})},
        # horizontal, under the map: it wraps to the width (two or three rows on a 375 px phone) and leaves the
        # full width to the map
        legend=dict(orientation="h", x=0, xanchor="left", y=0, yanchor="top", font=dict(size=LEGEND_FONT),
                    title=dict(text=unit, side="top"), traceorder="normal"),
        showlegend=True,
    )
    if history is not None and len(history):
        _add_play(fig, [in_year(y) for y in by_year.columns], list(by_year.columns), lang)
    return fig


def _values_by_year(values, markers, history, year: int) -> pd.DataFrame:
    """iso3 (shapes and dots) x year -> value: the history's years, with the shown year's values as given."""
    drawn = list(values["iso3"]) + list(markers["iso3"])
    shown = pd.concat([values[["iso3", "value"]], markers[["iso3", "value"]]]).set_index("iso3")["value"]
    wide = (history.pivot(index="iso3", columns="year", values="value") if history is not None and len(history)
            else pd.DataFrame(index=pd.Index([], name="iso3")))
    wide = wide.reindex(drawn)
    wide[year] = shown.reindex(drawn).astype(float)
    return wide[sorted(wide.columns)]


def _add_play(fig, parts: list[list[dict]], years: list[int], lang: str) -> None:
    """Frames per year that change only the values: every trace's z (shapes) and the dots' colours and hover."""
    types = [type(tr) for tr in fig.data]
    fig.frames = [go.Frame(
        name=str(y), traces=list(range(len(fig.data))),
        data=[kind(**part) for kind, part in zip(types, year_parts, strict=True)],
        layout=dict(annotations=[dict(text=str(y), x=1, y=0.02, xanchor="right", yanchor="bottom", xref="paper",
                                      yref="paper", showarrow=False, font=dict(size=22, color=theme.MUTED))]),
    ) for y, year_parts in zip(years, parts, strict=True)]
    fig.update_layout(updatemenus=[dict(
        # on the map, top left (the Arctic on the world map, Scandinavia on the EECA one: no EECA country under it):
        # a row above the map would cost a phone's map a fifth of its height
        type="buttons", showactive=False, x=0, y=1, xanchor="left", yanchor="top", direction="left",
        pad=dict(l=0, b=0, t=0, r=0),
        buttons=[dict(label="▶ " + t("play", lang), method="animate",
                      args=[None, dict(frame=dict(duration=350, redraw=True), transition=dict(duration=0),
                                       fromcurrent=False)])],
    )])


def _num(v) -> float | None:
    return None if v is None or pd.isna(v) else float(v)


ACCESS_COLOURS = {**theme.CATEGORICAL, "not_known": theme.NO_DATA}
ACCESS_HOVER = "<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>"


def access_colour(status: str, firm: bool) -> str:
    """A status's hue; paler where the status is less certain ("not known" has one grey)."""
    colour = ACCESS_COLOURS[status]
    return colour if firm or status == "not_known" else theme.tint(colour)


def fig_access_map(frame: pd.DataFrame, *, lang: str, title: str, subtitle: str, region: str = "world",
                   markers: pd.DataFrame | None = None) -> go.Figure:
    """Categorical map of naloxone access: status by hue, certainty by shade, "not known" its own grey class.

    frame: iso3, name, status, firm (bool), legend (the trace's label), hover (the country's hover lines,
      escaped; joined by <br>), one row per country drawn as a shape.
    markers: the same columns plus lon, lat, for countries too small for the shapes (dots, same colours).
    One trace per (status, firm) that has a country, in the order of ACCESS_COLOURS; "not known" always.
    """
    fig = go.Figure()
    for status in ACCESS_COLOURS:
        for firm in (True, False):
            part = frame[(frame["status"] == status) & (frame["firm"] == firm)]
            if part.empty and not (status == "not_known" and firm):
                continue
            colour = access_colour(status, firm)
            label = part["legend"].iloc[0] if len(part) else t("s_not_known", lang)
            fig.add_trace(go.Choropleth(
                name=label, locations=list(part["iso3"]), locationmode="ISO-3", z=[1] * len(part),
                colorscale=[[0, colour], [1, colour]], showscale=False, showlegend=True,
                marker_line_color=theme.BORDER, marker_line_width=0.5,
                customdata=[[n, h] for n, h in zip(_esc(part["name"]), part["hover"], strict=True)],
                hovertemplate=ACCESS_HOVER,
            ))
    if markers is not None and len(markers):
        fig.add_trace(go.Scattergeo(
            name=t("markers_legend", lang), lon=list(markers["lon"]), lat=list(markers["lat"]), mode="markers",
            marker=dict(size=8, color=[access_colour(s, f) for s, f in zip(markers["status"], markers["firm"],
                                                                            strict=True)],
                        line=dict(color=theme.TEXT, width=0.5)),
            customdata=[[n, h] for n, h in zip(_esc(markers["name"]), markers["hover"], strict=True)],
            hovertemplate=ACCESS_HOVER, showlegend=False,
        ))
    _base_layout(fig, title=title, subtitle=subtitle, lang=lang, height=None)  # the page sets it (map_height)
    fig.update_layout(geo={**GEO_LAYOUT, **geo.REGION_BOUNDS.get(region, {})},
                      legend=dict(orientation="h", x=0, y=0, yanchor="top", font=dict(size=LEGEND_FONT)))
    return fig


def fig_lines(frame: pd.DataFrame, *, lang: str, title: str, subtitle: str, unit: str, log: bool = False,
              highlight: str | None = None, muted: tuple[str, ...] = (), muted_label: str = "",
              milestones: pd.DataFrame | None = None) -> go.Figure:
    """Lines per series over years. frame: iso3, name, year, value.

    highlight: iso3 drawn thick; muted: iso3s drawn thin grey (context, e.g. sub-region peers);
    milestones: year, label of sourced events, drawn as dotted vertical lines.
    """
    fig = go.Figure()
    colours = line_colours([c for c in dict.fromkeys(frame["iso3"]) if c not in muted and c != WORLD])
    for iso3, g in frame.groupby("iso3", sort=False):
        name = html.escape(str(g["name"].iloc[0]))
        if iso3 in muted:
            line = dict(color=theme.MUTED_LINE, width=1)
        elif iso3 == WORLD:
            line = dict(color=theme.TEXT, width=2, dash="dash")
        else:
            line = dict(color=colours[iso3], width=4 if iso3 == highlight else 2.5)
        legend_name = html.escape(muted_label) if iso3 in muted and muted_label else name
        fig.add_trace(go.Scatter(
            x=[int(y) for y in g["year"]], y=[float(v) for v in g["value"]], mode="lines", name=legend_name,
            line=line,
            legendrank=2 if iso3 in muted else 1, showlegend=iso3 not in muted or iso3 == muted[0],
            legendgroup="muted" if iso3 in muted else iso3,
            hovertemplate=f"<b>{name}</b><br>%{{x}}: %{{y:,}} {html.escape(unit)}<extra></extra>",
        ))
    marks = milestones.sort_values("year") if milestones is not None else pd.DataFrame(columns=["year", "label"])
    years = [int(y) for y in frame["year"]] or [1990, 2019]
    middle = (min(years) + max(years)) / 2
    for i, m in enumerate(marks.itertuples()):
        # labels sit above the plot area (never over a line), on the side of their line with more room,
        # one row each so none overlap
        right_half = int(m.year) > middle
        fig.add_vline(x=int(m.year), line=dict(color=theme.MUTED, dash="dot", width=1))
        fig.add_annotation(x=int(m.year), y=1, yref="paper", yshift=2 + LABEL_ROW * (len(marks) - 1 - i),
                           text=html.escape(m.label), showarrow=False, xanchor="right" if right_half else "left",
                           yanchor="bottom", xshift=-3 if right_half else 3, font=dict(size=11, color=theme.MUTED))
    _base_layout(fig, title=title, subtitle=subtitle, lang=lang, height=420 + LABEL_ROW * len(marks))
    fig.update_layout(
        xaxis=dict(title=t("col_year", lang), showgrid=False,
                   range=[int(frame["year"].min()), int(frame["year"].max())] if len(frame) else None),
        yaxis=dict(title=unit, type="log" if log else "linear", rangemode="tozero" if not log else None,
                   gridcolor=theme.GRID, separatethousands=True),
        legend=dict(orientation="h", x=0, y=-0.18, yanchor="top"), hovermode="closest",
        margin=dict(l=0, r=0, t=60 + LABEL_ROW * len(marks), b=0),
    )
    return fig


FIXED_COLOURS = {"KAZ": 0, "KGZ": 1, "TJK": 2, "UKR": 3}  # the S-O-S countries keep their colour everywhere


def line_colours(codes: list[str]) -> dict[str, str]:
    """A colour per country that does not change when other countries are added or removed: the S-O-S
    countries have fixed colours, the others take the remaining ones in order."""
    out = {c: theme.QUALITATIVE[i] for c, i in FIXED_COLOURS.items() if c in codes}
    free = [c for i, c in enumerate(theme.QUALITATIVE) if i not in FIXED_COLOURS.values()]
    others = [c for c in codes if c not in out]
    for i, c in enumerate(others):
        out[c] = free[i % len(free)] if i < len(free) else theme.QUALITATIVE[i % len(theme.QUALITATIVE)]
    return out


def wrap(text: str, width: int = 28) -> str:
    """Plotly does not wrap labels: break long ones into lines of about `width` characters."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join([*lines, line])


def fig_stacked(frame: pd.DataFrame, *, lang: str, title: str, subtitle: str, unit: str) -> go.Figure:
    """Stacked areas over years. frame: year, label, value (one band per label, in order)."""
    fig = go.Figure()
    for i, (label, g) in enumerate(frame.groupby("label", sort=False)):
        name = html.escape(str(label))
        fig.add_trace(go.Scatter(
            x=[int(y) for y in g["year"]], y=[float(v) for v in g["value"]], name=name, mode="lines",
            stackgroup="one", line=dict(width=0.5, color=theme.QUALITATIVE[i % len(theme.QUALITATIVE)]),
            hovertemplate=f"<b>{name}</b><br>%{{x}}: %{{y:,}} {html.escape(unit)}<extra></extra>",
        ))
    _base_layout(fig, title=title, subtitle=subtitle, lang=lang, height=400)
    top = float(frame.groupby("year")["value"].sum().max()) if len(frame) else 0.0
    fig.update_layout(xaxis=dict(title=t("col_year", lang), showgrid=False),
                      yaxis=dict(title=unit, gridcolor=theme.GRID, separatethousands=True,
                                 range=[0, top * 1.08] if top > 0 else None),  # headroom over the highest total
                      legend=dict(orientation="h", x=0, y=-0.18, yanchor="top"), hovermode="x unified")
    return fig


def fig_bars(frame: pd.DataFrame, *, lang: str, title: str, subtitle: str, unit: str,
             target: float | None = None, target_label: str = "", range_max: float | None = None) -> go.Figure:
    """Horizontal bars. frame: label, value (None = not reported: no bar, a text label instead), text.

    target: a reference line (e.g. a 90% target), labelled.
    """
    fig = go.Figure()
    labels = [wrap(s) for s in _esc(frame["label"])]
    values = [None if pd.isna(v) else float(v) for v in frame["value"]]
    fig.add_trace(go.Bar(
        y=labels, x=[v if v is not None else 0 for v in values], orientation="h",
        marker_color=[theme.PRIMARY if v is not None else "rgba(0,0,0,0)" for v in values],
        text=_esc(frame["text"]), textposition="outside", cliponaxis=False,
        hovertemplate="<b>%{y}</b><br>%{text}<extra></extra>",
    ))
    if target is not None:
        fig.add_vline(x=target, line=dict(color=theme.TEXT, dash="dash", width=1.5))
        fig.add_annotation(x=target, y=1, yref="paper", text=html.escape(target_label), showarrow=False,
                           xanchor="right", yanchor="bottom", font=dict(size=11))
    _base_layout(fig, title=title, subtitle=subtitle, lang=lang, height=120 + 48 * len(frame))
    fig.update_layout(xaxis=dict(title=unit, range=[0, range_max] if range_max else None, gridcolor=theme.GRID),
                      yaxis=dict(autorange="reversed"), showlegend=False, margin=dict(l=0, r=40, t=60, b=0))
    return fig


def fig_grouped_bars(frame: pd.DataFrame, *, lang: str, title: str, subtitle: str, unit: str,
                     series_order: list[str], colours: list[str] | None = None) -> go.Figure:
    """Horizontal bars in groups, one bar per series in each group, the same axis for all (the values must
    be one measure). frame: group, series, value, text (shown beside the bar)."""
    fig = go.Figure()
    colours = colours or theme.QUALITATIVE
    groups = list(dict.fromkeys(frame["group"]))
    for i, name in enumerate(series_order):
        part = frame[frame["series"] == name].set_index("group").reindex(groups)
        fig.add_trace(go.Bar(
            y=[wrap(g) for g in _esc(groups)], x=[None if pd.isna(v) else float(v) for v in part["value"]],
            name=wrap(html.escape(name), 34), orientation="h", marker_color=colours[i % len(colours)],
            text=_esc(part["text"].fillna("")), textposition="outside", cliponaxis=False,
            hovertemplate="<b>%{y}</b><br>" + html.escape(name) + ": %{text}<extra></extra>",
        ))
    _base_layout(fig, title=title, subtitle=subtitle, lang=lang, height=150 + 26 * len(groups) * len(series_order))
    fig.update_layout(barmode="group", xaxis=dict(title=unit, gridcolor=theme.GRID), yaxis=dict(autorange="reversed"),
                      legend=dict(orientation="h", y=-0.15, traceorder="normal"), margin=dict(l=0, r=60, t=60, b=0))
    return fig


def fig_timeline(frame: pd.DataFrame, *, lang: str, title: str, subtitle: str) -> go.Figure:
    """Events on a vertical time axis (earliest at the top), each labelled to the right of its year: reads the
    same on a phone and a desktop. frame: year, label (one row per sourced event); a second event in the
    same year is labelled under the first."""
    years = [int(y) for y in frame["year"]] or [2014, 2024]
    lo, hi = min(years) - 1, max(years) + 1
    fig = go.Figure(go.Scatter(
        x=[0] * len(frame), y=years, mode="markers", marker=dict(size=12, color=theme.PRIMARY),
        text=_esc(frame["label"]), hovertemplate="<b>%{y}</b><br>%{text}<extra></extra>",
    ))
    fig.add_shape(type="line", x0=0, x1=0, y0=lo + 0.5, y1=hi - 0.5, line=dict(color=theme.MUTED, width=1),
                  layer="below")
    seen: dict[int, int] = {}
    for year, label in zip(years, _esc(frame["label"]), strict=True):
        k = seen[year] = seen.get(year, -1) + 1
        fig.add_annotation(x=0, y=year, text=wrap(label, 46), showarrow=False, xanchor="left", yanchor="top",
                           xshift=14, yshift=9 - 30 * k, align="left", font=dict(size=12))
    _base_layout(fig, title=title, subtitle=subtitle, lang=lang, height=80 + 40 * (hi - lo))
    fig.update_layout(yaxis=dict(range=[hi, lo], tickvals=list(range(lo + 1, hi)), showgrid=False, zeroline=False,
                                 title=None),
                      xaxis=dict(visible=False, range=[-0.03, 1], fixedrange=True), showlegend=False,
                      margin=dict(l=44, r=0, t=60, b=0))
    return fig
