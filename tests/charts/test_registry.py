"""The chart registry (sos_dash/charts/registry.py) and the pages' readers (sos_dash/site.py): one builder
contract, one reader per page shared by the page and its embeds, a cache key of the fields a chart reads."""

import dataclasses
import inspect
import re

import pytest

from sos_dash import charts, site
from sos_dash.charts import registry
from sos_dash.paths import ROOT
from sos_dash.state import CountryState, MapState, PageState, TrendsState, to_params


def test_every_chart_is_one_function_of_data_and_state(data):
    for chart_id, spec in charts.REGISTRY.items():
        assert list(inspect.signature(spec.build).parameters) == ["data", "state"], chart_id
        state, notices = spec.read(data, {})
        assert notices == [] and isinstance(state, spec.page.state_type), chart_id
        c = charts.build(chart_id, data, state)
        assert c is not None and c.chart_id == chart_id


def test_a_chart_reads_its_view_with_its_pages_reader(data):
    """The page and its embeds cannot read a link differently (the `?country=kgz` drift): no page, no ui
    function and no embed reads a view but through its page's reader (ui.setup and ChartSpec.read)."""
    for chart_id, spec in charts.REGISTRY.items():
        params = {"lang": "ru", "country": "kgz", "year": "2005", "region": "eeca"}
        assert spec.read(data, params) == spec.page.read(data, params), chart_id
    state, notices = charts.REGISTRY["profile-trend"].read(data, {"country": "kgz"})
    assert state == CountryState(country="KGZ") and notices == []
    readers = re.compile(r"\b(parse_(map|trends|country|data|page)|read_(map|trends|country|data|page))\(")
    for path in [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "sos_dash").rglob("*.py"))]:
        if path.name not in ("state.py",):
            assert not readers.search(path.read_text(encoding="utf-8")), path.name


def test_every_page_reads_an_empty_url_as_its_default_view(data):
    for page in site.PAGES:
        state, notices = page.read(data, {})
        assert notices == [] and isinstance(state, page.state_type), page.script
        assert set(to_params(state)) <= {f.name for f in dataclasses.fields(page.state_type)}


def test_a_bad_value_falls_back_with_a_notice_on_every_page(data):
    for page in site.PAGES:
        state, notices = page.read(data, {"lang": "xx"})
        assert state.lang == "en" and [n.key for n in notices] == ["lang"], page.script


def test_a_chart_names_only_the_fields_it_reads_in_its_links():
    spec = charts.REGISTRY["drug-types"]
    assert spec.params(TrendsState(countries=("KGZ", "KAZ"), country="KGZ")) == {"lang": "en", "country": "KGZ"}
    assert list(charts.REGISTRY["map"].params(MapState(lang="ru"))) == ["lang", "year", "measure", "region",
                                                                       "layer", "access"]


def test_the_cache_key_is_the_id_and_the_fields_the_chart_reads():
    spec = charts.REGISTRY["drug-types"]
    assert spec.key(TrendsState(countries=("KGZ",), country="UKR")) == spec.key(TrendsState(country="UKR"))
    assert spec.key(TrendsState(country="KGZ")) != spec.key(TrendsState(country="UKR"))
    assert spec.key(TrendsState(lang="ru")) != spec.key(TrendsState(lang="en"))
    # two charts of one view never share a key
    sos = [charts.REGISTRY[c].key(PageState()) for c in charts.REGISTRY if c.startswith("sos-")]
    assert len(set(sos)) == len(sos) >= 4


def test_a_chart_id_is_registered_once_and_reads_only_fields_its_page_has(monkeypatch):
    monkeypatch.setattr(registry, "REGISTRY", {})

    @registry.register("new-chart", page="pages/1_map.py", height=500, fields=("lang", "year"))
    def new_chart(data, state):
        return None

    assert registry.REGISTRY["new-chart"].page is site.BY_SCRIPT["pages/1_map.py"]
    with pytest.raises(ValueError, match="registered twice"):
        registry.register("new-chart", page="pages/1_map.py", height=500, fields=("lang",))(new_chart)
    with pytest.raises(ValueError, match="no field"):
        registry.register("other", page="pages/4_sos_study.py", height=500, fields=("lang", "country"))(new_chart)
    with pytest.raises(KeyError):
        registry.register("other", page="pages/9_nowhere.py", height=500, fields=("lang",))(new_chart)


def test_a_country_without_series_has_no_profile_chart(data):
    c = data.countries
    rows = c[~c["in_gbd"] & ~c["is_aggregate"]]
    assert len(rows), "every country has GBD series: the no-series case cannot be tested"
    state = CountryState(country=str(rows["iso3"].iloc[0]))
    assert charts.build("profile-trend", data, state) is None
    assert charts.build("drug-types-latest", data, state) is None
