"""Embeds without a browser: embed mode of every chart id (AppTest with st.context.is_embedded), bad chart ids,
view parameters in embed mode, the round trip from the "Embed this chart" code back to the same view, and the
pure helpers of sos_dash.embeds.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from apptest import (
    BASE,
    COUNTRIES,
    DATA,
    HOME,
    MAP,
    SOS,
    TRENDS,
    address,
    figure,
    no_exception,
    run,
    run_cached,
    specs,
    texts_of,
    unescape,
)

from sos_dash import charts, embeds, export, site, weight
from sos_dash.i18n import LANGS, number, t
from sos_dash.paths import ROOT
from sos_dash.state import CountryState, MapState, PageState, TrendsState
from sos_dash.text import source_text

PAGE_OF_PATH = {p.slug: p.script for p in site.PAGES}
# every widget kind AppTest knows by name; an embed shows none of them
WIDGETS = ("selectbox", "multiselect", "slider", "select_slider", "button_group", "button", "download_button",
           "text_input", "text_area", "number_input", "radio", "checkbox", "toggle", "date_input", "page_link",
           "chat_input", "color_picker", "time_input")
PROFILE_CHARTS = ("profile-trend", "drug-types-latest")
LINK = re.compile(r"^\[(?P<text>[^\]]*)\]\((?P<url>[^)\s]+)\)$")


# ---------------------------------------------------------------- reading a run

def embed_params(chart_id: str, lang: str, **view: str) -> dict:
    return {"embed": "true", "chart": chart_id, "lang": lang, **view}


def dashboard_link(at) -> tuple[str, str]:
    """(text, url) of the embed's one markdown link that is the whole element."""
    links = [m for x in at.markdown for m in [LINK.match(x.value)] if m]
    assert len(links) == 1, [x.value for x in at.markdown]
    return links[0].group("text"), links[0].group("url")


BOLD = re.compile(r"\*\*((?:\\.|[^*\\])+)\*\*")


def embed_titles(at) -> list[str]:
    """The chart headings an embed shows: a subheader, or a line of bold text (the compact title of a narrow
    iframe)."""
    heads = [s.value for s in at.subheader]
    heads += [unescape(m.group(1)) for x in at.markdown for m in [BOLD.fullmatch(x.value)] if m]
    return heads


def expected_state(data, chart_id: str, params: dict):
    state, notices = charts.REGISTRY[chart_id].read(data, params)
    assert notices == [], notices
    return state


def non_gbd_country(data) -> str:
    c = data.countries
    rows = c[~c["in_gbd"] & ~c["is_aggregate"]]
    assert len(rows), "every country has GBD series: the no-series embed cannot be tested"
    return str(rows["iso3"].iloc[0])


def assert_embed_only(at) -> None:
    """No navigation, no widget but the CSV download in the notes and details fold, no panel: only the chart's own
    parts."""
    assert len(at.sidebar) == 0, [getattr(n, "type", n) for n in at.sidebar]
    folds = list(at.expander)
    assert len(folds) <= 1, [e.label for e in folds]  # the notes and details, no embed panel
    in_fold = {id(w) for f in folds for w in f.get("download_button")}
    for kind in WIDGETS:
        assert all(id(w) in in_fold for w in at.get(kind)), kind
    assert len(at.code) == 0
    assert len(at.title) == 0 and len(at.header) == 0


# ---------------------------------------------------------------- every chart id in embed mode

CASES = [(chart_id, lang) for chart_id in charts.REGISTRY for lang in LANGS]


def view_of(chart_id: str) -> dict:
    return {"country": "KGZ"} if chart_id in PROFILE_CHARTS else {}


@pytest.mark.apptest
@pytest.mark.parametrize("chart_id,lang", CASES, ids=[f"{c}-{lang}" for c, lang in CASES])
def test_embed_shows_only_the_chart(data, chart_id, lang):
    spec = charts.REGISTRY[chart_id]
    params = embed_params(chart_id, lang, **view_of(chart_id))
    at = run_cached(spec.page, params, embedded=True)
    no_exception(at)
    assert not at.error, [e.value for e in at.error]
    assert not at.info, [i.value for i in at.info]  # no notice: the view parameters are all good
    assert len(at.get("plotly_chart")) == 1
    assert_embed_only(at)

    state = expected_state(data, chart_id, params)
    c = spec.build(data, state)
    assert c.chart_id == chart_id
    assert embed_titles(at) == [c.title]  # the title once,
    assert unescape(at.caption[0].value) == c.embed_caption  # what the figures are, not the title again,
    assert not c.embed_caption.startswith(c.title.rsplit(",", 1)[0])
    # one line of source with its credit (small text: a caption's opacity fails contrast) right under the chart,
    words, url = charts.credit_line(data, c.source_ids, lang)
    outside = [unescape(x.value) for x in at.main.children.values() if getattr(x, "type", "") == "markdown"]
    credit = [x for x in outside if x.startswith(":small[")]
    assert len(credit) == 1, outside
    assert unescape(credit[0]) == (f":small[{words.replace(': ', ': [', 1)}]({url})]" if url else f":small[{words}]")
    # and the notes and details fold: every source line, every note, the description, the table and its CSV
    fold = at.expander[0]
    assert fold.label == t("embed_details", lang)
    inside = [unescape(x.value) for x in fold.markdown]
    assert [x for x in inside if x.startswith(f":small[{t('source', lang)}: ")] == [
        f":small[{unescape(source_text(data, sid, lang))}]" for sid in c.source_ids]
    assert [unescape(x.value) for x in fold.caption] == list(c.notes)
    assert f"**{t('chart_description', lang)}:** {c.description}" in inside, inside
    assert fold.dataframe[0].value.equals(c.table)
    assert [b.label for b in fold.get("download_button")] == [t("download_csv", lang)]
    # the figure is the chart's own (no title inside: it is shown as text), with data in it
    shown = specs(at)[0]
    assert shown["data"], "an empty figure"
    assert len(shown["data"]) == len(c.figure.data)
    assert not (shown["layout"].get("title") or {}).get("text")

    text, url = dashboard_link(at)
    assert text == f"{t('view_on_dashboard', lang)} ↗"
    assert url == embeds.page_url(BASE, chart_id, state)
    assert url.startswith(BASE + "/")
    assert url.endswith(f"#{chart_id}")
    assert urlsplit(url).path == spec.page.url
    assert parse_qs(urlsplit(url).query)["lang"] == [lang]


@pytest.mark.apptest
def test_the_embed_checks_can_fail():
    """The same page outside embed mode has the navigation and widgets the embed checks look for."""
    at = run_cached(MAP, {"lang": "en"}, url=address(MAP))
    no_exception(at)
    assert len(at.sidebar) > 0
    for kind in ("selectbox", "select_slider", "button_group", "download_button"):
        assert len(at.get(kind)) > 0, kind
    with pytest.raises(AssertionError):
        assert_embed_only(at)


@pytest.mark.apptest
@pytest.mark.parametrize("chart_id", PROFILE_CHARTS)
@pytest.mark.parametrize("lang", LANGS)
def test_embed_of_a_country_without_gbd_series_says_so(data, chart_id, lang):
    iso3 = non_gbd_country(data)
    at = run(COUNTRIES, embed_params(chart_id, lang, country=iso3), embedded=True)
    no_exception(at)
    assert not at.error, [e.value for e in at.error]
    assert len(at.get("plotly_chart")) == 0
    assert t("d_no_series", lang) in [i.value for i in at.info]
    assert_embed_only(at)
    _, url = dashboard_link(at)
    assert f"country={iso3}" in url and url.endswith(f"#{chart_id}")


@pytest.mark.apptest
@pytest.mark.parametrize("page,chart_id", [(p.script, p.default_chart) for p in site.PAGES
                                           if p.default_chart and p != HOME])
def test_embed_without_a_chart_id_shows_the_pages_main_chart(data, page, chart_id):
    at = run(page, {"embed": "true", "lang": "en"}, embedded=True)
    no_exception(at)
    assert len(at.get("plotly_chart")) == 1
    c = charts.REGISTRY[chart_id].build(data, expected_state(data, chart_id, {"lang": "en"}))
    assert embed_titles(at) == [c.title]


BAD_IDS = ["nope", "<script>alert(1)</script>", "x" * 500, "MAP", "map "]


@pytest.mark.apptest
@pytest.mark.parametrize("bad", BAD_IDS, ids=["nope", "script", "long", "upper", "space"])
def test_bad_chart_id_names_the_valid_ones(bad):
    at = run(MAP, embed_params(bad, "en"), embedded=True)
    no_exception(at)
    assert len(at.get("plotly_chart")) == 0
    assert len(at.error) == 1
    err = at.error[0].value
    for chart_id in charts.REGISTRY:
        assert f"`{chart_id}`" in err, chart_id
    assert_embed_only(at)
    for text in [x.text for x in texts_of(at)]:
        assert not re.search(r"(?<!\\)<", text), text  # every "<" escaped: shown as text, never as markup
        assert "x" * 65 not in text  # a long id is cut
    if bad == "nope":
        assert "nope" in unescape(err)
    if bad.startswith("<script>"):
        assert "<script>alert(1)</script>" in unescape(err)


@pytest.mark.apptest
@pytest.mark.parametrize("lang", LANGS)
def test_bad_chart_id_message_is_translated(lang):
    at = run(TRENDS, embed_params("nope", lang), embedded=True)
    err = at.error[0].value
    expected = t("embed_unknown_chart", lang, chart="nope", ids=", ".join(f"`{c}`" for c in charts.REGISTRY))
    assert err == expected


@pytest.mark.apptest
@pytest.mark.parametrize("lang", LANGS)
def test_the_data_page_embedded_without_a_chart_id_says_how_to_name_one(lang):
    at = run(DATA, {"embed": "true", "lang": lang}, embedded=True)
    no_exception(at)
    assert [e.value for e in at.error] == [t("embed_no_chart_here", lang,
                                             ids=", ".join(f"`{c}`" for c in charts.REGISTRY))]
    assert "chart=" in at.error[0].value
    assert_embed_only(at)


@pytest.mark.apptest
def test_bad_view_value_in_an_embed_gives_a_notice_and_the_default_view(data):
    at = run(MAP, embed_params("map", "en", region="mars"), embedded=True)
    no_exception(at)
    assert len(at.get("plotly_chart")) == 1
    assert any("region=" in unescape(i.value) and "mars" in unescape(i.value) for i in at.info), \
        [i.value for i in at.info]
    _, url = dashboard_link(at)
    assert "region=world" in url


# ---------------------------------------------------------------- view parameters are honoured in embed mode

@pytest.mark.apptest
@pytest.mark.parametrize("page,chart_id,view", [
    (MAP, "map", {"region": "eeca", "lang": "ru"}),
    (MAP, "map", {"layer": "access", "access": "otc", "region": "europe"}),
    (TRENDS, "trends", {"countries": "KGZ,KAZ", "scale": "log"}),
    (TRENDS, "drug-types", {"country": "TJK", "lang": "ru"}),
    (COUNTRIES, "profile-trend", {"country": "UKR"}),
], ids=["map-eeca-ru", "map-access-otc-europe", "trends-log", "drug-types-tjk-ru", "profile-ukr"])
def test_embed_honours_the_view(data, page, chart_id, view):
    embedded = run(page, {"embed": "true", "chart": chart_id, **view}, embedded=True)
    normal = run_cached(page, view, url=address(page))
    default = run_cached(page, {"lang": view.get("lang", "en")}, url=address(page))
    no_exception(embedded)
    no_exception(normal)
    (shown,) = specs(embedded)
    titles = [s.value for s in normal.subheader]
    index = titles.index(embed_titles(embedded)[0])  # the same chart on the dashboard page
    on_page = specs(normal)[index]
    assert shown["data"] == on_page["data"]
    assert figure(shown) == figure(on_page)
    # and the view is not the default one: the parameters made a difference
    assert figure(shown) != figure(specs(default)[index])


# ---------------------------------------------------------------- round trip: embed code -> the same view

IFRAME = re.compile(r"<iframe ([^<>]*)></iframe>")
ATTR = re.compile(r'([a-z-]+)(?:="([^"]*)")?')
SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def iframe_attrs(code: str) -> dict:
    """The attributes of the embed code's one iframe as a browser reads them: character references decoded
    (the src is written with "&amp;", so even a loose decoder never turns "&region=" into "®ion=").
    Besides the iframe the code may carry only a fixed script of ours."""
    frames = IFRAME.findall(code)
    assert len(frames) == 1, code
    rest = IFRAME.sub("", code)
    assert SCRIPT.sub("", rest).strip() == "", rest
    attrs = dict(ATTR.findall(frames[0]))
    assert not re.search(r"&(?!amp;|quot;|lt;|gt;|#x27;)", attrs["src"]), attrs["src"]  # every & escaped
    return {**attrs, "src": html.unescape(attrs["src"]), "title": html.unescape(attrs["title"])}


def live_embed_codes(at) -> list[dict]:
    """The iframe attributes of each chart's live embed code on the page (static-export codes left out)."""
    out = []
    for c in at.code:
        if c.value.startswith("<iframe"):
            a = iframe_attrs(c.value)
            if "embed=true" in a["src"]:
                out.append(a)
    return out


ROUND_TRIPS = [
    (MAP, {"layer": "access", "region": "eeca", "lang": "ru"}),
    (MAP, {"year": "2005", "measure": "deaths_opioid", "region": "asia"}),
    (TRENDS, {"countries": "UKR,KAZ", "measure": "deaths_opioid"}),
    (TRENDS, {"countries": "KGZ,OWID_WRL", "scale": "log", "country": "UKR", "lang": "ru"}),
    (COUNTRIES, {"country": "TJK"}),
    (SOS, {"lang": "ru"}),
    (HOME, {"lang": "en"}),
]


@pytest.mark.apptest
@pytest.mark.parametrize("page,params", ROUND_TRIPS,
                         ids=[f"{p.script.split('/')[-1]}?" + "&".join(f"{k}={v}" for k, v in q.items())
                              for p, q in ROUND_TRIPS])
def test_embed_code_round_trips_to_the_same_view(page, params):
    normal = run_cached(page, params, url=address(page))
    no_exception(normal)
    shown = specs(normal)
    codes = live_embed_codes(normal)
    assert len(shown) > 0
    assert len(codes) == len(shown), "one embed code per chart"
    lang = params.get("lang", "en")
    for code, on_page in zip(codes, shown, strict=True):
        src = code["src"]
        parts = urlsplit(src)
        assert src.startswith(BASE + "/"), src
        query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        assert query["embed"] == "true" and query["lang"] == lang
        chart_id = query["chart"]
        assert chart_id in charts.REGISTRY
        target = PAGE_OF_PATH[parts.path.strip("/")]
        assert target == charts.REGISTRY[chart_id].page.script
        assert code["width"] == "100%" and code["height"] == str(charts.REGISTRY[chart_id].height)
        assert code["title"] in [s.value for s in normal.subheader]

        embedded = run(target, query, embedded=True, url=src)
        no_exception(embedded)
        assert not embedded.info, [i.value for i in embedded.info]  # the URL's parameters are all usable
        assert embed_titles(embedded) == [code["title"]]
        (spec,) = specs(embedded)
        assert figure(spec) == figure(on_page), chart_id
        # the embed's link leads back to the dashboard's view of the chart
        _, url = dashboard_link(embedded)
        assert url.startswith(f"{BASE}/{site.BY_SCRIPT[target].slug}?") and url.endswith(f"#{chart_id}")


@pytest.mark.apptest
def test_embed_codes_follow_the_apps_address():
    """Served under a base path, the embed code points under it too."""
    at = run(TRENDS, {"lang": "en"}, url="https://example.org/dash/trends?lang=en")
    codes = live_embed_codes(at)
    assert codes and all(c["src"].startswith("https://example.org/dash/trends?embed=true&") for c in codes)


# ---------------------------------------------------------------- pure functions

@pytest.mark.parametrize("page,path", [("app.py", ""), ("pages/1_map.py", "map"), ("pages/2_trends.py", "trends"),
                                       ("pages/3_countries.py", "countries"), ("pages/4_sos_study.py", "sos_study"),
                                       ("pages/5_data.py", "data")])
def test_url_path(page, path):
    assert site.BY_SCRIPT[page].slug == path


def test_each_pages_slug_is_streamlits_name_for_its_script():
    for p in site.PAGES:
        name = p.script.rsplit("/", 1)[-1].removesuffix(".py")
        assert p.slug == ("" if p.script == "app.py" else name.split("_", 1)[1]), p.script
    assert site.HOME.script == "app.py" and site.HOME.link_key is None


def test_url_path_covers_every_page_script():
    scripts = {"app.py", *(f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py"))}
    assert {p.script for p in site.PAGES} == scripts
    for chart in charts.REGISTRY.values():
        assert chart.page.script in scripts


@pytest.mark.parametrize("url,base", [
    ("http://127.0.0.1:8501/map", "http://127.0.0.1:8501"),
    ("http://127.0.0.1:8501/map?lang=ru&region=eeca", "http://127.0.0.1:8501"),
    ("http://127.0.0.1:8501/sos_study", "http://127.0.0.1:8501"),
    ("http://127.0.0.1:8501/data/", "http://127.0.0.1:8501"),
    ("http://127.0.0.1:8501/", "http://127.0.0.1:8501"),
    ("http://127.0.0.1:8501", "http://127.0.0.1:8501"),
    ("http://h/sub/map", "http://h/sub"),
    ("http://h/sub/trends?countries=KGZ", "http://h/sub"),
    ("http://h/sub/", "http://h/sub"),
    ("http://h/sub", "http://h/sub"),
    ("https://h.example/a/b/countries#x", "https://h.example/a/b"),
    ("http://h/sub/mapping", "http://h/sub/mapping"),  # not a page name
    (None, ""),
    ("", ""),
])
def test_app_base(url, base):
    assert embeds.app_base(url) == base


def test_page_url_and_embed_url():
    state = TrendsState(lang="ru", countries=("KGZ", "KAZ"), scale="log", country="TJK")
    page = embeds.page_url("http://h/sub", "trends", state)
    assert page == "http://h/sub/trends?lang=ru&countries=KGZ%2CKAZ&measure=rate_opioid&scale=log#trends"
    src = embeds.embed_url("http://h/sub", "drug-types", state)
    assert src == "http://h/sub/trends?embed=true&chart=drug-types&lang=ru&country=TJK"
    assert embeds.embed_url("", "map", MapState()).startswith("/map?embed=true&chart=map&lang=en&year=2019")
    assert embeds.page_url("", "sos-outcomes", PageState(lang="ru")) == "/sos_study?lang=ru#sos-outcomes"


def test_iframe_code():
    src = embeds.embed_url("http://h", "trends", TrendsState())
    code = embeds.iframe_code(src, 'Deaths "A" & <b>B</b>', 760)
    assert code.startswith("<iframe ")
    assert 'width="100%"' in code
    assert 'height="760"' in code
    assert 'title="Deaths &quot;A&quot; &amp; &lt;b&gt;B&lt;/b&gt;"' in code
    assert "<b>" not in code
    a = iframe_attrs(code)
    assert a["src"] == src  # pasted into a browser, the src is the embed URL itself
    assert a["title"] == 'Deaths "A" & <b>B</b>'
    assert a["width"] == "100%" and a["height"] == "760"
    # a quote in a URL cannot end the attribute
    odd = embeds.iframe_code('http://h/x?a="onload="alert(1)', "t", 100)
    (src_attr,) = re.findall(r'src="([^"]*)"', odd)
    assert '"' not in src_attr and "onload" not in iframe_attrs(odd)
    assert iframe_attrs(odd)["src"] == 'http://h/x?a="onload="alert(1)'  # the URL itself, as an attribute value
    # what a chart's title or URL holds never reaches a script: any script in the code is the same fixed one
    cases = [(src, "a"), ('http://h/x?a="b"&c=<d>', "</script><script>alert(1)</script>"), ("http://x/y", "")]
    scripts = {tuple(SCRIPT.findall(embeds.iframe_code(u, title, 500))) for u, title in cases}
    assert len(scripts) == 1, scripts
    assert "</script><script>alert(1)" not in embeds.iframe_code(src, "</script><script>alert(1)</script>", 500)


def test_iframe_codes_of_every_chart_have_their_height():
    for chart_id, spec in charts.REGISTRY.items():
        code = embeds.iframe_code(embeds.embed_url("http://h", chart_id, PageState()), chart_id, spec.height)
        assert f'height="{spec.height}"' in code and 300 <= spec.height <= 1200


def test_static_stem(data):
    assert embeds.static_stem(data, "map", MapState(region="eeca")) == ("map-eeca", True)
    assert embeds.static_stem(data, "map", MapState(lang="ru", region="eeca")) == ("map-eeca", True)
    assert embeds.static_stem(data, "map", MapState(layer="access", region="eeca")) == ("map-access-eeca", True)
    assert embeds.static_stem(data, "map", MapState()) == ("map", True)
    assert embeds.static_stem(data, "map", MapState(year=2005)) == ("map", False)
    assert embeds.static_stem(data, "map", MapState(region="africa")) == ("map", False)
    assert embeds.static_stem(data, "drug-types", TrendsState(countries=("KGZ",), country="KGZ")) == \
        ("drug-types-kgz", True)
    # the drug-type chart does not depend on the line chart's countries
    assert embeds.static_stem(data, "drug-types", TrendsState(countries=("USA",), country="UKR")) == \
        ("drug-types-ukr", True)
    assert embeds.static_stem(data, "trends", TrendsState(countries=("USA",))) == ("trends", False)
    assert embeds.static_stem(data, "trends", TrendsState(country="KGZ")) == ("trends", True)
    assert embeds.static_stem(data, "profile-trend", CountryState(country="UKR")) == ("profile-trend-ukr", True)
    assert embeds.static_stem(data, "drug-types-latest", CountryState(country="TJK", lang="ru")) == \
        ("drug-types-latest-tjk", True)
    assert embeds.static_stem(data, "profile-trend", CountryState(country="USA")) == ("profile-trend", False)
    assert embeds.static_stem(data, "sos-timeline", PageState(lang="ru")) == ("sos-timeline", True)


@pytest.mark.parametrize("lang", LANGS)
def test_every_export_view_is_a_valid_state(data, lang):
    views = embeds.export_views()
    stems = [v.stem for v in views]
    assert len(stems) == len(set(stems)), "two views write the same files"
    assert set(charts.REGISTRY) <= set(stems), "every chart's default view is exported"
    for v in views:
        assert re.fullmatch(r"[a-z0-9-]+", v.stem), v.stem
        assert v.chart_id in charts.REGISTRY
        state, notices = charts.REGISTRY[v.chart_id].read(data, {**dict(v.params), "lang": lang})
        assert notices == [], (v.stem, notices)
        assert state == v.state(data, lang)
        assert state.lang == lang
        for k, value in v.params:
            assert getattr(state, k) == value, (v.stem, k)
        # each exported view is found again by its own state
        assert embeds.static_stem(data, v.chart_id, state)[1], v.stem
        if v.chart_id in PROFILE_CHARTS:
            assert charts.REGISTRY[v.chart_id].build(data, state) is not None, v.stem


# ---------------------------------------------------------------- the embed panel: the static page first, its weight
def panel_codes(at) -> list[str]:
    """The src of each iframe code on the page, in order."""
    return [iframe_attrs(c.value)["src"] for c in at.code if c.value.startswith("<iframe")]


@pytest.fixture(scope="module")
def static_map(tmp_path_factory, data) -> Path:
    """The export of the map's views (HTML), in a folder of its own."""
    out = tmp_path_factory.mktemp("embed")
    export.export(data, out, chart_ids=("map",), formats=("html",))
    return out


@pytest.mark.apptest
@pytest.mark.parametrize("lang", LANGS)
def test_embed_panel_offers_the_static_page_first_with_its_weight(static_map, monkeypatch, lang):
    monkeypatch.setattr(embeds, "STATIC_EMBED_DIR", static_map)
    at = run(MAP, {"lang": lang, "region": "eeca"}, url=address(MAP))
    no_exception(at)
    srcs = panel_codes(at)
    static = f"{BASE}/{embeds.STATIC_PATH}/map-eeca.{lang}.html"
    assert srcs[0] == static, srcs  # the default: the export holds this view
    assert "embed=true" in srcs[1] and "region=eeca" in srcs[1]
    kb = number(round(weight.weigh(static_map / f"map-eeca.{lang}.html").gzip_bytes / 1024), lang)
    assert t("embed_static_code", lang, kb=kb) in [c.value for c in at.caption]
    assert t("embed_live_help", lang) in [c.value for c in at.caption]


@pytest.mark.apptest
def test_embed_panel_offers_the_live_embed_first_for_a_view_the_export_lacks(static_map, monkeypatch):
    monkeypatch.setattr(embeds, "STATIC_EMBED_DIR", static_map)
    at = run(MAP, {"year": "2005", "region": "africa"}, url=address(MAP))
    no_exception(at)
    srcs = panel_codes(at)
    assert "embed=true" in srcs[0] and "year=2005" in srcs[0], srcs
    assert srcs[1:] == [f"{BASE}/{embeds.STATIC_PATH}/map.en.html"]  # the chart's default view, said to be so
    assert t("embed_help", "en") in [c.value for c in at.caption]
    assert not any("KB to download" in c.value for c in at.caption)  # no weight: the static page is another view


# ---------------------------------------------------------------- a chart's popovers: made only when opened
@pytest.mark.apptest
@pytest.mark.parametrize("page", [MAP, SOS])
def test_a_charts_table_csv_and_embed_codes_are_made_only_when_a_reader_opens_them(page):
    closed = run_cached(page, {"lang": "ru"}, url=address(page), popovers_open=False)
    no_exception(closed)
    charts_shown = len(closed.get("plotly_chart"))
    assert charts_shown > 0
    assert len(closed.dataframe) == 0 and len(closed.get("download_button")) == 0 and len(closed.code) == 0
    opened = run_cached(page, {"lang": "ru"}, url=address(page))  # as the other tests read pages
    no_exception(opened)
    assert len(opened.dataframe) == charts_shown  # each chart's table,
    assert [b.label for b in opened.get("download_button")] == [t("download_csv", "ru")] * charts_shown  # its CSV,
    assert len(panel_codes(opened)) >= charts_shown  # and its embed codes
