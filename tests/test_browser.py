"""The map in Debian's Chromium, with every request outside 127.0.0.1 blocked and recorded."""

import pytest

pytestmark = pytest.mark.browser
MAP = ".js-plotly-plot path.choroplethlocation"


def wait_for_app(page):
    page.wait_for_selector('[data-testid="stApp"]', timeout=60_000)
    page.wait_for_load_state("networkidle")


def test_map_renders_offline_without_errors(fresh_server, page, artifacts):
    pg = page.page
    pg.goto(fresh_server + "/map?lang=en&year=2019")
    pg.wait_for_selector(MAP, state="attached", timeout=60_000)
    wait_for_app(pg)
    assert pg.locator(MAP).count() > 150  # one path per country shape
    assert pg.locator('[data-testid="stException"]').count() == 0
    pg.screenshot(path=artifacts / "browser_map_en.png", full_page=True)
    assert page.errors == []
    assert page.outside == []


def test_first_request_deep_link_shows_map_with_our_navigation(fresh_server, page, artifacts):
    """A server that has served nothing yet: its very first request is a permalink."""
    pg = page.page
    pg.goto(fresh_server + "/map?lang=ru")
    pg.wait_for_selector(MAP, state="attached", timeout=60_000)
    wait_for_app(pg)
    nav = pg.locator('[data-testid="stSidebar"]')
    assert nav.get_by_text("Обзор").count() == 1  # our translated navigation
    assert nav.get_by_text("Карта").count() == 1
    assert nav.get_by_text("app", exact=True).count() == 0  # not Streamlit's file list
    assert pg.get_by_text("Расстройства, вызванные употреблением опиоидов").count() >= 1
    pg.screenshot(path=artifacts / "browser_map_deeplink_ru.png", full_page=True)
    assert page.errors == []
    assert page.outside == []
