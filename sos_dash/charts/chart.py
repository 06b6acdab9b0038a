"""What a chart is: figure + title + subtitle + text description + the table behind it + its sources, and the
parts every family of charts shares (its CSV, its source lines, translated table headings, GBD subtitles).

Pages, embeds and static exports all draw a `Chart`; `ui.chart()` renders every part of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from ..datapkg.cells import neutralise
from ..i18n import lang_column, t


@dataclass(frozen=True)
class Chart:
    chart_id: str  # stable id, used for embeds and exports (map, trends, drug-types, ...)
    title: str
    subtitle: str
    figure: go.Figure
    description: str  # generated from the data: highest, lowest, change
    table: pd.DataFrame  # exactly the plotted data, with translated column names
    source_ids: tuple[str, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)  # shown under the source line
    caption: str = ""  # what an embed says under its title: the subtitle's words the title does not repeat ("" = all)

    @property
    def embed_caption(self) -> str:
        return self.caption or self.subtitle


def plain_table(table: pd.DataFrame) -> pd.DataFrame:
    """The table with whole-number columns (death counts, years) as integers: no trailing ".0"."""
    table = table.copy()
    for col in table.columns:
        if pd.api.types.is_float_dtype(table[col]) and table[col].dropna().apply(float.is_integer).all():
            table[col] = table[col].astype("Int64")
    return table


def chart_csv(c: Chart, sources: pd.DataFrame, lang: str = "en") -> bytes:
    """The chart's table as UTF-8 CSV with a `source` column naming each source's credit line in the chart's
    language (the GBD licence asks for the credit wherever the data is downloaded). Text cells a spreadsheet would
    run as a formula are neutralised (cells.neutralise, OWASP); the page's download and the static export's CSV
    are both this."""
    credits = sources.set_index("source_id").loc[list(c.source_ids), lang_column("credit", lang)]
    table = plain_table(c.table.assign(source="; ".join(dict.fromkeys(credits))))
    text = [col for col in table.columns if not pd.api.types.is_numeric_dtype(table[col])]  # numbers stay numbers
    table = table.assign(**{col: table[col].map(neutralise) for col in text}).rename(columns=neutralise)
    return table.to_csv(index=False, lineterminator="\n").encode("utf-8")


SOURCE_LINES = 3  # source lines shown under a chart; more are counted, and named in its table and CSV
SAFE_URL = re.compile(r"https?://[^\s()<>\[\]\"']+")


def link_url(url: str) -> str | None:
    """The URL to link to, only when it is a plain http(s) URL; parentheses (as in Elsevier's
    `/pii/S0955-3959(14)00008-5`) are percent-encoded, which means the same to a server and cannot close
    a markdown link."""
    encoded = url.replace("(", "%28").replace(")", "%29")
    return encoded if url and SAFE_URL.fullmatch(encoded) else None


def source_parts(data, source_id: str, lang: str = "en") -> tuple[str, str | None]:
    """A source line's words (credit, and the title when the credit does not name it) in the language, and
    its link."""
    src = data.sources_by_id.loc[source_id]
    credit = src[lang_column("credit", lang)]
    named = credit if src["title"] in credit else f"{credit} — {src['title']}"
    return named, link_url(src["url"])


def credit_line(data, source_ids, lang: str = "en") -> tuple[str, str | None]:
    """An embed's one-line source: "Source: <publisher>" in the language (the publishers' names are our words, each
    with its translation; titles stay in the notes and details) with its link, or for several sources the first two
    publishers and how many sources more, without a link (the notes and details list them all)."""
    ids = list(source_ids)
    if not ids:
        return "", None
    publishers = list(dict.fromkeys(data.sources_by_id.loc[ids, lang_column("publisher", lang)]))
    if len(ids) == 1:
        return f"{t('source', lang)}: {publishers[0]}", link_url(data.sources_by_id.loc[ids[0], "url"])
    named = publishers[:2]
    rest = sum(1 for sid in ids if data.sources_by_id.loc[sid, lang_column("publisher", lang)] not in named)
    names = ", ".join(named)
    return f"{t('sources', lang)}: {t('credit_more', lang, names=names, n=rest) if rest else names}", None


GBD_RATE_SOURCE = "ihme-gbd2019-death-rate-opioid-use"


def gbd_subtitle(measure: str, unit: str, lang: str) -> str:
    """Measure, unit and what the figures are; a count's measure already says "deaths", so no unit repeats it."""
    if unit == t("unit_deaths", lang):
        return t("gbd_subtitle_count", lang, measure=measure)
    return t("gbd_subtitle", lang, measure=measure, unit=unit)


def gbd_caption(unit: str, lang: str) -> str:
    """The GBD subtitle without the measure its chart's title already names: the unit and what the figures are."""
    if unit == t("unit_deaths", lang):
        return t("gbd_caption_count", lang)
    return t("gbd_caption", lang, unit=unit)


def measure_label(measure: str, lang: str) -> str:
    return t(f"m_{measure}", lang)


# table column -> its heading's string key (charts' tables are shown and downloaded with translated headings)
COLUMN_LABELS = {"name": "col_country", "label": "col_indicator", "status": "col_status", "period": "period",
                 "detail": "col_value", "value": "col_value", "year": "col_year", "unit": "col_unit",
                 "scope": "col_scope", "confidence": "col_confidence", "certainty": "col_certainty",
                 "sources": "col_sources"}


def localized(table: pd.DataFrame, lang: str, **keys: str) -> pd.DataFrame:
    """The table with translated column headings; keys overrides a column's string key."""
    labels = {**COLUMN_LABELS, **keys}
    return table.rename(columns={c: t(labels[c], lang) for c in table.columns if c in labels}).reset_index(drop=True)


def series_table(frame: pd.DataFrame, unit: str, lang: str) -> pd.DataFrame:
    return localized(frame[["name", "year", "value"]].assign(unit=unit), lang)


def sources_of(data, fact_ids) -> tuple[str, ...]:
    ids = [f for f in fact_ids if f]
    return tuple(dict.fromkeys(data.facts_by_id.loc[ids, "source_id"]))

