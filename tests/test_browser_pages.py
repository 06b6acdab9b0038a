"""Every page in Debian's Chromium, in both languages, and the reader's journey from the issue.

One server for the module. Every request that leaves 127.0.0.1 is blocked and recorded (conftest.PageWatch).
Screenshots go to test-artifacts/<page>_<lang>.png.
"""

from __future__ import annotations

import re
import threading
from urllib.parse import parse_qs, urlsplit

import conftest
import pytest

pytestmark = pytest.mark.browser

TIMEOUT = 60_000
CHART = ".js-plotly-plot"
MAP = ".js-plotly-plot path.choroplethlocation"
# url path, screenshot name, number of charts, is a map page
PAGES = [("/", "overview", 1, True), ("/map", "map", 1, True), ("/trends", "trends", 2, False),
         ("/countries", "countries", 2, False), ("/sos_study", "sos_study", 5, False), ("/data", "data", 0, False)]
TITLES = {  # a text each page shows, per language
    "overview": {"en": "S-O-S naloxone data dashboard", "ru": "Данные S-O-S о налоксоне"},
    "map": {"en": "Opioid use disorders: age-standardised death rate, 2019",
            "ru": "Расстройства, вызванные употреблением опиоидов: стандартизованный коэффициент смертности, 2019"},
    "trends": {"en": "Deaths by drug type", "ru": "Смерти по видам наркотиков"},
    "countries": {"en": "Kyrgyzstan", "ru": "Кыргызстан"},
    "sos_study": {"en": "The 90-90-90 targets and what was reported", "ru": "Цели 90-90-90 и что сообщено"},
    "data": {"en": "Data & sources", "ru": "Данные и источники"},
}


@pytest.fixture(scope="module")
def server():
    proc, base = conftest.start_server()
    log: list[bytes] = []
    # keep reading the server's output, so a full pipe can never block it
    threading.Thread(target=lambda: log.extend(iter(proc.stdout.readline, b"")), daemon=True).start()
    yield base
    proc.terminate()
    proc.wait(timeout=10)


def wait_for_app(pg, charts: int = 0, is_map: bool = False) -> None:
    pg.wait_for_selector('[data-testid="stApp"]', timeout=TIMEOUT)
    if is_map:
        pg.wait_for_selector(MAP, state="attached", timeout=TIMEOUT)
    if charts:
        pg.wait_for_function(f"document.querySelectorAll('{CHART}').length >= {charts}", timeout=TIMEOUT)
    pg.wait_for_load_state("networkidle", timeout=TIMEOUT)
    # Streamlit has finished the script run (no "Running..." status)
    pg.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=TIMEOUT)


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


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("path,name,charts,is_map", PAGES, ids=[p[1] for p in PAGES])
def test_page_renders(server, page, artifacts, path, name, charts, is_map, lang):
    pg = page.page
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
    pg.get_by_text(TITLES[name][lang], exact=False).first.wait_for(timeout=TIMEOUT)
    nav = pg.locator('[data-testid="stSidebar"]')
    assert nav.get_by_text({"en": "Overview", "ru": "Обзор"}[lang], exact=True).count() == 1
    screenshot(pg, artifacts / f"{name}_{lang}.png")
    assert_clean(page)


def selected_countries(pg) -> list[str]:
    # after a page switch the previous page's charts can still be on screen: wait for this page's widget
    pg.locator('[data-testid="stMultiSelect"] [data-tag]').first.wait_for(timeout=TIMEOUT)
    tags = pg.locator('[data-testid="stMultiSelect"]').first.locator(
        '[data-testid="stMultiSelectTagsContainer"]').first.locator("[data-tag]")
    return [tags.nth(i).get_attribute("aria-label") for i in range(tags.count())]


def test_journey_overview_map_profile_russian_trends_permalink(server, page, browser, artifacts):
    pg = page.page
    # the overview
    pg.goto(f"{server}/?lang=en")
    wait_for_app(pg, 1, is_map=True)
    nav = pg.locator('[data-testid="stSidebar"]')

    # -> the map, by our navigation
    nav.get_by_role("link", name="Map", exact=True).click()
    pg.wait_for_url(re.compile(r"/map\?"), timeout=TIMEOUT)
    wait_for_app(pg, 1, is_map=True)

    # -> Kyrgyzstan's profile, chosen by name in the picker under the map
    picker = pg.locator('[data-testid="stSelectbox"]').filter(has_text="Open a country profile")
    picker.locator("input").click()
    pg.keyboard.type("Kyrgyz")
    pg.locator('[role="option"]').filter(has_text="Kyrgyzstan").first.click()
    pg.wait_for_url(re.compile(r"/countries"), timeout=TIMEOUT)
    wait_for_app(pg, 2)
    assert pg.locator("h1").filter(has_text="Kyrgyzstan").count() == 1

    # -> Russian, by the sidebar's language link: same country
    nav.get_by_role("link", name="Language: RU").click()
    pg.locator("h1").filter(has_text="Кыргызстан").first.wait_for(timeout=TIMEOUT)
    wait_for_app(pg, 2)
    assert "lang=ru" in pg.url
    assert pg.locator("h1").filter(has_text="Kyrgyzstan").count() == 0
    screenshot(pg, artifacts / "journey_profile_ru.png")

    # -> trends, by the profile's "compare" link: Kyrgyzstan and the World, in Russian
    pg.get_by_role("link", name="Сравнить на странице динамики").click()
    pg.wait_for_url(re.compile(r"/trends\?"), timeout=TIMEOUT)
    wait_for_app(pg, 2)
    assert selected_countries(pg) == ["Кыргызстан", "Мир"]

    # add Kazakhstan
    box = pg.locator('[data-testid="stMultiSelect"]').first
    box.locator("input").click()
    pg.keyboard.type("Казах")
    pg.locator('[role="option"]').filter(has_text="Казахстан").first.click()
    pg.keyboard.press("Escape")
    pg.wait_for_url(re.compile(r"KAZ"), timeout=TIMEOUT)
    wait_for_app(pg, 2)
    chosen = selected_countries(pg)
    assert chosen == ["Кыргызстан", "Мир", "Казахстан"]
    pg.locator(f"{CHART} .legendtext").filter(has_text="Казахстан").first.wait_for(timeout=TIMEOUT)
    lines = sorted(pg.locator(f"{CHART}").first.locator(".legendtext").all_text_contents())
    heading = pg.locator("h3").first.inner_text()
    url = pg.url
    query = parse_qs(urlsplit(url).query)
    assert query["lang"] == ["ru"]
    assert query["countries"][0].split(",") == ["KGZ", "OWID_WRL", "KAZ"]
    screenshot(pg, artifacts / "journey_trends_ru.png")
    assert_clean(page)

    # the permalink in a fresh browser context: the same view
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        fresh = conftest.PageWatch(context.new_page())
        fresh.page.goto(url)
        wait_for_app(fresh.page, 2)
        assert selected_countries(fresh.page) == chosen
        fresh.page.locator(f"{CHART} .legendtext").filter(has_text="Казахстан").first.wait_for(timeout=TIMEOUT)
        assert sorted(fresh.page.locator(f"{CHART}").first.locator(".legendtext").all_text_contents()) == lines
        assert fresh.page.locator("h3").first.inner_text() == heading
        assert fresh.page.locator('[data-testid="stSidebar"]').get_by_text("Обзор", exact=True).count() == 1
        assert parse_qs(urlsplit(fresh.page.url).query) == query
        assert_clean(fresh)
    finally:
        context.close()


def test_profile_deep_link_and_compare_link(server, page):
    """/countries?country=KGZ opens Kyrgyzstan; its compare link opens the trends page with it chosen."""
    pg = page.page
    pg.goto(f"{server}/countries?country=KGZ&lang=en")
    wait_for_app(pg, 2)
    assert pg.locator("h1").filter(has_text="Kyrgyzstan").count() == 1
    pg.get_by_role("link", name="Compare on the trends page").click()
    pg.wait_for_url(re.compile(r"/trends\?"), timeout=TIMEOUT)
    wait_for_app(pg, 2)
    assert selected_countries(pg) == ["Kyrgyzstan", "World"]
    assert pg.locator("h3").filter(has_text="Deaths by drug type: Kyrgyzstan").count() == 1
    assert_clean(page)


# Text of a chart (annotations, point labels, axis titles, legend) that falls outside its SVG is cut off;
# point labels that overlap cannot be read.
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


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("path,charts", [("/trends", 2), ("/sos_study", 5), ("/countries", 2)])
def test_chart_labels_are_readable(server, page, path, charts, lang):
    pg = page.page
    pg.goto(f"{server}{path}?lang={lang}")
    wait_for_app(pg, charts)
    problems = pg.locator(CHART).evaluate_all(LABELS_JS)
    assert problems == [], "\n".join(problems)
    assert_clean(page)
