"""The chart builders of sos_dash/charts/, tested on the figure's JSON (traces, values, labels, colours).

Values are checked against the raw GBD files in data/raw/gbd2019 as received, not against the curated
tables the builders read, so a wrong step anywhere between the source and the figure shows up here.
"""

from __future__ import annotations

import dataclasses
import html
import io
import re

import pandas as pd
import pytest
from figspec import class_indices, dots, drawn, grey, no_data_trace, raw, raw_table, spec

from sos_dash import bins, charts, geo, theme, views
from sos_dash.datapkg import schema
from sos_dash.i18n import LANGS, t
from sos_dash.state import CountryState, MapState, PageState, TrendsState

GBD_CREDIT = "IHME, Global Burden of Disease 2019 (via Our World in Data)"


# ---------------------------------------------------------------- helpers

def traces(chart, type_=None) -> list[dict]:
    return [tr for tr in spec(chart)["data"] if type_ is None or tr["type"] == type_]


def value_of(chart, iso3: str) -> float:
    """The plotted value of a country drawn as a shape on a deaths map."""
    return drawn(spec(chart))[iso3][1]


def line(chart, name: str) -> dict:
    return next(tr for tr in traces(chart, "scatter") if tr["name"] == name)


def point(trace: dict, year: int) -> float:
    return trace["y"][trace["x"].index(year)]


def title_text(chart) -> str:
    return spec(chart)["layout"]["title"]["text"]


def en_value(key: str) -> str:
    return t(key, "en")


ALL_BUILDERS = {
    "map": lambda d, lang: charts.build("map", d, MapState(lang=lang)),
    "map-access": lambda d, lang: charts.build("map", d, MapState(lang=lang, layer="access")),
    "map-eeca": lambda d, lang: charts.build("map", d, MapState(lang=lang, region="eeca", year=2005)),
    "trends": lambda d, lang: charts.build("trends", d, TrendsState(lang=lang)),
    "drug-types": lambda d, lang: charts.build("drug-types", d, TrendsState(lang=lang, country="UKR")),
    "profile-trend": lambda d, lang: charts.build("profile-trend", d, CountryState(lang=lang, country="KGZ")),
    "drug-types-latest": lambda d, lang: charts.build("drug-types-latest", d, CountryState(lang=lang, country="KAZ")),
    "sos-cascade": lambda d, lang: charts.build("sos-cascade", d, PageState(lang=lang)),
    "sos-outcomes": lambda d, lang: charts.build("sos-outcomes", d, PageState(lang=lang)),
    "sos-knowledge": lambda d, lang: charts.build("sos-knowledge", d, PageState(lang=lang)),
    "sos-attitudes": lambda d, lang: charts.build("sos-attitudes", d, PageState(lang=lang)),
    "sos-timeline": lambda d, lang: charts.build("sos-timeline", d, PageState(lang=lang)),
}
GBD_BUILDERS = ["map", "map-eeca", "trends", "drug-types", "profile-trend", "drug-types-latest"]


# ---------------------------------------------------------------- every builder

@pytest.mark.parametrize("name", ALL_BUILDERS)
def test_same_input_gives_identical_json(data, name):
    build = ALL_BUILDERS[name]
    for lang in LANGS:
        a, b = build(data, lang), build(data, lang)
        assert a.figure.to_json() == b.figure.to_json()
        assert a.description == b.description
        pd.testing.assert_frame_equal(a.table, b.table)


@pytest.mark.parametrize("name", ALL_BUILDERS)
def test_titles_and_labels_are_in_the_chosen_language(data, name):
    en, ru = ALL_BUILDERS[name](data, "en"), ALL_BUILDERS[name](data, "ru")
    assert en.title != ru.title
    assert en.subtitle != ru.subtitle
    assert en.description != ru.description
    assert re.search("[А-Яа-яЁё]", ru.title), ru.title
    assert not re.search("[А-Яа-яЁё]", en.title), en.title
    # the figure carries the same title as the chart (exports show it) in its language
    assert ru.title.split(":")[0] in title_text(ru) or ru.title in title_text(ru)
    assert list(en.table.columns) != list(ru.table.columns)


@pytest.mark.parametrize("name", ALL_BUILDERS)
def test_every_chart_names_known_sources(data, name):
    c = ALL_BUILDERS[name](data, "en")
    assert c.source_ids, "a chart without a source"
    assert set(c.source_ids) <= set(data.sources["source_id"])


@pytest.mark.parametrize("name", GBD_BUILDERS)
@pytest.mark.parametrize("lang", LANGS)
def test_chart_csv_carries_the_gbd_credit_in_a_source_column(data, name, lang):
    c = ALL_BUILDERS[name](data, lang)
    csv = charts.chart_csv(c, data.sources)
    table = pd.read_csv(io.BytesIO(csv), dtype=str, keep_default_na=False)
    assert "source" in table.columns
    assert len(table) == len(c.table) > 0
    assert table["source"].str.contains(GBD_CREDIT, regex=False).all()
    assert csv.decode("utf-8")  # UTF-8, Russian names included


def test_chart_csv_writes_whole_numbers_without_decimals(data):
    c = charts.build("drug-types", data, TrendsState(lang="en", country="UKR"))
    csv = charts.chart_csv(c, data.sources).decode()
    assert f"Opioids,2010,{int(raw('deaths_opioid', 'UKR', 2010))},deaths," in csv
    assert ".0," not in csv


# ---------------------------------------------------------------- map: deaths layer

@pytest.mark.parametrize("iso3,year,measure", [
    ("KAZ", 2019, "rate_opioid"), ("UKR", 2010, "rate_opioid"), ("USA", 1990, "rate_opioid"),
    ("UKR", 2010, "deaths_opioid"), ("KGZ", 2015, "rate_drug_use_disorders"), ("RUS", 2019, "deaths_opioid"),
])
def test_map_values_equal_the_raw_files(data, iso3, year, measure):
    c = charts.build("map", data, MapState(year=year, measure=measure))
    assert value_of(c, iso3) == raw(measure, iso3, year)


def test_map_kazakhstan_2019_rate(data):
    c = charts.build("map", data, MapState())
    assert value_of(c, "KAZ") == 2.79 == raw("rate_opioid", "KAZ", 2019)


def test_map_trace_types_and_small_states(data):
    c = charts.build("map", data, MapState())
    s = spec(c)
    types = [tr["type"] for tr in traces(c)]
    assert types.count("scattergeo") == 1
    assert types.count("choropleth") == len(bins.RATE) + 1  # one per colour class + no data (grey)
    m = dots(s)
    assert m["Malta"][1] == raw("rate_opioid", "MLT", 2019)
    assert m["Malta"][0] == bins.RATE.colours[bins.RATE.index(m["Malta"][1])]  # a dot has its class's colour
    no_data = no_data_trace(s)
    assert "ESH" in grey(s) and "ESH" not in drawn(s)
    assert {x[1] for x in no_data["customdata"]} == {"no data"}
    assert {c for _, c in no_data["colorscale"]} == {theme.NO_DATA}


def test_map_play_frames_carry_every_year_and_the_raw_values(data):
    s = spec(charts.build("map", data, MapState()))
    frames = {f["name"]: f for f in s["frames"]}
    assert set(frames) == {str(y) for y in range(1990, 2020)}
    assert drawn(s, 2010)["UKR"][1] == raw("rate_opioid", "UKR", 2010)
    assert drawn(s, 1990)["USA"][1] == raw("rate_opioid", "USA", 1990)
    assert dots(s, 1995)["Malta"][1] == raw("rate_opioid", "MLT", 1995)
    assert drawn(s, 2019) == drawn(s)  # the last frame is the figure as first drawn


@pytest.mark.parametrize("lang,name,kgz", [("en", "Kyrgyzstan", "Kyrgyzstan"), ("ru", "Кыргызстан", "Кыргызстан")])
def test_map_labels_in_both_languages(data, lang, name, kgz):
    s = spec(charts.build("map", data, MapState(lang=lang)))
    k, _ = drawn(s)["KGZ"]
    tr = s["data"][class_indices(s)[k]]
    assert tr["customdata"][tr["locations"].index("KGZ")] == [kgz]
    assert s["layout"]["separators"] == (".," if lang == "en" else ", ")
    unit = t("unit_rate", lang)
    assert s["layout"]["legend"]["title"]["text"] == unit
    assert unit in tr["hovertemplate"]
    play = s["layout"]["updatemenus"][0]["buttons"][0]["label"]
    assert t("play", lang) in play


def test_map_region_preset_draws_only_its_countries_and_zooms(data):
    c = charts.build("map", data, MapState(region="eeca", year=2005))
    eeca = set(data.countries[data.countries["eeca"]]["iso3"])
    shown = set(drawn(spec(c))) | grey(spec(c))
    assert "KGZ" in shown and "UKR" in shown
    assert shown <= eeca
    assert "USA" not in shown
    world = charts.build("map", data, MapState(year=2005))
    assert spec(c)["layout"]["geo"] != spec(world)["layout"]["geo"]  # zoomed to the region
    assert value_of(c, "KGZ") == raw("rate_opioid", "KGZ", 2005)
    table_names = set(c.table.iloc[:, 0])
    assert "United States" not in table_names and "Kyrgyzstan" in table_names


@pytest.mark.parametrize("lang", LANGS)
def test_map_description_names_the_highest_country(data, lang):
    c = charts.build("map", data, MapState(lang=lang))
    t = raw_table("rate_opioid")
    countries = data.countries[~data.countries["is_aggregate"]]
    col = schema.MEASURES["rate_opioid"][2]
    y = t[(t["Year"] == 2019) & t["Code"].isin(countries["iso3"])]
    top = y.loc[y[col].idxmax(), "Code"]
    name = countries.set_index("iso3").loc[top, f"name_{lang}"]
    highest = {"en": "Highest:", "ru": "Самые высокие:"}[lang]
    assert highest in c.description
    after = c.description.split(highest, 1)[1].strip()
    assert after.startswith(name), (name, after[:80])


def test_map_table_equals_the_plotted_values(data):
    c = charts.build("map", data, MapState(year=2012, measure="deaths_opioid"))
    s = spec(c)
    names = data.countries.set_index("iso3")["name_en"]
    plotted = {names[iso3]: v for iso3, (_, v) in drawn(s).items()}
    plotted |= {name: v for name, (_, v) in dots(s).items()}  # dot names are unescaped there
    table = dict(zip(c.table["Country"], c.table["Value"], strict=True))
    drawn_in_table = {k: v for k, v in table.items() if k in plotted}
    assert drawn_in_table == plotted
    assert set(c.table["Year"]) == {2012}
    # a country with a value but no shape at all is listed in the table and named in a note
    missing = set(table) - set(plotted)
    for name in missing:
        assert any(name in note for note in c.notes), name


# ---------------------------------------------------------------- map: naloxone-access layer

def access_traces(c) -> dict[str, dict]:
    """The access map's classes (choropleth traces) by legend name."""
    return {tr["name"]: tr for tr in traces(c, "choropleth")}


def status_label(status: str, firm: bool, lang: str = "en") -> str:
    label = t(f"s_{status}", lang)
    return label if firm or status == "not_known" else t("legend_less_certain", lang, status=label)


def locations(c, status: str, lang: str = "en") -> set[str]:
    """Countries drawn as shapes in a status, firm or less certain."""
    by_name = access_traces(c)
    return {loc for firm in (True, False) for loc in by_name.get(status_label(status, firm, lang), {}).get(
        "locations", [])}


def drawn_status(data, indicator: str, region: str = "world"):
    """(status frame of every country of the region, the codes drawn as shapes)."""
    latest = views.access_latest(data, indicator)
    latest = latest[latest["iso3"].isin(views.region_members(data, region))]
    return latest, set(geo.coverage(list(latest["iso3"]))["shape"])


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("indicator", schema.ACCESS_INDICATORS)
def test_access_map_has_one_trace_per_status_and_not_known_is_visible(data, lang, indicator):
    c = charts.build("map", data, MapState(lang=lang, layer="access", access=indicator))
    assert {tr["type"] for tr in traces(c)} <= {"choropleth", "scattergeo"}
    assert len(traces(c, "scattergeo")) <= 1  # the small countries, coloured as their class
    latest, shapes = drawn_status(data, indicator)
    status = latest.set_index("iso3")["status"]
    firm = latest.set_index("iso3")["certainty"].isin(["firm", "none"])
    by_name = access_traces(c)
    assert len(by_name) == len(traces(c, "choropleth"))  # one trace per class
    # every class holds one status at one certainty, and is named by them in the chosen language
    for name, tr in by_name.items():
        classes = {(status[loc], bool(firm[loc])) for loc in tr["locations"]}
        if name == t("s_not_known", lang):
            assert classes <= {("not_known", True)}
            continue
        assert len(classes) == 1, name
        ((st, f),) = classes
        assert name == status_label(st, f, lang)
        colour = theme.CATEGORICAL[st]
        assert tr["colorscale"][0][1] == (colour if f else theme.tint(colour))  # paler where less certain
    expected = {status_label(status[i], bool(firm[i]), lang) for i in shapes} | {t("s_not_known", lang)}
    assert set(by_name) == expected
    not_known = by_name[t("s_not_known", lang)]
    assert not_known["locations"], "'not known' must be drawn, not left blank"
    assert not_known.get("visible", True) is True and not_known.get("showlegend") is True
    assert {col for _, col in not_known["colorscale"]} == {theme.NO_DATA}
    # the classes have distinct colours, and none of them is the 'not known' grey
    others = [tr["colorscale"][0][1] for n, tr in by_name.items() if n != not_known["name"]]
    assert len(set(others)) == len(others) and theme.NO_DATA not in others
    # every country with a shape is in exactly one class
    seen = [loc for tr in by_name.values() for loc in tr["locations"]]
    assert len(seen) == len(set(seen))
    assert set(seen) == shapes
    stated = set(latest[latest["status"] != "not_known"]["iso3"])
    assert set(not_known["locations"]) == shapes - stated
    # the small countries with a status are dots of their class's colour
    for m in traces(c, "scattergeo"):
        names = latest.merge(data.countries[["iso3", f"name_{lang}"]], on="iso3").set_index(f"name_{lang}")
        for (name, _hover), colour in zip(m["customdata"], m["marker"]["color"], strict=True):
            r = names.loc[html.unescape(name)]
            assert r["iso3"] not in shapes and r["status"] != "not_known"
            base = theme.CATEGORICAL[r["status"]]
            assert colour == (base if r["certainty"] in ("firm", "none") else theme.tint(base))


def hri_statements(data) -> pd.DataFrame:
    """Access statements read from a row of an HRI 'Global State of Harm Reduction' regional table."""
    a = data.access.merge(data.facts[["fact_id", "origin", "value_text"]], on="fact_id")
    return a[a["origin"] == "hri_tables"]


def test_hri_table_rows_exist_in_the_data(data):
    rows = hri_statements(data)
    crosses = rows[rows["value_text"].isin(["no", "no (uncertain)"])]
    assert len(crosses) >= 100
    assert set(crosses["reading"]) == {"no_peer_distribution"}
    assert set(rows["indicator"]) == {"peer_distribution"}


@pytest.mark.parametrize("indicator", schema.ACCESS_INDICATORS)
def test_an_hri_cross_is_no_peer_distribution_and_never_shown_as_reported_absent(data, indicator):
    """An HRI table's cross in the peer column says there is no *peer* distribution, not that there is no
    naloxone: the map shows it as its own class, never as 'reported absent'."""
    c = charts.build("map", data, MapState(layer="access", access=indicator))
    absent = locations(c, "reported_absent")
    hri = hri_statements(data)
    a = data.access[data.access["indicator"] == indicator]
    said_absent = set(a[(a["reading"] == "reported_absent") & ~a["fact_id"].isin(hri["fact_id"])]["iso3"])
    assert absent <= said_absent, sorted(absent - said_absent)
    latest, shapes = drawn_status(data, indicator)
    decided = latest[latest["status"] == "no_peer_distribution"]
    if indicator != "peer_distribution":
        assert decided.empty and not locations(c, "no_peer_distribution")
        return
    assert len(decided) > 50
    for ids in decided["fact_ids"]:
        assert set(ids.split(";")) <= set(hri["fact_id"])
    assert locations(c, "no_peer_distribution") == set(decided["iso3"]) & shapes
    # and the hover of such a country says so, never 'reported absent'
    for firm in (True, False):
        tr = access_traces(c).get(status_label("no_peer_distribution", firm))
        for cd in (tr or {}).get("customdata", []):
            assert t("s_no_peer_distribution", "en") in cd[1]
            assert t("s_reported_absent", "en") not in cd[1]


def test_access_map_hover_and_table_do_not_show_a_table_rows_bare_no(data):
    """An HRI table row's bare 'no' is not shown as a value: the hover and the table name the status."""
    c = charts.build("map", data, MapState(layer="access", access="peer_distribution"))
    bare = [cd[0] for tr in traces(c) for cd in tr["customdata"]
            if any(line.strip().lower() in ("no", "yes") for line in str(cd[1]).split("<br>"))]
    assert bare == [], f"{len(bare)} countries show a bare 'no' in the hover, e.g. {bare[:3]}"
    assert not (c.table.astype(str).apply(lambda col: col.str.strip().str.lower()).isin(["no", "yes"])).any().any()
    statuses = set(c.table["Status"])
    assert t("s_no_peer_distribution", "en") in statuses and t("s_reported_absent", "en") not in statuses


def test_access_map_known_statuses(data):
    c = charts.build("map", data, MapState(layer="access", access="take_home_naloxone"))
    assert {"KGZ", "UKR", "KAZ", "TJK"} <= locations(c, "reported")
    kgz_ru = charts.build("map", data, MapState(lang="ru", layer="access", access="take_home_naloxone"))
    tr = next(tr for n, tr in access_traces(kgz_ru).items() if "KGZ" in tr["locations"])
    assert tr["name"].startswith(t("s_reported", "ru"))
    assert tr["customdata"][tr["locations"].index("KGZ")][0] == "Кыргызстан"
    # a cut-off HRI row: 'not known', and the hover says why
    peer = charts.build("map", data, MapState(layer="access", access="peer_distribution"))
    nk = access_traces(peer)["not known"]
    assert "UZB" in nk["locations"]
    assert t("hri_row_not_retrievable", "en") in nk["customdata"][nk["locations"].index("UZB")][1]


def test_access_map_region_and_counts(data):
    c = charts.build("map", data, MapState(layer="access", region="eeca", access="peer_distribution"))
    eeca = set(data.countries[data.countries["eeca"]]["iso3"])
    seen = {loc for tr in traces(c, "choropleth") for loc in tr["locations"]}
    latest, shapes = drawn_status(data, "peer_distribution", "eeca")
    assert seen == shapes <= eeca and len(seen) > 20
    world = charts.build("map", data, MapState(layer="access", access="peer_distribution"))
    assert spec(c)["layout"]["geo"] != spec(world)["layout"]["geo"]  # zoomed to the region
    assert set(latest["iso3"]) == eeca
    for status, n in latest["status"].value_counts().items():
        assert f"{t(f's_{status}', 'en')}: {n}" in c.description


def test_access_map_table_lists_every_stated_country(data):
    c = charts.build("map", data, MapState(layer="access", access="otc"))
    latest, _ = drawn_status(data, "otc")
    shown = latest[(latest["status"] != "not_known") | latest["hri_row_not_retrievable"]]
    names = data.countries.set_index("iso3")["name_en"]
    assert set(c.table["Country"]) == {names[i] for i in shown["iso3"]}
    assert "not known" not in set(c.table["Status"])  # no HRI table row for otc


# ---------------------------------------------------------------- trends

def test_trends_lines_equal_the_raw_files(data):
    c = charts.build("trends", data, TrendsState())
    assert {tr["type"] for tr in traces(c)} == {"scatter"}
    assert [tr["name"] for tr in traces(c)] == ["Kazakhstan", "Kyrgyzstan", "Tajikistan", "Ukraine", "World"]
    assert point(line(c, "Kazakhstan"), 2019) == 2.79 == raw("rate_opioid", "KAZ", 2019)
    assert point(line(c, "Ukraine"), 2010) == raw("rate_opioid", "UKR", 2010)
    assert point(line(c, "World"), 2000) == raw("rate_opioid", "OWID_WRL", 2000)
    assert line(c, "Kazakhstan")["x"] == list(range(1990, 2020))


def test_trends_other_measure_and_log_scale(data):
    c = charts.build("trends", data, TrendsState(countries=("UKR", "USA"), measure="deaths_opioid", scale="log"))
    assert point(line(c, "Ukraine"), 2010) == raw("deaths_opioid", "UKR", 2010)
    assert point(line(c, "United States"), 2019) == raw("deaths_opioid", "USA", 2019)
    assert spec(c)["layout"]["yaxis"]["type"] == "log"
    assert spec(charts.build("trends", data, TrendsState()))["layout"]["yaxis"]["type"] == "linear"


def test_trends_in_russian(data):
    c = charts.build("trends", data, TrendsState(lang="ru", countries=("KGZ", "KAZ")))
    assert [tr["name"] for tr in traces(c)] == ["Кыргызстан", "Казахстан"]
    s = spec(c)
    assert s["layout"]["xaxis"]["title"]["text"] == "Год"
    assert s["layout"]["yaxis"]["title"]["text"] == t("unit_rate", "ru")
    assert s["layout"]["separators"] == ", "
    assert c.table.columns[0] == "Страна"


def test_trends_table_equals_the_plotted_values(data):
    c = charts.build("trends", data, TrendsState(countries=("KGZ", "UKR", "OWID_WRL"), measure="deaths_opioid"))
    for tr in traces(c):
        part = c.table[c.table["Country"] == tr["name"]]
        assert list(part["Year"]) == tr["x"]
        assert list(part["Value"]) == tr["y"]


@pytest.mark.parametrize("lang", LANGS)
def test_trends_description_names_each_country_with_first_and_last_value(data, lang):
    c = charts.build("trends", data, TrendsState(lang=lang, countries=("KAZ", "UKR")))
    kaz = {"en": "Kazakhstan", "ru": "Казахстан"}[lang]
    assert kaz in c.description
    assert ("2.79" if lang == "en" else "2,79") in c.description
    assert "2019" in c.description and "1990" in c.description


def test_trends_milestones_are_the_sourced_ones_only(data):
    s = spec(charts.build("trends", data, TrendsState()))
    annotations = {(a["text"], a["x"]) for a in s["layout"]["annotations"]}
    assert annotations == {("S-O-S launched (CND 2017)", 2017), ("WHO guidelines (2014)", 2014)}
    lines = sorted(sh["x0"] for sh in s["layout"]["shapes"] if sh["type"] == "line")
    assert lines == [2014, 2017]


def test_milestone_years_come_from_facts_seed_012_and_013(data):
    f = data.facts.set_index("fact_id")
    assert int(f.loc["seed-012", "value"]) == 2017 and "(CND) 2017" in f.loc["seed-012", "quote"]
    assert int(f.loc["seed-013", "value"]) == 2014 and "WHO (2014)" in f.loc["seed-013", "quote"]
    # move the facts: the annotations move with them, so nothing is typed into the chart
    facts = data.facts.copy()
    facts.loc[facts["fact_id"] == "seed-012", "value"] = 2016
    facts.loc[facts["fact_id"] == "seed-013", "value"] = 2012
    moved = dataclasses.replace(data, facts=facts)
    s = spec(charts.build("trends", moved, TrendsState()))
    assert {(a["text"], a["x"]) for a in s["layout"]["annotations"]} == {
        ("S-O-S launched (CND 2017)", 2016), ("WHO guidelines (2014)", 2012)}


def test_trends_milestones_in_russian(data):
    s = spec(charts.build("trends", data, TrendsState(lang="ru")))
    assert {a["text"] for a in s["layout"]["annotations"]} == {t("ms_sos_launch", "ru"),
                                                               t("ms_who_guidelines", "ru")}


def test_trends_cite_the_milestones_source(data):
    c = charts.build("trends", data, TrendsState())
    f = data.facts.set_index("fact_id")
    assert {f.loc["seed-012", "source_id"], f.loc["seed-013", "source_id"]} <= set(c.source_ids)
    assert "ihme-gbd2019-death-rate-opioid-use" in c.source_ids


# ---------------------------------------------------------------- drug types

DRUG_NAMES = {"en": ["Opioids", "Cocaine", "Amphetamine", "Other drugs"],
              "ru": ["Опиоиды", "Кокаин", "Амфетамин", "Другие наркотики"]}
DRUG_MEASURES = ["deaths_opioid", "deaths_cocaine", "deaths_amphetamine", "deaths_other_drugs"]


@pytest.mark.parametrize("lang", LANGS)
def test_drug_types_stack_equals_the_raw_file(data, lang):
    c = charts.build("drug-types", data, TrendsState(lang=lang, country="UKR"))
    trs = traces(c, "scatter")
    assert [tr["name"] for tr in trs] == DRUG_NAMES[lang]
    assert all(tr.get("stackgroup") for tr in trs)
    for tr, m in zip(trs, DRUG_MEASURES, strict=True):
        assert point(tr, 2010) == raw(m, "UKR", 2010)
    assert point(trs[0], 2010) == raw("deaths_opioid", "UKR", 2010)
    assert ("Ukraine" if lang == "en" else "Украина") in c.title


def test_drug_types_table_equals_the_plotted_values(data):
    c = charts.build("drug-types", data, TrendsState(lang="en", country="KGZ"))
    for tr in traces(c):
        part = c.table[c.table["Measure"] == tr["name"]]
        assert list(part["Year"]) == tr["x"] and list(part["Value"]) == tr["y"]


@pytest.mark.parametrize("lang", LANGS)
def test_drug_types_latest_bars_equal_the_raw_file(data, lang):
    c = charts.build("drug-types-latest", data, CountryState(lang=lang, country="UKR"))
    (bar,) = traces(c)
    assert bar["type"] == "bar"
    assert bar["y"] == DRUG_NAMES[lang]
    assert bar["x"] == [raw(m, "UKR", 2019) for m in DRUG_MEASURES]
    assert "2019" in c.title
    opioids = int(raw("deaths_opioid", "UKR", 2019))
    assert re.sub(r"\D", "", bar["text"][0]) == str(opioids)
    total = int(raw("deaths_drug_use_disorders", "UKR", 2019))
    digits = re.sub(r"[\s\u00a0\u202f,]", "", c.description)
    assert str(total) in digits and str(opioids) in digits
    assert list(c.table[t("col_value", lang)]) == bar["x"]


# ---------------------------------------------------------------- profile trend

@pytest.mark.parametrize("lang,name,world", [("en", "Kyrgyzstan", "World"), ("ru", "Кыргызстан", "Мир")])
def test_profile_trend_highlights_the_country_against_world_and_peers(data, lang, name, world):
    c = charts.build("profile-trend", data, CountryState(lang=lang, country="KGZ"))
    trs = traces(c, "scatter")
    me = next(tr for tr in trs if tr["name"] == name)
    wrl = next(tr for tr in trs if tr["name"] == world)
    assert point(me, 2019) == raw("rate_opioid", "KGZ", 2019)
    assert point(wrl, 2019) == raw("rate_opioid", "OWID_WRL", 2019)
    assert me["line"]["width"] > max(tr["line"]["width"] for tr in trs if tr is not me)
    assert wrl["line"]["dash"] == "dash"
    peers = [tr for tr in trs if tr is not me and tr is not wrl]
    assert len(peers) == len(views.subregion_peers(data, "KGZ")) == 4  # KAZ, TJK, TKM, UZB
    assert {tr["line"]["color"] for tr in peers} == {theme.MUTED_LINE}
    assert sum(bool(tr.get("showlegend", True)) for tr in peers) == 1  # one legend entry for the peers
    kaz_values = {point(tr, 2019) for tr in peers}
    assert raw("rate_opioid", "KAZ", 2019) in kaz_values
    assert name in c.title and ({"en": "Central Asia", "ru": "Центральная Азия"}[lang]) in c.title
    # the description speaks of the country and the World, not of every grey line
    assert name in c.description and world in c.description


# ---------------------------------------------------------------- S-O-S study

SOS_NAMES = {"en": ["Kazakhstan", "Kyrgyzstan", "Tajikistan", "Ukraine"],
             "ru": ["Казахстан", "Кыргызстан", "Таджикистан", "Украина"]}


def study_value(data, indicator: str, iso3: str = "") -> float:
    f = data.facts
    rows = f[(f["indicator"] == indicator) & (f["iso3"].fillna("") == iso3)]
    assert len(rows), (indicator, iso3)
    return float(rows["value"].iloc[0])


@pytest.mark.parametrize("lang", LANGS)
def test_sos_cascade_draws_each_countrys_counts_from_its_facts(data, lang):
    c = charts.build("sos-cascade", data, PageState(lang=lang))
    bars = traces(c)
    assert [b["name"].replace("<br>", " ") for b in bars] == [t(f"st_{s}", lang) for s in ("followed", "witnessed",
                                                                                         "used")]
    assert [b["y"] for b in bars][0] == SOS_NAMES[lang]
    followed = dict(zip(bars[0]["y"], bars[0]["x"], strict=True))
    used = dict(zip(bars[2]["y"], bars[2]["x"], strict=True))
    for name, iso3 in zip(SOS_NAMES[lang], ("KAZ", "KGZ", "TJK", "UKR"), strict=True):
        assert followed[name] == study_value(data, "sos_cohort_followup_denominator_n", iso3)
        assert used[name] == study_value(data, "sos_cohort_naloxone_used_at_most_recent_witnessed_overdose_n", iso3)
    assert followed[SOS_NAMES[lang][0]] == 341 and used[SOS_NAMES[lang][3]] == 103  # the figures
    # counts on the axis, the source's shares only as labels with their count: 103 (82%)
    ukr = bars[2]["text"][bars[2]["y"].index(SOS_NAMES[lang][3])]
    assert ukr == t("sos_share_of", lang, n="103", share="82")
    assert spec(c)["layout"]["xaxis"]["title"]["text"] == t("unit_participants", lang)
    # no sum across countries: no bar or table row says 1388, 479 or 427
    assert not {1388.0, 479.0, 427.0} & {float(v) for b in bars for v in b["x"] if v is not None}
    assert t("sos_translation_note", lang) in c.notes and any("88" in n for n in c.notes)


def test_sos_outcomes_shows_each_country_and_ukraines_other_figure_beside_it(data):
    c = charts.build("sos-outcomes", data, PageState(lang="en"))
    (bar,) = traces(c)
    pct = "sos_cohort_naloxone_used_at_most_recent_witnessed_overdose_pct"
    assert bar["x"] == [study_value(data, pct, iso3) for iso3 in ("KAZ", "KGZ", "TJK", "UKR")] == [89, 89, 100, 82]
    assert bar["y"] == SOS_NAMES["en"]
    # UNODC's 88.1% for Ukraine is another measure: a note, never a bar merged with the cohort's 82%
    assert 88.1 not in bar["x"] and any("88.1%" in n for n in c.notes)
    assert any("around 90 percent" in n for n in c.notes)
    assert "ukrainian-institute-on-2b07b2" in c.source_ids or any("ukrainian" in s for s in c.source_ids)


@pytest.mark.parametrize("chart_id,score", [("sos-knowledge", "book"), ("sos-attitudes", "ooas")])
def test_training_scores_before_and_after_by_group(data, chart_id, score):
    c = charts.build(chart_id, data, PageState(lang="en"))
    before, after = traces(c)
    assert before["name"] == "before the training" and after["name"] == "after the training"
    group = ("group1_drug_use_history", "group2_no_drug_use_history")
    assert before["x"] == [study_value(data, f"sos_{score}_score_pre_training_mean_{g}") for g in group]
    assert after["x"] == [study_value(data, f"sos_{score}_score_post_training_mean_{g}") for g in group]
    assert all(a > b for a, b in zip(after["x"], before["x"], strict=True))


@pytest.mark.parametrize("lang", LANGS)
def test_sos_timeline_events_are_sourced(data, lang):
    c = charts.build("sos-timeline", data, PageState(lang=lang))
    (sc,) = traces(c)
    assert sc["type"] == "scatter" and "markers" in sc["mode"]
    labels = [a["text"].replace("<br>", " ") for a in spec(c)["layout"]["annotations"]]
    assert labels == [s.replace("<br>", " ") for s in sc["text"]]  # each event labelled on the chart
    assert sc["y"] == sorted(sc["y"])  # a vertical time axis, earliest first
    assert sc["y"][0] == 2014 and 2017 in sc["y"] and sc["y"][-1] == 2024
    assert list(c.table["fact_id"]) and set(c.table["fact_id"]) <= set(data.facts["fact_id"])
    f = data.facts.set_index("fact_id")
    for fid, year in zip(c.table["fact_id"], sc["y"], strict=True):
        fy = f.loc[fid, "year"]
        assert pd.isna(fy) or int(fy) == year or str(year) in str(f.loc[fid, "period"]), fid
    assert len(sc["text"]) == len(sc["y"])
    cyrillic = [bool(re.search("[А-Яа-я]", text)) for text in sc["text"]]
    assert all(cyrillic) if lang == "ru" else not any(cyrillic)
