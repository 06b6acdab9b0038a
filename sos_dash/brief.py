"""The one-page briefs (PDF, A4) that can be handed over at a meeting: a country's, and Eastern Europe and Central
Asia's.

`country_brief(data, iso3, lang, link=...)`: the country's name; its naloxone access, one row per indicator (status,
year, certainty: country.badges, the words its profile shows); the key figures (country.key_figures) beside a small
trend chart of its GBD opioid death rate and the World's, with their source; up to five programme facts with short
source lines; the S-O-S study's cascade for the four study countries (study_rows, the one place it comes from); the
data package's date, the profile's link and the GBD credit. `region_brief(data, lang, link=...)`: every EECA
country's take-home naloxone and peer-distribution status with year and certainty, and its opioid death rate.

Pure (no streamlit) and offline. What a brief says is gathered once (CountryBrief, RegionBrief); ReportLab then
draws it with the DejaVu Sans fonts shipped in sos_dash/fonts/ (Latin and Cyrillic, embedded as subsets, so the text
is searchable), the chart with the PDF's own lines (no browser), at the largest of SCALES at which it fits one page:
always one page, nothing cut off. The bytes are the same on every run (ReportLab's invariant mode: no clock time,
no random document id).
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlencode

import pandas as pd
from reportlab import rl_config
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from . import country, site, theme, views
from .datapkg import schema
from .datapkg.load import DATA_DIR, Data, changelog
from .figures import access_colour
from .i18n import format_date, lang_column, number, t
from .text import NO_UNIT, fact_text

FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR, BOLD = "DejaVuSans", "DejaVuSans-Bold"
BUTTON_KEY = "brief_button"  # the profile's "Country brief (PDF)" button: t(BUTTON_KEY, lang)
MIME = "application/pdf"
MAX_FACTS = 5
SHORT_VALUE = 40  # facts whose value is at most this long are chosen first (a value is never cut short)
REGION = "eeca"
REGION_INDICATORS = ("take_home_naloxone", "peer_distribution")
MM = 72 / 25.4
PAGE_W, PAGE_H = A4
MARGIN = 15 * MM
WIDTH = PAGE_W - 2 * MARGIN
GAP = 3 * MM  # between a table's columns (so that a text extractor keeps the columns apart)
SCALES = (1.0, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6)  # tried in turn until everything fits one page
MUTED, RULE = theme.MUTED, "#d0d0d0"
COUNTRY_LINE, WORLD_LINE = theme.QUALITATIVE[0], "#8a8a8a"


def _register_fonts() -> None:
    """DejaVu Sans, regular and bold, registered once per process (ReportLab keeps them). Streams are written
    compressed but not ASCII85-encoded (ReportLab's default): smaller files, written faster."""
    rl_config.useA85 = 0
    if REGULAR not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(REGULAR, str(FONT_DIR / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))


def missing_glyphs(text: str) -> list[str]:
    """The characters of `text` that the shipped fonts cannot draw."""
    _register_fonts()
    missing: list[str] = []
    for name in (REGULAR, BOLD):
        cmap = pdfmetrics.getFont(name).face.charToGlyph
        missing += [ch for ch in text if ord(ch) not in cmap and not ch.isspace() and ch not in missing]
    return missing


# ---------------------------------------------------------------- links and names
def profile_link(base: str, iso3: str, lang: str) -> str:
    """The country's profile on the dashboard at `base` (an address, or a relative path)."""
    page = site.BY_SCRIPT["pages/3_countries.py"].url
    return f"{base.rstrip('/')}{page}?{urlencode({'country': iso3, 'lang': lang})}"


def region_link(base: str, lang: str) -> str:
    """The naloxone-access map of Eastern Europe and Central Asia on the dashboard at `base`."""
    page = site.BY_SCRIPT["pages/1_map.py"].url
    return f"{base.rstrip('/')}{page}?{urlencode({'layer': 'access', 'region': REGION, 'lang': lang})}"


def file_name(code: str, lang: str) -> str:
    """brief-kgz.ru.pdf, brief-eeca.en.pdf: the name the export and the profile's download give a brief."""
    return f"brief-{code.lower()}.{lang}.pdf"


def package_date(data_dir: Path = DATA_DIR) -> str:
    """The data package's date: data/CHANGELOG.md's newest entry (YYYY-MM-DD)."""
    return changelog(data_dir)[0]


# ---------------------------------------------------------------- what a country brief says
class StudyRow(NamedTuple):
    """One step of the S-O-S study's cascade in a country (participants followed up, those who witnessed an
    overdose, those who used naloxone at it)."""
    label: str  # what is counted, in the language
    value: str  # as shown, with the share the source gives
    detail: str  # its denominator or period, in the language
    fact_id: str  # the fact it is read from (its source is named under the table)


def study_rows(data: Data, iso3: str, lang: str) -> list[StudyRow]:
    """The S-O-S study's cascade for one of the four study countries as the brief shows it (views.cascade_rows,
    as the profile shows it); [] for any other country. The one place the brief takes it from."""
    return [StudyRow(r.label, r.value, t("sos_cascade_period", lang), r.fact_ids[0])
            for r in views.cascade_rows(data, iso3, lang)]


@dataclass(frozen=True)
class FactLine:
    value: str  # value and unit, as the profile's card shows them
    label: str  # the indicator
    when: str  # its period, and the area when the figure is for a group of countries
    sources: str  # short source line(s): publisher, year


@dataclass(frozen=True)
class CountryBrief:
    """Everything a country's brief says, in its language."""
    iso3: str
    lang: str
    name: str
    badges: list[country.Badge]
    access_none: bool  # no statement at all about its naloxone access
    access_sources: str
    figures: list[country.KeyFigure]
    series: pd.Series  # its GBD opioid death rate by year (empty: no GBD series)
    world: pd.Series
    world_name: str
    facts: list[FactLine]
    fact_count: int  # the programme figures its profile lists
    study: list[StudyRow]
    study_sources: str
    credit: str  # the GBD credit, in the language's credit column
    footer: list[tuple[str, str | None]]  # (text, link)


def short_source(data: Data, source_id: str, lang: str) -> str:
    """A source in a few words: its publisher in the language, and the year it was published."""
    src = data.sources_by_id.loc[source_id]
    publisher = str(src[lang_column("publisher", lang)])
    year = str(src["published"] or "")[:4]
    return f"{publisher}, {year}" if year and year not in publisher else publisher


def _sources_of(data: Data, fact_ids, lang: str) -> str:
    source_of = data.facts_by_id["source_id"]
    return "; ".join(dict.fromkeys(short_source(data, source_of[f], lang) for f in fact_ids if f))


def chosen_facts(data: Data, iso3: str, lang: str, limit: int = MAX_FACTS) -> tuple[list[FactLine], int]:
    """Up to `limit` of the country's programme figures (each figure once, as the profile groups them), and how many
    there are. Chosen first: the country's own (not a group's), dated, with a short value, newest; shown newest
    first, undated last."""
    groups = country.fact_groups(country.programme_facts(data, iso3)[0], data, lang)
    items = [(g, item) for g in groups for item in g.items]
    by_id = data.facts_by_id

    def rank(pair):
        item = pair[1]
        return (by_id.loc[item.fact_ids[0], "iso3"] != iso3, item.year is None, len(item.value) > SHORT_VALUE,
                -(item.year or 0), item.fact_ids[0])

    chosen = sorted(sorted(items, key=rank)[:limit], key=lambda p: (p[1].year is None, -(p[1].year or 0)))
    out = []
    for g, item in chosen:
        f = by_id.loc[item.fact_ids[0]]
        unit = "" if f["unit"] in NO_UNIT else fact_text(f, "unit", lang)
        when = [fact_text(f, "period", lang)]
        if f["iso3"] != iso3:
            when.append(t("group_fact", lang, area=fact_text(f, "area", lang)))
        out.append(FactLine(f"{item.value} {unit}".strip(), g.label, " · ".join(when),
                            _sources_of(data, item.fact_ids, lang)))
    return out, len(items)


def _footer_parts(data: Data, lang: str, link_text: str, link: str, gbd: bool, date: str) -> list:
    parts = [(f"{t('app_title', lang)} · {t('brief_package', lang, date=format_date(date, lang))}", None),
             (f"{link_text} {link}", link)]
    if gbd:
        src = data.sources_by_id.loc[country.GBD_RATE_SOURCE]
        parts.append((t("brief_gbd_credit", lang, credit=src[lang_column("credit", lang)],
                        licence=src[lang_column("licence", lang)]), None))
    return parts


def country_content(data: Data, iso3: str, lang: str, *, link: str, study: Sequence[StudyRow] | None = None,
                    date: str | None = None) -> CountryBrief:
    countries = data.countries.set_index("iso3")
    if iso3 not in countries.index or countries.loc[iso3, "is_aggregate"]:
        raise KeyError(f"no country profile for {iso3!r}")
    badges = country.badges(data, iso3, lang)
    series = country.rate_series(data, iso3)
    facts, count = chosen_facts(data, iso3, lang)
    rows = list(study_rows(data, iso3, lang) if study is None else study)
    return CountryBrief(
        iso3=iso3, lang=lang, name=str(countries.loc[iso3, f"name_{lang}"]), badges=badges,
        access_none=not (data.access["iso3"] == iso3).any(),
        access_sources=_sources_of(data, [f for b in badges for f in b.fact_ids], lang),
        figures=country.key_figures(data, iso3, lang), series=series,
        world=country.rate_series(data, schema.WORLD), world_name=str(countries.loc[schema.WORLD, f"name_{lang}"]),
        facts=facts, fact_count=count, study=rows, study_sources=_sources_of(data, [r.fact_id for r in rows], lang),
        credit=str(data.sources_by_id.loc[country.GBD_RATE_SOURCE, lang_column("credit", lang)]),
        footer=_footer_parts(data, lang, t("brief_profile_link", lang), link, not series.empty,
                             package_date() if date is None else date))


# ---------------------------------------------------------------- what the region brief says
@dataclass(frozen=True)
class RegionRow:
    iso3: str
    name: str
    badges: list[country.Badge]  # REGION_INDICATORS' badges
    rate: str  # its latest GBD opioid death rate, as a number in the language ("" without a GBD series)


@dataclass(frozen=True)
class RegionBrief:
    lang: str
    name: str
    rows: list[RegionRow]
    year: int | None  # the rates' year
    access_sources: str
    credit: str
    footer: list[tuple[str, str | None]]


def region_content(data: Data, lang: str, *, link: str, date: str | None = None) -> RegionBrief:
    codes = views.region_members(data, REGION)
    c = data.countries[data.countries["iso3"].isin(codes)].sort_values(f"name_{lang}")
    rows, years = [], []
    for iso3, name in zip(c["iso3"], c[f"name_{lang}"], strict=True):
        by_indicator = {b.indicator: b for b in country.badges(data, iso3, lang)}
        series = country.rate_series(data, iso3)
        if not series.empty:
            years.append(int(series.index.max()))
        rows.append(RegionRow(iso3, str(name), [by_indicator[i] for i in REGION_INDICATORS],
                              "" if series.empty else number(float(series.iloc[-1]), lang)))
    ids = [f for r in rows for b in r.badges for f in b.fact_ids]
    return RegionBrief(lang, t("r_eeca", lang), rows, max(years) if years else None, _sources_of(data, ids, lang),
                       str(data.sources_by_id.loc[country.GBD_RATE_SOURCE, lang_column("credit", lang)]),
                       _footer_parts(data, lang, t("brief_region_link", lang), link, True,
                                     package_date() if date is None else date))


# ---------------------------------------------------------------- drawing
@lru_cache(maxsize=1 << 16)
def width_of(text: str, font: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, font, size)


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines of at most `width` points; breaks at ordinary spaces only (a no-break space, as in "14 263", holds),
    and inside a word only when the word alone is wider than the line (a long link). Widths add up (ReportLab
    does not kern), so each word is measured once."""
    space = width_of(" ", font, size)
    lines: list[str] = []
    for para in text.split("\n"):
        line, used = "", 0.0
        for word in [w for w in para.split(" ") if w]:
            w = width_of(word, font, size)
            if line and used + space + w <= width:
                line, used = f"{line} {word}", used + space + w
                continue
            if line:
                lines.append(line)
            while len(word) > 1 and w > width:  # a word wider than the line: cut it
                cut = next(i for i in range(len(word) - 1, 0, -1)
                           if width_of(word[:i], font, size) <= width or i == 1)
                lines.append(word[:cut])
                word = word[cut:]
                w = width_of(word, font, size)
            line, used = word, w
        lines.append(line)
    return lines


@dataclass
class Layout:
    """A page drawn top-down at a scale; `y` is the top of what comes next. `lines` records every line of text
    drawn (what the PDF's text says); `overflow` is set when anything went below `bottom`."""
    canvas: Canvas
    scale: float
    y: float = PAGE_H - MARGIN
    bottom: float = MARGIN
    lines: list[str] = field(default_factory=list)
    overflow: bool = False

    def pt(self, size: float) -> float:
        return size * self.scale

    def text(self, x: float, top: float, line: str, font: str, size: float, colour: str = theme.TEXT,
             right: bool = False) -> None:
        """One line whose top is at `top` (its baseline a font's ascent below), at `size` points (scaled)."""
        baseline = top - size * 0.93
        if baseline < self.bottom - 1:
            self.overflow = True
        c = self.canvas
        c.setFillColor(HexColor(colour))
        c.setFont(font, size)
        (c.drawRightString if right else c.drawString)(x, baseline, line)
        self.lines.append(line)

    def para(self, x: float, top: float, width: float, text: str, font: str = REGULAR, size: float = 8.5,
             colour: str = theme.TEXT, leading: float = 1.25, draw: bool = True) -> float:
        """A wrapped paragraph at `size` before scaling; returns its height."""
        size = self.pt(size)
        lines = wrap(text, font, size, width) if text else []
        if draw:
            for i, line in enumerate(lines):
                self.text(x, top - i * size * leading, line, font, size, colour)
        return len(lines) * size * leading

    def flow(self, text: str, font: str = REGULAR, size: float = 8.5, colour: str = theme.TEXT,
             after: float = 1.5) -> None:
        """A paragraph across the page, where the last one ended."""
        self.y -= self.para(MARGIN, self.y, WIDTH, text, font, size, colour) + self.pt(after)

    def heading(self, text: str) -> None:
        self.y -= self.pt(4)
        self.flow(text, BOLD, 11.5, theme.PRIMARY, after=1.2)
        self.rule(self.y + self.pt(0.6))
        self.y -= self.pt(2.4)

    def rule(self, y: float, colour: str = RULE) -> None:
        c = self.canvas
        c.setStrokeColor(HexColor(colour))
        c.setLineWidth(0.5)
        c.line(MARGIN, y, MARGIN + WIDTH, y)

    def swatch(self, x: float, top: float, colour: str) -> float:
        """A status's colour square (as on the map); returns its width."""
        size = self.pt(3 * MM)
        c = self.canvas
        c.setFillColor(HexColor(colour))
        c.setStrokeColor(HexColor("#9a9a9a"))
        c.setLineWidth(0.3)
        c.rect(x, top - size, size, size, stroke=1, fill=1)
        return size

    def table(self, columns: Sequence[tuple[float, str, float]], rows: Sequence[Sequence[str]], *,
              head: Sequence[str] | None = None, smalls: Sequence[Sequence[str]] | None = None,
              swatches: Sequence[str] | None = None) -> None:
        """Rows of wrapped cells. columns: (share of the page's width, font, size) each; smalls: a smaller, muted
        line under a cell; swatches: a colour square before each row's first cell."""
        widths = [share * WIDTH for share, _, _ in columns]
        gap = self.pt(GAP)
        offset = self.pt(3 * MM) + self.pt(1.5 * MM) if swatches else 0.0  # the first cell's text after its square

        def cells(texts, fonts, small_texts=None) -> float:
            x, height = MARGIN, 0.0
            for j, (w, text, (font, size, colour)) in enumerate(zip(widths, texts, fonts, strict=True)):
                inner = offset if j == 0 else 0.0
                h = self.para(x + inner, self.y, w - gap - inner, text, font, size, colour)
                if small_texts and small_texts[j]:
                    h += self.para(x + inner, self.y - h, w - gap - inner, small_texts[j], REGULAR, 6.6, MUTED,
                                   leading=1.2)
                height = max(height, h)
                x += w
            return height

        if head:
            self.y -= cells(head, [(BOLD, 7, MUTED)] * len(widths)) + self.pt(1)
            self.rule(self.y)
            self.y -= self.pt(2)
        fonts = [(font, size, theme.TEXT) for _, font, size in columns]
        for i, row in enumerate(rows):
            if swatches:
                self.swatch(MARGIN, self.y - self.pt(0.6), swatches[i])
            self.y -= cells(row, fonts, smalls[i] if smalls else None) + self.pt(1.2)
            self.rule(self.y)
            self.y -= self.pt(2)


def _nice_step(top: float) -> float:
    """A tick step giving 2 to 4 gridlines above zero up to `top` (1, 2, 2.5 or 5 times a power of ten)."""
    raw = top / 4 if top > 0 else 1
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def trend_chart(lay: Layout, x: float, top: float, w: float, h: float, series: Sequence[tuple[str, pd.Series, str]],
                lang: str, title: str, unit: str) -> None:
    """A small line chart drawn with the PDF's own lines: title, unit, legend, y gridlines with values in the
    language's format, the first, decade and last years."""
    c = lay.canvas
    small = lay.pt(6.6)
    lay.text(x, top, title, BOLD, lay.pt(8.5))
    lay.text(x, top - lay.pt(11.5), unit, REGULAR, small, MUTED)
    lx, ly = x, top - lay.pt(24)
    for name, _, colour in series:
        c.setStrokeColor(HexColor(colour))
        c.setLineWidth(lay.pt(1.8 if colour == COUNTRY_LINE else 1.1))
        c.line(lx, ly + small * 0.35, lx + lay.pt(12), ly + small * 0.35)
        lay.text(lx + lay.pt(15), ly + small * 0.93, name, REGULAR, small)
        lx += lay.pt(24) + width_of(name, REGULAR, small)
    years = sorted({int(y) for _, s, _ in series for y in s.index})
    values = [float(v) for _, s, _ in series for v in s.to_numpy()]
    step = _nice_step(max(values))
    ymax = step * math.ceil(max(values) / step - 1e-9)
    labels = [number(round(k * step, 6), lang) for k in range(int(round(ymax / step)) + 1)]
    left = x + max(width_of(s, REGULAR, small) for s in labels) + lay.pt(3)
    right = x + w - lay.pt(8)
    plot_top, plot_bottom = top - lay.pt(34), top - h + lay.pt(10)
    y0, y1 = years[0], years[-1]

    def px(year: int) -> float:
        return left + (year - y0) / max(1, y1 - y0) * (right - left)

    def py(v: float) -> float:
        return plot_bottom + v / ymax * (plot_top - plot_bottom)

    c.setLineWidth(0.4)
    for k, label in enumerate(labels):
        yy = py(k * step)
        c.setStrokeColor(HexColor(theme.GRID if k else "#9a9a9a"))
        c.line(left, yy, right, yy)
        lay.text(left - lay.pt(2.5), yy + small * 0.45, label, REGULAR, small, MUTED, right=True)
    ticks = sorted({y0, y1, *[y for y in range(y0, y1 + 1) if y % 10 == 0 and y1 - y >= 4 and y - y0 >= 4]})
    for year in ticks:
        label = str(year)
        lay.text(px(year) - width_of(label, REGULAR, small) / 2, plot_bottom - lay.pt(2.5), label,
                 REGULAR, small, MUTED)
    for _, s, colour in reversed(series):  # the country's line last: on top
        c.setStrokeColor(HexColor(colour))
        c.setLineWidth(lay.pt(1.8 if colour == COUNTRY_LINE else 1.1))
        path = c.beginPath()
        for i, (year, v) in enumerate(s.items()):
            (path.lineTo if i else path.moveTo)(px(int(year)), py(float(v)))
        c.drawPath(path, stroke=1, fill=0)


def _header(lay: Layout, title: str, subtitle: str) -> None:
    lay.flow(title, BOLD, 20, after=0.8)
    lay.flow(subtitle, REGULAR, 10.5, MUTED, after=2)
    lay.rule(lay.y + lay.pt(1), colour=theme.PRIMARY)
    lay.y -= lay.pt(3)


def _footer(lay: Layout, parts: Sequence[tuple[str, str | None]], draw: bool) -> float:
    """The last lines, at the bottom of the page: (text, link or None) each. Returns their height."""
    height = sum(lay.para(MARGIN, 0, WIDTH, text, REGULAR, 7, MUTED, draw=False) + lay.pt(1) for text, _ in parts)
    height += lay.pt(4)
    if draw:
        lay.bottom = MARGIN  # the footer's own place, below the content's bottom
        top = MARGIN + height
        lay.rule(top)
        top -= lay.pt(4)
        for text, link in parts:
            h = lay.para(MARGIN, top, WIDTH, text, REGULAR, 7, theme.PRIMARY if link else MUTED)
            if link:
                lay.canvas.linkURL(link, (MARGIN, top - h, MARGIN + WIDTH, top), relative=0, thickness=0)
            top -= h + lay.pt(1)
    return height


class Drawn(NamedTuple):
    """How a brief was drawn: every line of its text in order, the scale it fits one page at, and whether it
    still ran over at the smallest scale (never, the tests say)."""
    lines: tuple[str, ...]
    scale: float
    overflow: bool


def _render(draw: Callable[[Layout], None], footer: Sequence[tuple[str, str | None]], lang: str, title: str,
            subject: str) -> tuple[bytes, Drawn]:
    """The page drawn by draw(layout), then its footer, at the largest scale at which it fits one page."""
    _register_fonts()
    for scale in SCALES:
        buf = io.BytesIO()
        canvas = Canvas(buf, pagesize=A4, invariant=1, initialFontName=REGULAR, lang=lang, pageCompression=1)
        canvas.setTitle(title)
        canvas.setSubject(subject)
        canvas.setAuthor(t("app_title", lang))
        canvas.setCreator(t("app_title", lang))
        lay = Layout(canvas, scale)
        lay.bottom = MARGIN + _footer(lay, footer, draw=False) + lay.pt(2)
        draw(lay)
        if lay.overflow and scale != SCALES[-1]:
            continue
        _footer(lay, footer, draw=True)
        canvas.showPage()
        canvas.save()
        return buf.getvalue(), Drawn(tuple(lay.lines), lay.scale, lay.overflow)
    raise AssertionError("unreachable")


# ---------------------------------------------------------------- the country brief
def _access(lay: Layout, b: CountryBrief) -> None:
    lay.heading(t("profile_access_heading", b.lang))
    if b.access_none:
        lay.flow(t("profile_access_none", b.lang, name=b.name), size=8, colour=MUTED, after=2)
    columns = [(0.31, BOLD, 8.2), (0.31, BOLD, 8.2), (0.14, REGULAR, 8), (0.24, REGULAR, 7.6)]
    rows, smalls, swatches = [], [], []
    for x in b.badges:
        own = {x.text, x.when, x.certainty}
        rows.append([x.label, x.text, x.when or "—", x.certainty])
        smalls.append(["", " · ".join(p for p in x.line.split(" · ") if p not in own), "", ""])
        swatches.append(access_colour(x.status, x.firm))
    head = [t("col_indicator", b.lang), t("col_status", b.lang), t("col_year", b.lang), t("col_certainty", b.lang)]
    lay.table(columns, rows, head=head, smalls=smalls, swatches=swatches)
    if any(x.status == "no_peer_distribution" for x in b.badges):  # an HRI cross is not "no naloxone"
        lay.flow(t("access_peer_note", b.lang), size=6.8, colour=MUTED, after=0.8)
    if b.access_sources:
        lay.flow(t("brief_access_sources", b.lang, sources=b.access_sources), size=6.8, colour=MUTED)


def _figures(lay: Layout, b: CountryBrief) -> None:
    lay.heading(t("brief_figures_heading", b.lang))
    if not b.figures or b.series.empty:
        lay.flow(t("brief_no_gbd", b.lang, credit=b.credit, name=b.name), size=8.5, colour=MUTED, after=2)
        return
    top, col = lay.y, 0.36 * WIDTH
    y = top
    for k in b.figures:
        y -= lay.para(MARGIN, y, col, k.label, REGULAR, 7.6, MUTED)
        size = 14.0
        while size > 8 and width_of(k.value, BOLD, lay.pt(size)) > col:
            size -= 0.5  # a figure is not wrapped: smaller instead
        y -= lay.para(MARGIN, y, col, k.value, BOLD, size) + lay.pt(0.3)
        y -= lay.para(MARGIN, y, col, k.detail, REGULAR, 6.8, MUTED, leading=1.2) + lay.pt(4.5)
    chart_x = MARGIN + col + 6 * MM
    chart_h = max(top - y, lay.pt(150))
    trend_chart(lay, chart_x, top, MARGIN + WIDTH - chart_x, chart_h,
                [(b.name, b.series, COUNTRY_LINE), (b.world_name, b.world, WORLD_LINE)], b.lang,
                t("brief_chart_title", b.lang, y0=int(b.series.index.min()), y1=int(b.series.index.max())),
                t("brief_chart_unit", b.lang))
    lay.y = min(y, top - chart_h) - lay.pt(1)
    lay.flow(f"{t('source', b.lang)}: {b.credit}", size=6.8, colour=MUTED)


def _facts(lay: Layout, b: CountryBrief) -> None:
    lay.heading(t("profile_facts_heading", b.lang))
    if not b.facts:
        lay.flow(t("brief_no_facts", b.lang, name=b.name), size=8.5, colour=MUTED, after=2)
        return
    columns = [(0.32, BOLD, 8.2), (0.4, REGULAR, 8), (0.28, REGULAR, 7)]
    lay.table(columns, [[f.value, f.label, f.sources] for f in b.facts], smalls=[["", f.when, ""] for f in b.facts])
    shown = len(b.facts)
    lay.flow(t("brief_facts_some", b.lang, shown=shown, n=b.fact_count) if b.fact_count > shown
             else t("brief_facts_all", b.lang), size=6.8, colour=MUTED)


def _study(lay: Layout, b: CountryBrief) -> None:
    """The S-O-S study's cascade (nothing without rows): label, value, detail; the sources under the table."""
    if not b.study:
        return
    lay.heading(t("brief_study_heading", b.lang, name=b.name))
    columns = [(0.4, REGULAR, 8.2), (0.22, BOLD, 8.6), (0.38, REGULAR, 7)]
    lay.table(columns, [[r.label, r.value, r.detail] for r in b.study])
    lay.flow(f"{t('source', b.lang)}: {b.study_sources}", size=6.8, colour=MUTED)


def draw_country(lay: Layout, b: CountryBrief) -> None:
    _header(lay, b.name, t("brief_subtitle", b.lang))
    _access(lay, b)
    _figures(lay, b)
    _facts(lay, b)
    _study(lay, b)


def country_brief(data: Data, iso3: str, lang: str, *, link: str, study: Sequence[StudyRow] | None = None,
                  date: str | None = None) -> bytes:
    """The country's one-page brief, as PDF bytes. link: its profile's address (profile_link); study: the cascade's
    rows (default: study_rows); date: the data package's date (default: data/CHANGELOG.md's newest entry).
    KeyError for a code without a profile."""
    return country_brief_layout(data, iso3, lang, link=link, study=study, date=date)[0]


def country_brief_layout(data: Data, iso3: str, lang: str, **kwargs) -> tuple[bytes, Drawn]:
    """country_brief, and how it was drawn (its lines of text, its scale)."""
    return render_country(country_content(data, iso3, lang, **kwargs))


def render_country(b: CountryBrief) -> tuple[bytes, Drawn]:
    subtitle = t("brief_subtitle", b.lang)
    return _render(lambda lay: draw_country(lay, b), b.footer, b.lang, f"{b.name} · {subtitle}", subtitle)


# ---------------------------------------------------------------- the region brief
def draw_region(lay: Layout, r: RegionBrief) -> None:
    lang = r.lang
    _header(lay, r.name, t("brief_region_subtitle", lang))
    lay.flow(t("brief_region_intro", lang, n=len(r.rows)), size=7.8, colour=MUTED, after=3)
    shares = (0.22, 0.31, 0.31, 0.16)
    x0 = [MARGIN + sum(shares[:j]) * WIDTH for j in range(len(shares))]
    gap = lay.pt(GAP)
    rate = t("brief_region_rate", lang, year=r.year or "")
    head = [t("col_country", lang), *[t(f"a_{i}", lang) for i in REGION_INDICATORS], rate]
    height = max(lay.para(x0[j], lay.y, shares[j] * WIDTH - gap, head[j], BOLD, 7, MUTED) for j in range(4))
    lay.y -= height + lay.pt(1)
    lay.rule(lay.y)
    lay.y -= lay.pt(1.6)
    for row in r.rows:
        h = lay.para(x0[0], lay.y, shares[0] * WIDTH - gap, row.name, BOLD, 7.8)
        for j, b in enumerate(row.badges, start=1):
            box = lay.swatch(x0[j], lay.y - lay.pt(0.4), access_colour(b.status, b.firm))
            x, w = x0[j] + box + lay.pt(1.5 * MM), shares[j] * WIDTH - box - lay.pt(1.5 * MM) - gap
            hh = lay.para(x, lay.y, w, b.text, REGULAR, 7.6)
            small = " · ".join(p for p in (b.when, b.certainty if b.status != "not_known" else "") if p)
            hh += lay.para(x, lay.y - hh, w, small, REGULAR, 6.3, MUTED, leading=1.2)
            h = max(h, hh)
        h = max(h, lay.para(x0[3], lay.y, shares[3] * WIDTH - gap, row.rate or t("no_data", lang), REGULAR, 7.8,
                            theme.TEXT if row.rate else MUTED))
        lay.y -= h + lay.pt(0.8)
        lay.rule(lay.y)
        lay.y -= lay.pt(1.6)
    lay.y -= lay.pt(1)
    for text in (t("brief_region_note", lang), t("access_peer_note", lang),
                 t("brief_access_sources", lang, sources=r.access_sources),
                 f"{rate}: {t('brief_chart_unit', lang)}. {t('source', lang)}: {r.credit}"):
        lay.flow(text, size=6.8, colour=MUTED, after=1)


def region_brief(data: Data, lang: str, *, link: str, date: str | None = None) -> bytes:
    """Eastern Europe and Central Asia on one page, as PDF bytes: each country's take-home naloxone and
    peer-distribution status with year and certainty (the words of its profile), and its latest GBD opioid death
    rate. link: the region's map on the dashboard (region_link)."""
    return region_brief_layout(data, lang, link=link, date=date)[0]


def region_brief_layout(data: Data, lang: str, **kwargs) -> tuple[bytes, Drawn]:
    r = region_content(data, lang, **kwargs)
    subtitle = t("brief_region_subtitle", lang)
    return _render(lambda lay: draw_region(lay, r), r.footer, lang, f"{r.name} · {subtitle}", subtitle)
