"""Every page in Debian's Chromium, in both languages, on a 1280 px desktop and a 375 px phone, and the reader's
journey from the issue (overview -> map -> a click on a country -> its profile -> Russian -> the link elsewhere).

One server for the module. Every request that leaves 127.0.0.1 is blocked and recorded (conftest.PageWatch), and
so is every console error (Watch). Screenshots go to test-artifacts/<page>_<lang>_<width>.png.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from urllib.parse import parse_qs, urlsplit

import conftest
import mapfill
import pytest

from sos_dash import country, site
from sos_dash.i18n import LANGS

pytestmark = pytest.mark.browser
PlaywrightTimeout = pytest.importorskip("playwright.sync_api").TimeoutError

TIMEOUT = 60_000
CHART = ".js-plotly-plot"
MAP = ".js-plotly-plot path.choroplethlocation"
# url path, screenshot name, number of charts, is a map page
CHARTS_ON = {"": 1, "map": 1, "trends": 2, "countries": 2, "sos_study": 6, "data": 0}
PAGES = [(p.url, p.slug or "overview", CHARTS_ON[p.slug], p.default_chart == "map") for p in site.PAGES]
TITLES = {  # a text each page shows, per language
    "overview": {"en": "S-O-S naloxone data dashboard", "ru": "Данные S-O-S о налоксоне"},
    "map": {"en": "Opioid use disorders: age-standardised death rate, 2019",
            "ru": "Расстройства, вызванные употреблением опиоидов: стандартизованный коэффициент смертности, 2019"},
    "trends": {"en": "Deaths by drug type", "ru": "Смерти по видам наркотиков"},
    "countries": {"en": "Kyrgyzstan", "ru": "Кыргызстан"},
    "sos_study": {"en": "The 90-90-90 targets and what was reported", "ru": "Цели 90-90-90 и что сообщено"},
    "data": {"en": "Data & sources", "ru": "Данные и источники"},
}
PHONE = 375
WIDTHS = {  # browser context options per screen width
    1280: dict(viewport={"width": 1280, "height": 900}),
    PHONE: dict(viewport={"width": PHONE, "height": 812}, is_mobile=True, has_touch=True, device_scale_factor=2),
}
LABEL_PAGES = ("trends", "sos_study", "countries")  # pages whose chart labels are checked (LABELS_JS)

# Streamlit's frontend, opened at a page's own address (/map, /trends, ...), first looks for its server under that
# path (/map/_stcore/health, /map/_stcore/host-config), gets a 404 and falls back to the root: two console errors on
# every first load of a page other than the overview that the app cannot prevent (streamlit/streamlit#7074, open).
# Exactly these are let through; any other console error fails the test.
PROBE_404 = re.compile(r"http://127\.0\.0\.1:\d+/[a-z_]+/_stcore/(health|host-config)")
RESOURCE_404 = "Failed to load resource: the server responded with a status of 404"


class Watch(conftest.PageWatch):
    """conftest.PageWatch (page errors, requests outside 127.0.0.1) and console messages of type error."""

    def __init__(self, page):
        super().__init__(page)
        self.console: list[str] = []
        page.on("console", self._console)

    def _console(self, msg) -> None:
        if msg.type != "error":
            return
        url = (msg.location or {}).get("url", "")
        if msg.text.startswith(RESOURCE_404) and PROBE_404.fullmatch(url):
            return
        self.console.append(f"{msg.text} [{url}]")


@contextmanager
def client(browser, width: int = 1280):
    """A fresh browser context (no cookies, no session) at a screen width of WIDTHS, watched."""
    context = browser.new_context(**WIDTHS[width])
    try:
        yield Watch(context.new_page())
    finally:
        context.close()


@pytest.fixture
def page(browser, artifacts):
    """This module's page: 1280 x 900 as conftest's, with console errors recorded too."""
    with client(browser) as watch:
        yield watch




def wait_for_app(pg, charts: int = 0, is_map: bool = False) -> None:
    pg.wait_for_selector('[data-testid="stApp"]', timeout=TIMEOUT)
    if is_map:
        pg.wait_for_selector(MAP, state="attached", timeout=TIMEOUT)
    if charts:
        pg.wait_for_function(f"document.querySelectorAll('{CHART}').length >= {charts}", timeout=TIMEOUT)
    pg.wait_for_load_state("networkidle", timeout=TIMEOUT)
    # Streamlit has finished the script run (no "Running..." status) and replaced every element of the previous
    # run (a page or language switch leaves the old elements on screen, marked stale, until their new ones arrive)
    pg.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"], [data-stale=\"true\"]')",
                         timeout=TIMEOUT)


def screenshot(pg, path) -> None:
    """The whole page: Streamlit scrolls inside its own container, so the window is made as tall as the content
    (a plain full_page screenshot would stop at the first 900 px)."""
    size = pg.viewport_size
    height = pg.evaluate("Math.max(document.body.scrollHeight, ...Array.from(document.querySelectorAll("
                         "'[data-testid=stMain], [data-testid=stAppViewContainer], [data-testid=stMainBlockContainer]'"
                         ")).map(e => e.scrollHeight))")
    pg.set_viewport_size({"width": size["width"], "height": min(int(height) + 50, 20_000)})
    pg.wait_for_timeout(500)  # plotly's responsive charts relayout after the resize
    pg.screenshot(path=path, full_page=True)
    pg.set_viewport_size(size)


def assert_clean(watch) -> None:
    pg = watch.page
    assert pg.locator('[data-testid="stException"]').count() == 0
    assert watch.errors == []
    assert watch.outside == []
    assert watch.console == []


# Text of a chart (annotations, point labels, axis titles, legend) that falls outside its SVG is cut off;
# point labels that overlap cannot be read. Checked by test_page_renders on LABEL_PAGES at every width.
LABELS_JS = """
els => els.map(plot => {
  const svg = plot.querySelector('svg.main-svg').getBoundingClientRect();
  const texts = Array.from(plot.querySelectorAll(
    '.annotation-text, .textpoint text, .g-xtitle text, .g-ytitle text, .legendtext'));
  const out = [];
  for (const t of texts) {
    const r = t.getBoundingClientRect();
    if (!t.textContent.trim() || r.width === 0) continue;
    if (r.left < svg.left - 1 || r.right > svg.right + 1 || r.top < svg.top - 1 || r.bottom > svg.bottom + 1)
      out.push('cut off: ' + t.textContent);
  }
  const points = Array.from(plot.querySelectorAll('.textpoint text'))
    .map(t => [t.textContent, t.getBoundingClientRect()]);
  for (let i = 0; i < points.length; i++)
    for (let j = i + 1; j < points.length; j++) {
      const [a, ra] = points[i], [b, rb] = points[j];
      if (ra.left < rb.right && rb.left < ra.right && ra.top < rb.bottom && rb.top < ra.bottom)
        out.push('overlap: ' + a + ' / ' + b);
    }
  return out;
}).flat()
"""


# On a phone nothing may be wider than the screen: the page (document, body, Streamlit's main container) scrolls
# only vertically, and every chart (its container and plotly's SVG) lies within the screen's width.
FITS_JS = """
width => {
  const out = [];
  const main = document.querySelector('[data-testid="stMain"]');
  for (const [name, el] of [['document', document.documentElement], ['body', document.body], ['stMain', main]])
    if (!el) out.push('missing: ' + name);
    else if (el.scrollWidth > width + 1) out.push(`${name}: scrollWidth ${el.scrollWidth} > ${width}`);
  document.querySelectorAll('.js-plotly-plot').forEach((plot, i) => {
    for (const el of [plot, ...plot.querySelectorAll('svg.main-svg')]) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.left < -1 || r.right > width + 1)
        out.push(`chart ${i} (${el.tagName}): ${Math.round(r.left)}..${Math.round(r.right)} px, screen 0..${width}`);
    }
  });
  return out;
}
"""


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path,name,charts,is_map", PAGES, ids=[p[1] for p in PAGES])
def test_page_renders(server, browser, artifacts, path, name, charts, is_map, lang, width):
    with client(browser, width) as watch:
        check_page(watch, server, artifacts, path, name, charts, is_map, lang, width)


def check_page(watch, server, artifacts, path, name, charts, is_map, lang, width) -> None:
    pg = watch.page
    pg.goto(f"{server}{path}?lang={lang}")
    wait_for_app(pg, charts, is_map)
    assert pg.locator(CHART).count() == charts
    if is_map:
        assert pg.locator(MAP).count() > 150  # one path per country shape
    if charts:
        # every chart has drawn its data (lines, bars, areas or map shapes), not an empty frame
        drawn = pg.evaluate(f"Array.from(document.querySelectorAll('{CHART}'))"
                            ".map(el => el.querySelectorAll('.trace, .choroplethlocation').length)")
        assert len(drawn) == charts and all(n > 0 for n in drawn), drawn
    else:
        pg.wait_for_selector('[data-testid="stDataFrame"]', timeout=TIMEOUT)
    # in the page's main part: on a phone the sidebar (whose links can carry the same words) is collapsed, hidden
    pg.locator('[data-testid="stMain"]').get_by_text(TITLES[name][lang], exact=False).first.wait_for(timeout=TIMEOUT)
    nav = pg.locator('[data-testid="stSidebar"]')
    assert nav.get_by_text({"en": "Overview", "ru": "Обзор"}[lang], exact=True).count() == 1
    if name in LABEL_PAGES:
        problems = pg.locator(CHART).evaluate_all(LABELS_JS)
        assert problems == [], "\n".join(problems)
    if width == PHONE:
        problems = pg.evaluate(FITS_JS, PHONE)
        assert problems == [], "\n".join(problems)
    screenshot(pg, artifacts / f"{name}_{lang}_{width}.png")
    assert_clean(watch)




# Issue 14: a phone reader of a profile sees its naloxone access on the first screen and reaches its first chart
# within three screens. Positions are measured from the top of the page (Streamlit scrolls inside stMain).
PHONE_SCREEN = {"width": PHONE, "height": 800}
SCREENS_TO_FIRST_CHART = 3
FIRST_CHART_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const chart = document.querySelector('[data-testid="stPlotlyChart"], .js-plotly-plot');
  return chart.getBoundingClientRect().top + main.scrollTop;
}"""
# the first badge of each paragraph that has badges (the status; then its year), with its bottom on the page
STATUS_BADGES_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  return Array.from(main.querySelectorAll('[data-testid="stMarkdownContainer"] p'))
    .map(p => p.querySelector('.stMarkdownBadge')).filter(b => b)
    .map(b => [b.innerText.trim(), b.getBoundingClientRect().bottom + main.scrollTop]);
}"""


@pytest.mark.parametrize("lang", LANGS)
def test_profile_leads_with_access_and_reaches_its_first_chart_within_three_phone_screens(
        server, browser, artifacts, data, lang):
    context = browser.new_context(**{**WIDTHS[PHONE], "viewport": PHONE_SCREEN})
    try:
        watch = Watch(context.new_page())
        pg = watch.page
        pg.goto(f"{server}/countries?country=KGZ&lang={lang}")
        wait_for_app(pg, 2)
        pg.wait_for_timeout(500)  # plotly's responsive charts settle to the phone's width
        screens = pg.evaluate(FIRST_CHART_JS) / PHONE_SCREEN["height"]
        badges = pg.evaluate(STATUS_BADGES_JS)[:len(country.badges(data, "KGZ", lang))]
        pg.screenshot(path=artifacts / f"profile_first_screen_{lang}_{PHONE}.png")
        assert_clean(watch)
    finally:
        context.close()
    assert screens < SCREENS_TO_FIRST_CHART, f"the first chart starts {screens:.2f} phone screens down"
    # every access indicator's status, as country.badges words it, is on the first screen
    assert [text for text, _ in badges] == [b.text for b in country.badges(data, "KGZ", lang)]
    assert all(bottom <= PHONE_SCREEN["height"] for _, bottom in badges), badges


def test_profile_brief_button_downloads_the_country_brief(server, browser, artifacts):
    """The "Country brief (PDF)" button draws the brief when clicked (a deferred download) and saves it under its
    name, in the profile's language."""
    context = browser.new_context(**WIDTHS[1280], accept_downloads=True)
    try:
        watch = Watch(context.new_page())
        pg = watch.page
        pg.goto(f"{server}/countries?country=KGZ&lang=ru")
        wait_for_app(pg, 2)
        with pg.expect_download(timeout=TIMEOUT) as download:
            pg.get_by_role("button", name="Справка по стране (PDF)").click()
        path = artifacts / download.value.suggested_filename
        download.value.save_as(path)
        assert download.value.suggested_filename == "brief-kgz.ru.pdf"
        assert path.read_bytes().startswith(b"%PDF-")
        assert_clean(watch)
    finally:
        context.close()


def selected_countries(pg) -> list[str]:
    # after a page switch the previous page's charts can still be on screen: wait for this page's widget
    pg.locator('[data-testid="stMultiSelect"] [data-tag]').first.wait_for(timeout=TIMEOUT)
    tags = pg.locator('[data-testid="stMultiSelect"]').first.locator(
        '[data-testid="stMultiSelectTagsContainer"]').first.locator("[data-tag]")
    return [tags.nth(i).get_attribute("aria-label") for i in range(tags.count())]


# The on-screen box of one country's shape on the first map: plotly binds each path.choroplethlocation to its
# calcdata point, whose `loc` is the ISO code the trace was given.
SHAPE_BOX_JS = """
iso3 => {
  const shape = Array.from(document.querySelectorAll('.js-plotly-plot path.choroplethlocation'))
    .find(p => p.__data__ && p.__data__.loc === iso3);
  if (!shape) return null;
  const r = shape.getBoundingClientRect();
  return {x: r.x, y: r.y, width: r.width, height: r.height};
}
"""


def click_country(pg, iso3: str, name: str) -> None:
    """A reader's click on a country of the map: the mouse moves onto the middle of its shape until plotly's hover
    label names the country, then clicks there. Plotly's geo layer catches the mouse on a drag rectangle above the
    shapes and finds the country under the pointer itself, so the click goes to a point, not to an element; the map
    is selectable (clickmode event+select), and the page opens the clicked country's profile."""
    label = pg.locator(f"{CHART} .hoverlayer .hovertext").filter(has_text=name).first
    for attempt in range(3):  # as a reader would: if the map was still settling, point at the country again
        pg.locator(CHART).first.scroll_into_view_if_needed()
        box = pg.evaluate(SHAPE_BOX_JS, iso3)
        assert box and box["width"] > 20 and box["height"] > 10, box  # big enough to hit its middle
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        pg.mouse.move(x - 10, y)
        pg.mouse.move(x, y, steps=5)
        try:
            label.wait_for(timeout=5_000)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
            pg.mouse.move(0, 0)
    pg.mouse.click(x, y)


def test_journey_overview_map_click_profile_russian_link_trends_permalink(server, page, browser, artifacts):
    pg = page.page
    # the overview
    pg.goto(f"{server}/?lang=en")
    wait_for_app(pg, 1, is_map=True)
    nav = pg.locator('[data-testid="stSidebar"]')

    # -> the map, by the sidebar's link
    nav.get_by_role("link", name="Map", exact=True).click()
    pg.wait_for_url(re.compile(r"/map\?"), timeout=TIMEOUT)
    pg.get_by_text("Open a country profile").wait_for(timeout=TIMEOUT)  # the map page's own widget
    wait_for_app(pg, 1, is_map=True)

    # -> Kazakhstan's profile, by a click on Kazakhstan on the map
    click_country(pg, "KAZ", "Kazakhstan")
    pg.wait_for_url(re.compile(r"/countries\?"), timeout=TIMEOUT)
    pg.locator("h1").filter(has_text="Kazakhstan").first.wait_for(timeout=TIMEOUT)
    wait_for_app(pg, 2)
    assert parse_qs(urlsplit(pg.url).query) == {"lang": ["en"], "country": ["KAZ"]}
    assert pg.locator("h1").filter(has_text="Kazakhstan").count() == 1
    screenshot(pg, artifacts / "journey_profile_en.png")

    # -> Russian, by the sidebar's language link: same country
    nav.get_by_role("link", name="Language: RU").click()
    pg.locator("h1").filter(has_text="Казахстан").first.wait_for(timeout=TIMEOUT)
    wait_for_app(pg, 2)
    pg.wait_for_url(re.compile(r"lang=ru"), timeout=TIMEOUT)
    assert pg.locator("h1").filter(has_text="Kazakhstan").count() == 0
    profile = pg.url  # the reader copies the link from the address bar
    assert parse_qs(urlsplit(profile).query) == {"lang": ["ru"], "country": ["KAZ"]}
    assert urlsplit(profile).path == "/countries"
    headings = pg.locator("h1, h2").all_inner_texts()
    picker = pg.locator('[data-testid="stSelectbox"] input').first.input_value()
    assert "Казахстан · Kazakhstan" in picker  # the widget speaks the new language too (its key carries it)
    screenshot(pg, artifacts / "journey_profile_ru.png")
    assert_clean(page)

    # the copied link in a fresh browser context: the same profile, in Russian, headings and widgets
    with client(browser) as fresh:
        fresh.page.goto(profile)
        fresh.page.locator("h1").filter(has_text="Казахстан").first.wait_for(timeout=TIMEOUT)
        wait_for_app(fresh.page, 2)
        assert fresh.page.locator("h1").filter(has_text="Казахстан").count() == 1
        assert fresh.page.locator("h1, h2").all_inner_texts() == headings
        assert fresh.page.locator('[data-testid="stSelectbox"] input').first.input_value() == picker
        assert fresh.page.locator('[data-testid="stSidebar"]').get_by_text("Обзор", exact=True).count() == 1
        assert urlsplit(fresh.page.url).path == "/countries"
        assert parse_qs(urlsplit(fresh.page.url).query) == parse_qs(urlsplit(profile).query)
        assert_clean(fresh)

    # -> trends, by the profile's "compare" link: Kazakhstan and the World, in Russian
    pg.get_by_role("link", name="Сравнить на странице динамики").click()
    pg.wait_for_url(re.compile(r"/trends\?"), timeout=TIMEOUT)
    wait_for_app(pg, 2)
    assert selected_countries(pg) == ["Казахстан", "Мир"]

    # add Kyrgyzstan
    box = pg.locator('[data-testid="stMultiSelect"]').first
    box.locator("input").click()
    pg.keyboard.type("Кыргыз")
    pg.locator('[role="option"]').filter(has_text="Кыргызстан").first.click()
    pg.keyboard.press("Escape")
    pg.wait_for_url(re.compile(r"KGZ"), timeout=TIMEOUT)
    wait_for_app(pg, 2)
    chosen = selected_countries(pg)
    assert chosen == ["Казахстан", "Мир", "Кыргызстан"]
    pg.locator(f"{CHART} .legendtext").filter(has_text="Кыргызстан").first.wait_for(timeout=TIMEOUT)
    lines = sorted(pg.locator(f"{CHART}").first.locator(".legendtext").all_text_contents())
    heading = pg.locator("h3").first.inner_text()
    url = pg.url
    query = parse_qs(urlsplit(url).query)
    assert query["lang"] == ["ru"]
    assert query["countries"][0].split(",") == ["KAZ", "OWID_WRL", "KGZ"]
    screenshot(pg, artifacts / "journey_trends_ru.png")
    assert_clean(page)

    # the permalink in a fresh browser context: the same view
    with client(browser) as fresh:
        fresh.page.goto(url)
        wait_for_app(fresh.page, 2)
        assert selected_countries(fresh.page) == chosen
        fresh.page.locator(f"{CHART} .legendtext").filter(has_text="Кыргызстан").first.wait_for(timeout=TIMEOUT)
        assert sorted(fresh.page.locator(f"{CHART}").first.locator(".legendtext").all_text_contents()) == lines
        assert fresh.page.locator("h3").first.inner_text() == heading
        assert fresh.page.locator('[data-testid="stSidebar"]').get_by_text("Обзор", exact=True).count() == 1
        assert parse_qs(urlsplit(fresh.page.url).query) == query
        assert_clean(fresh)


def test_profile_picker_and_compare_link(server, page):
    """The picker under the map (by name, for countries too small to click) opens Kyrgyzstan's profile; its
    compare link opens the trends page with it chosen."""
    pg = page.page
    pg.goto(f"{server}/map?lang=en")
    wait_for_app(pg, 1, is_map=True)
    picker = pg.locator('[data-testid="stSelectbox"]').filter(has_text="Open a country profile")
    picker.locator("input").click()
    pg.keyboard.type("Kyrgyz")
    pg.locator('[role="option"]').filter(has_text="Kyrgyzstan").first.click()
    pg.wait_for_url(re.compile(r"/countries\?"), timeout=TIMEOUT)
    pg.locator("h1").filter(has_text="Kyrgyzstan").first.wait_for(timeout=TIMEOUT)
    wait_for_app(pg, 2)
    assert parse_qs(urlsplit(pg.url).query) == {"lang": ["en"], "country": ["KGZ"]}
    pg.get_by_role("link", name="Compare on the trends page").click()
    pg.wait_for_url(re.compile(r"/trends\?"), timeout=TIMEOUT)
    wait_for_app(pg, 2)
    assert selected_countries(pg) == ["Kyrgyzstan", "World"]
    assert pg.locator("h3").filter(has_text="Deaths by drug type: Kyrgyzstan").count() == 1
    assert_clean(page)


# Issue 15: a map fills its chart at every width (the page gives it its width / the map's aspect, geo.frame_aspect):
# on a phone the drawn land takes at least 70 % of the chart's height and most of its width, on a desktop it is not
# taller than the screen; a small Central Asian country can still be hovered (its name in the hover).
MAP_VIEWS = [("/map?lang=en", "en"), ("/map?region=eeca&lang=ru", "ru"), ("/map?layer=access&region=eeca", "en"),
             ("/map?layer=access&lang=ru", "ru"), ("/map?embed=true&chart=map&region=eeca&lang=ru", "ru"),
             ("/map?embed=true&chart=map&layer=access", "en")]


@pytest.mark.parametrize("width", [PHONE, 1280])
@pytest.mark.parametrize("path,lang", MAP_VIEWS, ids=[p for p, _ in MAP_VIEWS])
def test_a_map_fills_its_width_and_its_small_countries_stay_hoverable(server, browser, width, path, lang):
    context = browser.new_context(viewport={"width": width, "height": 812 if width == PHONE else 900})
    try:
        watch = Watch(context.new_page())
        pg = watch.page
        pg.goto(f"{server}{path}")
        wait_for_app(pg, 1, True)
        pg.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
        m = mapfill.fill(pg)
        assert m["fill"] >= mapfill.MIN_FILL and m["width_share"] >= mapfill.MIN_WIDTH, m
        assert m["height"] <= pg.viewport_size["height"], m
        assert mapfill.KGZ[lang] in mapfill.hover_text(pg, "KGZ")
        legend = pg.locator(".sos-legend").first  # the legend under the map, as text
        assert legend.is_visible() and legend.inner_text().strip()
        assert_clean(watch)
    finally:
        context.close()
