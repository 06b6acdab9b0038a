"""Hostile URLs and hostile data text.

1. An AppTest sweep of hostile query strings over every page and embed mode: unknown and repeated keys, huge
   values, unicode (RTL, emoji, zero-width, combining), HTML and script, markdown links and emphasis, LaTeX,
   negative and far-future years, unknown and lower-case codes, wrong languages, NUL and newlines. For each:
   no exception; the page shows the view it would show without the bad value (the default view, compared
   element by element with a run of that URL); exactly one notice (st.info) per bad value the page reads,
   none for keys it does not read; the notice repeats at most MAX_PARAM_LEN characters of the value,
   escaped, and renders as one literal paragraph; and no element carries markup or a link built from the
   input.
2. Data text: a copy of the real data with HTML, markdown and script in a fact's quote and area and in a
   country's names; the pure rendering helpers (ui.md_escape, ui.quote_markdown, the chart builders) keep it
   literal text, and the country profile shows it as text.

Each case gets a fresh AppTest: one AppTest reused across URLs keeps its keyed widgets' values (a map year
of 2010 stays 2010 when the next URL's year is bad), which would hide the default view being checked.
Markdown is checked by rendering it with markdown-it (CommonMark + GFM tables and strikethrough): an
approximation of Streamlit's renderer, close enough to tell literal text from markup.
"""

from __future__ import annotations

import dataclasses
import html
import json
import re

import pytest
from apptest import (
    BASE,
    COUNTRIES,
    DATA,
    HOME,
    MAP,
    SOS,
    TRENDS,
    figure,
    markdown_texts,
    no_exception,
    run,
    run_cached,
    specs,
    unescape,
    widget_values,
)
from markdown_it import MarkdownIt

from sos_dash import charts, embeds, site, ui
from sos_dash.i18n import LANGS
from sos_dash.state import MAX_PARAM_LEN, CountryState, MapState, PageState, TrendsState

PAGES = site.PAGES

MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])

# ---------------------------------------------------------------- hostile values

V = {
    "script": "<script>alert(1)</script>",
    "img": '"><img src=x onerror=alert(1)>',
    "js": "javascript:alert(1)",
    "mdlink": "[x](javascript:alert(1))",
    "bold": "**bold**",
    "latex": "$$latex$$",
    "huge": "<script>" * 1250,  # 10,000 characters: cut at MAX_PARAM_LEN, escaped after the cut
    "huge9": "9" * 10_000,
    "rtl": "\u202egnp.exe\u202c",
    "arabic": "مرحبا",
    "emoji": "💉🙂",
    "zw": "K\u200bGZ",
    "comb": "K\u0301GZ",
    "nul": "a\x00b",
    "nl": "a\nb",
    "heading": "a\n===\nb",  # a newline, then a setext heading underline
    "entity": "&lt;script&gt;",
    "neg": "-2010",
    "future": "3000",
    "far": "999999999",
}
# values that carry markup: a page must never show them verbatim in rendered text
MARKUP = re.compile(r"[<>\[\]()*_`$#|~]")


def hostile_params_id(params: dict) -> str:
    names = {v: k for k, v in V.items()}

    def show(v):
        if isinstance(v, (list, tuple)):
            return "[" + ",".join(show(x) for x in v) + "]"
        return f"<{names[v]}>" if v in names else (v if len(v) <= 24 else v[:20] + "…")

    return "&".join(f"{k if len(k) <= 12 else k[:10] + '…'}={show(v)}" for k, v in params.items())


# ---------------------------------------------------------------- the cases

def case(page, params, notices=(), view=None, *, embedded=False, bad_chart=False):
    """page, the URL's params, the keys that must get a notice, the params of the view shown instead
    (None: the page's default view), embed mode, and whether an embed must say the chart id is unknown."""
    label = ("embed:" if embedded else "") + page.script.split("/")[-1].removesuffix(".py") + "?" + \
        hostile_params_id(params)
    return pytest.param(page, params, tuple(sorted(notices)), view or {}, embedded, bad_chart, id=label)


CASES = []
# the language, read by every page (setup); an empty value is no value
for page in PAGES:
    for lang in ("de", "RU", "ru;en", V["script"]):
        CASES.append(case(page, {"lang": lang}, ["lang"]))
    CASES.append(case(page, {"lang": ""}))
    # keys no page reads are ignored without a notice (and dropped from the URL: see assert_same_view)
    CASES.append(case(page, {"foo": V["script"], V["mdlink"]: V["img"], "utm_source": V["huge"]}))
# the home and S-O-S pages read nothing but the language
CASES += [case(HOME, {"country": V["script"]}), case(HOME, {"country": "ZZZ", "year": V["neg"]}),
          case(SOS, {"year": V["script"], "country": "ZZZ", "q": V["nul"]})]

# map: year, measure, region, layer, access
for name in ("script", "img", "huge9", "huge", "neg", "future", "far", "nul", "nl", "heading", "entity", "rtl"):
    CASES.append(case(MAP, {"year": V[name]}, ["year"]))
for year in ("1989", "２０１０", "2019.0", "02019", " 2019"):
    CASES.append(case(MAP, {"year": year}, ["year"]))
for name in ("mdlink", "bold", "emoji", "js"):
    CASES.append(case(MAP, {"measure": V[name]}, ["measure"]))
CASES.append(case(MAP, {"measure": "RATE_OPIOID"}, ["measure"]))
for name in ("img", "latex", "arabic"):
    CASES.append(case(MAP, {"region": V[name]}, ["region"]))
CASES.append(case(MAP, {"region": "World"}, ["region"]))
for name in ("js", "comb"):
    CASES.append(case(MAP, {"layer": V[name]}, ["layer"]))
CASES.append(case(MAP, {"layer": "ACCESS"}, ["layer"]))
CASES.append(case(MAP, {"access": V["script"]}, ["access"]))  # read (and named) on the deaths layer too
CASES.append(case(MAP, {"layer": "access", "access": V["img"]}, ["access"], {"layer": "access"}))
CASES.append(case(MAP, {"lang": "de", "year": V["far"], "measure": V["bold"], "region": V["img"],
                        "layer": V["latex"], "access": V["script"]},
                  ["lang", "year", "measure", "region", "layer", "access"]))
CASES.append(case(MAP, {"year": V["neg"], "region": "eeca"}, ["year"], {"region": "eeca"}))

# trends: countries, measure, scale, country
for name in ("script", "mdlink", "huge", "zw", "comb", "rtl", "emoji"):
    CASES.append(case(TRENDS, {"countries": V[name]}, ["countries"]))
CASES.append(case(TRENDS, {"countries": "XXX,YYY"}, ["countries"]))
CASES.append(case(TRENDS, {"countries": "," * 100}, ["countries"]))
CASES.append(case(TRENDS, {"countries": "kgz,kaz"}, [], {"countries": "KGZ,KAZ"}))  # lower case is fine
CASES.append(case(TRENDS, {"countries": f"KGZ,{V['script']}"}, ["countries"], {"countries": "KGZ"}))
THIRTEEN = ["KAZ", "KGZ", "TJK", "UKR", "USA", "GBR", "DEU", "FRA", "ITA", "ESP", "POL", "RUS", "CAN"]
CASES.append(case(TRENDS, {"countries": ",".join(THIRTEEN)}, ["countries"], {"countries": ",".join(THIRTEEN[:12])}))
for name in ("bold", "latex"):
    CASES.append(case(TRENDS, {"measure": V[name]}, ["measure"]))
for scale in (V["latex"], "LOG", V["nl"]):
    CASES.append(case(TRENDS, {"scale": scale}, ["scale"]))
for country in ("OWID_WRL", "owid_wrl", V["script"], V["rtl"], V["emoji"]):  # the drug-type country: not the world
    CASES.append(case(TRENDS, {"country": country}, ["country"]))
CASES.append(case(TRENDS, {"country": "tjk"}, [], {"country": "TJK"}))  # any case, as on the other pages

# country profiles: country (any case)
for name in ("script", "img", "mdlink", "huge", "huge9", "zw", "comb", "rtl", "nul", "emoji", "entity", "heading"):
    CASES.append(case(COUNTRIES, {"country": V[name]}, ["country"]))
for country in ("ZZZ", "owid_wrl", "OWID_WRL", "K G Z", "KG"):
    CASES.append(case(COUNTRIES, {"country": country}, ["country"]))
CASES.append(case(COUNTRIES, {"country": "kgz"}))
CASES.append(case(COUNTRIES, {"country": "ukr"}, [], {"country": "UKR"}))

# data: q (kept verbatim unless too long or with control characters), country, topic, source, year
for name in ("script", "mdlink", "bold", "img", "latex"):
    CASES.append(case(DATA, {"q": V[name]}, [], {"q": V[name]}))
for name in ("huge", "nul", "nl"):
    CASES.append(case(DATA, {"q": V[name]}, ["q"]))
CASES.append(case(DATA, {"q": "x" * 101}, ["q"]))
for country in (V["script"], "OWID_WRL", "K G Z"):
    CASES.append(case(DATA, {"country": country}, ["country"]))
CASES.append(case(DATA, {"country": "kgz"}, [], {"country": "KGZ"}))
for topic in (V["bold"], "SOS"):
    CASES.append(case(DATA, {"topic": topic}, ["topic"]))
for source in (V["js"], V["mdlink"]):
    CASES.append(case(DATA, {"source": source}, ["source"]))
for year in ("1850", V["neg"], V["future"], "2014.0"):
    CASES.append(case(DATA, {"year": year}, ["year"]))

# repeated keys: the last one wins
CASES += [
    case(MAP, {"year": [V["script"], "2010"]}, [], {"year": "2010"}),
    case(MAP, {"year": ["2010", V["script"]]}, ["year"]),
    case(COUNTRIES, {"country": [V["img"], "UKR"]}, [], {"country": "UKR"}),
    case(TRENDS, {"scale": ["log", V["latex"]]}, ["scale"]),
    case(HOME, {"lang": ["ru", "de"]}, ["lang"]),
    case(SOS, {"lang": [V["script"], "ru"]}, [], {"lang": "ru"}),
    case(DATA, {"q": ["ok", V["nul"]]}, ["q"]),
]

# embed mode: the chart's own parameters; an unknown chart id is an error naming it
E = {"embed": "true"}
CASES += [
    case(MAP, {**E, "chart": "map", "year": V["script"]}, ["year"], {**E, "chart": "map"}, embedded=True),
    case(MAP, {**E, "chart": "map", "year": V["neg"], "region": V["img"]}, ["year", "region"], {**E, "chart": "map"},
         embedded=True),
    case(MAP, {**E, "chart": "map", "lang": "de"}, ["lang"], {**E, "chart": "map"}, embedded=True),
    case(MAP, {**E, "chart": "map", "lang": "RU", "year": V["future"]}, ["lang", "year"], {**E, "chart": "map"},
         embedded=True),
    case(MAP, {**E, "chart": "map", "measure": V["mdlink"], "foo": V["script"]}, ["measure"], {**E, "chart": "map"},
         embedded=True),
    case(MAP, {**E, "chart": ""}, [], {**E, "chart": "map"}, embedded=True),  # empty: the page's own chart
    case(MAP, {**E, "chart": [V["script"], "trends"]}, [], {**E, "chart": "trends"}, embedded=True),
    case(TRENDS, {**E, "chart": "trends", "countries": V["script"]}, ["countries"], {**E, "chart": "trends"},
         embedded=True),
    case(TRENDS, {**E, "chart": "drug-types", "country": V["mdlink"]}, ["country"], {**E, "chart": "drug-types"},
         embedded=True),
    case(COUNTRIES, {**E, "chart": "profile-trend", "country": "ZZZ"}, ["country"], {**E, "chart": "profile-trend"},
         embedded=True),
    case(COUNTRIES, {**E, "chart": "profile-trend", "country": "kgz"}, [], {**E, "chart": "profile-trend"},
         embedded=True),
    case(COUNTRIES, {**E, "chart": "drug-types-latest", "country": V["huge"]}, ["country"],
         {**E, "chart": "drug-types-latest"}, embedded=True),
    case(SOS, {**E, "chart": "sos-cascade", "lang": V["img"]}, ["lang"], {**E, "chart": "sos-cascade"}, embedded=True),
    case(SOS, {**E, "chart": "sos-timeline", "year": V["script"]}, [], {**E, "chart": "sos-timeline"}, embedded=True),
    case(DATA, {**E, "chart": "map", "year": V["neg"]}, ["year"], {**E, "chart": "map"}, embedded=True),
    case(DATA, {**E}, [], {**E}, embedded=True, bad_chart=True),  # the data page has no chart of its own
]
for name in ("script", "mdlink", "huge", "img", "bold", "nl", "heading", "rtl", "nul"):
    CASES.append(case(MAP, {**E, "chart": V[name]}, [], {**E, "chart": V[name]}, embedded=True, bad_chart=True))
CASES.append(case(MAP, {**E, "chart": "MAP"}, [], {**E, "chart": "MAP"}, embedded=True, bad_chart=True))
CASES.append(case(SOS, {**E, "chart": "sos-cascade\n", "lang": "de"}, ["lang"], {**E, "chart": "sos-cascade\n"},
                  embedded=True, bad_chart=True))


# ---------------------------------------------------------------- running pages

def expected_run(page, params: dict, embedded: bool):
    """The run of the view a hostile URL must show instead: run once per session."""
    return no_exception(run_cached(page, params, embedded=embedded))


def last(v) -> str:
    return v[-1] if isinstance(v, (list, tuple)) else v


NOTICE = {
    "en": re.compile(r"The link asked for (?P<key>\w+)=“(?P<value>.*)”, which is not available; "
                     r"showing (?P<default>.*) instead\.", re.S),
    "ru": re.compile(r"В ссылке указано (?P<key>\w+)=«(?P<value>.*)», такого значения нет; показано (?P<default>.*)\.",
                     re.S),
}
UNKNOWN_CHART = re.compile(r"There is no chart called “(?P<value>.*)” to embed\. Chart ids: .*", re.S)


def notice_match(text: str):
    return NOTICE["en"].fullmatch(text) or NOTICE["ru"].fullmatch(text)


def view(at) -> dict:
    """Everything a reader sees of a page except its URL notices."""
    return {
        "title": [x.value for x in at.title], "header": [x.value for x in at.header],
        "subheader": [x.value for x in at.subheader], "markdown": [x.value for x in at.markdown],
        "caption": [x.value for x in at.caption], "code": [x.value for x in at.code],
        "error": [x.value for x in at.error], "info": [x.value for x in at.info if not notice_match(x.value)],
        "expander": [x.label for x in at.expander], "widgets": widget_values(at),
        "figures": [figure(spec) for spec in specs(at)],
        "tables": [x.value.shape for x in at.dataframe],
    }


# ---------------------------------------------------------------- what a page renders as markdown
# (markdown_texts: the harness's (kind, markdown source) of every text Streamlit renders as markdown)

def html_elements(at) -> list[str]:
    out: list[str] = []

    def visit(node) -> None:
        if getattr(node, "type", "") == "html":
            out.append(node.proto.body)
        for child in (getattr(node, "children", None) or {}).values():
            visit(child)

    visit(at._tree)
    return out


LINK_TARGET = re.compile(r"(?<!\\)\]\((?P<url>[^)\s]*)")
RAW_TAG = re.compile(r"(?<!\\)<\s*/?\s*(script|img|iframe|a|svg)\b", re.I)


def link_targets(texts: list[tuple[str, str]]) -> set[str]:
    return {m.group("url") for _, text in texts for m in LINK_TARGET.finditer(text)}


def unescaped_specials(escaped: str) -> list[str]:
    """Markdown and HTML special characters of `escaped` that no backslash escapes."""
    found, i = [], 0
    while i < len(escaped):
        if escaped[i] == "\\":
            i += 2
            continue
        if escaped[i] in "\\`*_{}[]()#+-.!|<>~$&=":
            found.append(escaped[i])
        i += 1
    return found


def as_rendered(text: str) -> str:
    """What a literal text looks like once rendered: markdown turns NUL into U+FFFD and line ends into "\\n"."""
    return text.replace("\x00", "\ufffd").replace("\r\n", "\n").replace("\r", "\n")


def assert_literal_paragraph(body: str, raw: str, pattern: re.Pattern) -> None:
    """body renders as one paragraph of plain text, and its `value` group shows `raw` literally."""
    out = MD.render(body)
    assert out.startswith("<p>") and out.endswith("</p>\n") and out.count("<p>") == 1, \
        f"rendered as more than one plain paragraph: {out[:300]!r}"
    inner = out[len("<p>"):-len("</p>\n")]
    assert not re.search(r"<(?!/?code>)", inner), f"markup in the rendered text: {inner[:300]!r}"
    m = pattern.fullmatch(html.unescape(re.sub(r"</?code>", "`", inner)))
    assert m, inner[:300]
    assert m.group("value") == as_rendered(raw), (m.group("value"), raw)


# ---------------------------------------------------------------- the sweep

@pytest.mark.apptest
@pytest.mark.parametrize("page,params,expect_notices,view_params,embedded,bad_chart", CASES)
def test_hostile_url(page, params, expect_notices, view_params, embedded, bad_chart):
    at = run(page, params, embedded=embedded)
    assert not at.exception, [e.value for e in at.exception]
    expected = expected_run(page, view_params, embedded)

    # one notice per bad value the page reads, none for anything else; each repeats the start of the value,
    # escaped, and renders as one literal paragraph
    found = []
    for info in at.info:
        m = notice_match(info.value)
        if not m:
            continue
        found.append(m.group("key"))
        raw = last(params[m.group("key")])
        assert len(unescape(m.group("value"))) <= MAX_PARAM_LEN
        shown = ui.one_line(raw[:MAX_PARAM_LEN])  # control characters (line breaks) shown as U+FFFD
        assert unescape(m.group("value")) == shown
        assert unescaped_specials(m.group("value")) == [], m.group("value")
        assert_literal_paragraph(info.value, shown, NOTICE["en"] if "link asked" in info.value
                                 else NOTICE["ru"])
    assert tuple(sorted(found)) == expect_notices, [i.value for i in at.info]

    # an unknown chart id in an embed: an error that names it (escaped, cut), and nothing else
    if bad_chart and not last(params.get("chart", "")):  # no id, on a page without a chart of its own
        (err,) = [e.value for e in at.error]
        assert err == ui.t("embed_no_chart_here", "en", ids=", ".join(f"`{c}`" for c in charts.REGISTRY))
        assert len(at.get("plotly_chart")) == 0
    elif bad_chart:
        (err,) = [e.value for e in at.error]
        m = UNKNOWN_CHART.fullmatch(err)
        assert m, err
        shown = ui.one_line(last(params["chart"])[:MAX_PARAM_LEN])  # control characters shown as U+FFFD
        assert unescape(m.group("value")) == shown and unescaped_specials(m.group("value")) == []
        assert_literal_paragraph(err, shown, UNKNOWN_CHART)
        assert len(at.get("plotly_chart")) == 0
    else:
        assert not at.error, [e.value for e in at.error]

    # the view shown is the one without the bad values, element by element
    assert view(at) == view(expected)
    if not embedded:  # the URL is rewritten to that view: bad values and unknown keys are gone
        assert dict(at.query_params) == dict(expected.query_params)

    # no markup and no link from the input anywhere on the page
    texts = markdown_texts(at)
    for kind, text in texts:
        assert not RAW_TAG.search(text), (kind, text[:300])
    targets = link_targets(texts)
    assert targets <= link_targets(markdown_texts(expected)), targets - link_targets(markdown_texts(expected))
    assert not any(re.match(r"\s*(javascript|data|vbscript):", u, re.I) for u in targets), targets
    values = [last(v) for v in params.values()] + list(params)
    for raw in values:
        cut = raw[:MAX_PARAM_LEN]
        if len(cut) >= 4 and MARKUP.search(cut):
            for kind, text in texts:
                assert cut not in text, f"{kind} shows the input unescaped: {text[:300]!r}"
    # st.html is only ours, never anything from the URL: the embed's height reporter, and a map's frame CSS and
    # legend exactly as the page draws them for the view it fell back to
    own = [embeds.height_reporter(ui.EMBED_CONTENT)] if embedded and not bad_chart else []
    shown = html_elements(at)
    assert [h for h in shown if not h.startswith(("<style>", '<div class="sos-legend"'))] == own
    assert all(h in html_elements(expected) for h in shown if h not in own), shown
    for c in at.get("plotly_chart"):
        spec = spec_text(c.proto.spec)
        assert not RAW_TAG.search(spec) and "javascript:" not in spec
    # links the sidebar builds from the URL are URL-encoded query strings, never markup
    for link in at.get("page_link"):
        qs = link.proto.query_string
        assert not re.search(r"[<>\s\"'\x00]", qs), qs[:200]


def test_the_sweep_is_big_enough():
    pages = {c.values[0] for c in CASES}
    assert len(CASES) >= 100 and pages == set(PAGES)
    assert sum(1 for c in CASES if c.values[4]) >= 10  # embed mode


# ---------------------------------------------------------------- the page's address comes from the browser

@pytest.mark.apptest
@pytest.mark.parametrize("embedded", [True, False], ids=["embed", "page"])
def test_links_built_from_the_browser_url_are_not_markup(embedded):
    """The app's base URL comes from the browser's address (st.context.url); a crafted path must not make
    the "view on the dashboard" or "static version" link into other markdown links."""
    params = {"embed": "true", "chart": "map"} if embedded else {}
    at = no_exception(run(MAP, params, embedded=embedded, url=f"{BASE}/a)[x](javascript:alert(1))/map"))
    for kind, text in markdown_texts(at):
        assert "](javascript:" not in text, (kind, text)
        for url in link_targets([(kind, text)]):
            assert re.fullmatch(r"(https?://[^\s()<>\[\]]+|/[^\s()<>\[\]]*)", url), (kind, text)


# ---------------------------------------------------------------- data text: hostile strings in the data

HOSTILE_TEXT = "<script>alert(1)</script> **b** [l](javascript:x) _i_ <img src=x>"
QUOTE_FACT = "prog-021"  # a group fact (the four S-O-S countries) shown as a card on Kyrgyzstan's profile
HOSTILE_COUNTRY = "KGZ"


@pytest.fixture(scope="module")
def fake(data):
    """The real data with HTML, markdown and script in one fact's quote and area and one country's names."""
    facts, countries = data.facts.copy(), data.countries.copy()
    row = facts["fact_id"] == QUOTE_FACT
    assert row.sum() == 1
    facts.loc[row, "quote"] = "Quote: " + HOSTILE_TEXT
    facts.loc[row, "area"] = "Area: " + HOSTILE_TEXT
    c = countries["iso3"] == HOSTILE_COUNTRY
    countries.loc[c, "name_en"] = "EN " + HOSTILE_TEXT
    countries.loc[c, "name_ru"] = "RU " + HOSTILE_TEXT
    fake = dataclasses.replace(data, facts=facts, countries=countries)
    yield fake
    ui._CHARTS.forget(fake)  # the fake's charts and texts go with it
    ui._TEXTS.forget(fake)


def rendered_html(markdown: str) -> str:
    return MD.render(markdown)


def as_html_text(text: str) -> str:
    """Literal text as markdown-it writes it in HTML."""
    return html.escape(text, quote=False).replace('"', "&quot;")


def assert_no_markup(out: str, allowed_links: set[str] = frozenset()) -> None:
    assert not re.search(r"<\s*(script|img|iframe|svg)\b", out, re.I), out
    assert not re.search(r"<(strong|em)>(b|i)</", out), out  # the input's **b** and _i_ stay literal
    hrefs = set(re.findall(r'<a href="([^"]*)"', out))
    assert hrefs <= set(allowed_links), hrefs - set(allowed_links)


LITERAL = [
    HOSTILE_TEXT, "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "[x](javascript:alert(1))",
    "![i](x.png)", "**bold** __b__ *i* _i_ ~~s~~", "$$latex$$ $x$", "`code` ```", "a | b | c", "# heading",
    "+ item", "- item", "1. item", "> quote", "<http://x.example>", "x <!-- c --> y", "{curly}", "a\\b", "50% off!",
    "Kazakhstan; Kyrgyzstan (2017-2019)", "S-O-S", "مرحبا \u202eevil", "💉 K\u0301GZ K\u200bGZ",
    "a < b > c", "[^1]", "\\*",
]


@pytest.mark.parametrize("text", LITERAL)
def test_md_escape_renders_literally(text):
    out = rendered_html(ui.md_escape(text))
    assert out == f"<p>{as_html_text(text)}</p>\n", out


@pytest.mark.parametrize("ch", list("\\`*_{}[]()#+-.!|<>~$&"))
def test_md_escape_escapes_every_special_character(ch):
    escaped = ui.md_escape(f"a{ch}b{ch}{ch}c")
    out = rendered_html(escaped)
    assert out == f"<p>{as_html_text(f'a{ch}b{ch}{ch}c')}</p>\n", (escaped, out)


@pytest.mark.parametrize("text", ["&lt;script&gt;", "AT&amp;T", "&#60;img src=x&#62;", "&copy;"])
def test_md_escape_keeps_html_entities_literal(text):
    """"&lt;" in data (or a URL value) is shown as the four characters, not decoded to "<"."""
    out = rendered_html(ui.md_escape(text))
    assert out == f"<p>{as_html_text(text)}</p>\n", (ui.md_escape(text), out)


@pytest.mark.parametrize("text", ["a\n===\nb", "a\n\nb", "a\n---\nb", "a\n\n    code"])
def test_notice_with_line_breaks_renders_as_one_plain_paragraph(text):
    """A URL value with newlines (?year=a%0A%3D%3D%3D%0Ab) is echoed in the notice as plain text: it must not
    make a heading, a second paragraph or a code block of the notice."""
    shown = ui.one_line(text[:MAX_PARAM_LEN])  # what show_notices echoes: control characters as U+FFFD
    body = ui.t("notice_bad_param", "en", key="year", value=ui.md_escape(shown), default="2019")
    assert_literal_paragraph(body, shown, NOTICE["en"])


@pytest.mark.parametrize("lang", LANGS)
def test_quote_markdown_is_literal_with_only_the_source_link(fake, lang):
    f = fake.facts_by_id.loc[QUOTE_FACT]
    md = ui.quote_markdown(f, fake, lang)
    _, url = charts.source_parts(fake, f["source_id"])
    assert url and re.fullmatch(r"https?://\S+", url)
    out = rendered_html(md)
    assert_no_markup(out, {html.escape(url)})
    assert out.count("<a href") == 1
    assert as_html_text("Quote: " + HOSTILE_TEXT) in out  # shown as the source gives it
    assert out.startswith("<blockquote>")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "https://ok.example/a)[x](javascript:alert(1))",
                                 "https://ok.example/<img src=x>", "data:text/html,<script>alert(1)</script>",
                                 "http://ok.example/ x"])
def test_quote_markdown_makes_no_link_of_an_unsafe_source_url(fake, url):
    sources = fake.sources.copy()
    sid = fake.facts_by_id.loc[QUOTE_FACT, "source_id"]
    row = sources["source_id"] == sid
    sources.loc[row, "url"] = url
    sources.loc[row, "credit"] = "Credit " + HOSTILE_TEXT
    sources.loc[row, "title"] = "Title " + HOSTILE_TEXT
    bad = dataclasses.replace(fake, sources=sources)
    out = rendered_html(ui.quote_markdown(bad.facts_by_id.loc[QUOTE_FACT], bad, "en"))
    assert_no_markup(out)
    assert "<a " not in out
    assert as_html_text("Credit " + HOSTILE_TEXT) in out


def test_a_source_url_with_parentheses_is_linked_percent_encoded(data):
    sid = data.sources[data.sources["url"].str.contains("S0955-3959(14)", regex=False)]["source_id"].item()
    _, url = charts.source_parts(data, sid)
    assert url == "https://linkinghub.elsevier.com/retrieve/pii/S0955-3959%2814%2900008-5"
    out = rendered_html(ui.source_text(data, sid, "en"))
    assert out.count(f'<a href="{url}"') == 1


def spec_text(spec: str) -> str:
    """A figure's JSON with its strings as they are (plotly writes "</" as "<\\u002f")."""
    return json.dumps(json.loads(spec), ensure_ascii=False)


def assert_escaped_in_figure(c, name: str) -> None:
    spec = spec_text(c.figure.to_json())
    assert not RAW_TAG.search(spec), re.search(r".{60}<script.{20}", spec)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in spec, f"{name} is not in the figure, escaped"
    # the name's markdown is plotly text: literal, never a link (plotly draws <a href> of its own subset)
    assert "<a href" not in spec


def test_chart_builders_escape_names_from_data(fake):
    built = {
        "map": charts.build("map", fake, MapState(region="eeca")),
        "map-access": charts.build("map", fake, MapState(region="eeca", layer="access")),
        "trends": charts.build("trends", fake, TrendsState(countries=(HOSTILE_COUNTRY, "KAZ"))),
        "drug-types": charts.build("drug-types", fake, TrendsState(lang="en", country=HOSTILE_COUNTRY)),
        "profile-trend": charts.build("profile-trend", fake, CountryState(lang="en", country=HOSTILE_COUNTRY)),
        "drug-types-latest": charts.build("drug-types-latest", fake, CountryState(lang="en", country=HOSTILE_COUNTRY)),
        "sos-cascade": charts.build("sos-cascade", fake, PageState(lang="en")),
        # Kyrgyzstan as a sub-region peer
        "profile-trend-peer": charts.build("profile-trend", fake, CountryState(lang="en", country="TJK")),
        "trends-ru": charts.build("trends", fake, TrendsState(lang="ru", countries=(HOSTILE_COUNTRY,))),
    }
    for chart_id, c in built.items():
        assert_escaped_in_figure(c, chart_id)


DATA_TEXT_PAGES = [
    pytest.param(COUNTRIES, {"country": HOSTILE_COUNTRY}, id="profile"),
    pytest.param(TRENDS, {"countries": f"{HOSTILE_COUNTRY},KAZ", "country": HOSTILE_COUNTRY}, id="trends"),
    pytest.param(MAP, {"region": "eeca"}, id="map"),
    pytest.param(SOS, {}, id="sos"),
    pytest.param(DATA, {"country": HOSTILE_COUNTRY}, id="data"),
]


@pytest.mark.apptest
@pytest.mark.parametrize("page,params", DATA_TEXT_PAGES)
def test_pages_show_names_and_quotes_from_data_as_text(fake, monkeypatch, page, params):
    """Pages drawn from data with HTML, markdown and script in Kyrgyzstan's names and in a fact's quote and
    area: every heading, notice and card shows them as text, with no link or markup made of them."""
    monkeypatch.setattr(ui, "_load", lambda: fake)
    ui.country_names.clear()  # cached per language only: the real names may be cached already
    ui.country_options.clear()
    try:
        at = run(page, params)
    finally:
        ui.country_names.clear()  # and the fake ones must not reach another test
        ui.country_options.clear()
    assert not at.exception, [e.value for e in at.exception]
    texts = markdown_texts(at)
    if page == COUNTRIES:
        assert any("Quote: " in unescape(t) for _, t in texts), "the fact's quote is not on the page"
        assert any("Area: " in unescape(t) for _, t in texts), "the fact's area is not on the page"
    problems = []
    for kind, text in texts:
        out = rendered_html(text)
        if re.search(r"<\s*(script|img)\b", out, re.I) or re.search(r'<a href="javascript', out) or \
                re.search(r"<(strong|em)>(b|i)</", out):
            problems.append((kind, text[:160]))
    assert problems == [], problems
    for c in at.get("plotly_chart"):
        assert not RAW_TAG.search(spec_text(c.proto.spec))
