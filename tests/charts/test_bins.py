"""The death maps' colour classes (sos_dash/bins.py) and how the map draws them: the classes, their labels and
edges, the legend, the play frames, and the count measure's own classes. Tested on the figure's JSON."""

from __future__ import annotations

import dataclasses
import math
from decimal import Decimal

import pandas as pd
import pytest
from figspec import class_colour, class_indices, dots, drawn, grey, no_data_trace, raw, spec

from sos_dash import bins, charts, figures, theme
from sos_dash.datapkg import schema
from sos_dash.i18n import LANGS, number, t
from sos_dash.state import MAP_MEASURES, MapState

STUDY = ("KAZ", "KGZ", "TJK", "UKR")
VIEWS = {  # name -> map state: the rate and the count, the world and the region this dashboard is for
    "rate": MapState(), "rate-eeca": MapState(region="eeca"), "all-drugs": MapState(measure="rate_drug_use_disorders"),
    "count": MapState(measure="deaths_opioid"), "count-eeca": MapState(measure="deaths_opioid", region="eeca"),
}


def bins_of(measure: str) -> bins.Bins:
    return bins.for_unit(schema.MEASURES[measure][0])


def label_of(b: bins.Bins, value: float, lang: str = "en") -> str:
    return b.labels(lang)[b.index(value)]


def legend(s: dict) -> list[str]:
    """The legend's entries, in order."""
    return [tr["name"] for tr in s["data"] if tr.get("showlegend")]


# ---------------------------------------------------------------- the classes

@pytest.mark.parametrize("region", ["world", "eeca"])
def test_the_four_study_countries_fall_in_at_least_three_classes_in_2019(data, region):
    s = spec(charts.build("map", data, MapState(region=region, year=2019)))
    classes = {iso3: drawn(s)[iso3][0] for iso3 in STUDY}
    assert len(set(classes.values())) >= 3, classes
    # Kazakhstan (2.79) and Kyrgyzstan (0.70) no longer look alike
    assert class_colour(s, classes["KAZ"]) != class_colour(s, classes["KGZ"])
    assert label_of(bins.RATE, raw("rate_opioid", "TJK", 2019)) == "under 0.5"
    assert label_of(bins.RATE, raw("rate_opioid", "KGZ", 2019)) == "0.5–0.99"
    assert label_of(bins.RATE, raw("rate_opioid", "KAZ", 2019)) == "2–4.99"


@pytest.mark.parametrize("value,label", [
    (0.49, "under 0.5"), (0.5, "0.5–0.99"), (0.99, "0.5–0.99"), (1, "1–1.99"), (2, "2–4.99"), (4.99, "2–4.99"),
    (5, "5–9.99"), (9.99, "5–9.99"), (10, "10 and over"), (13.69, "10 and over"), (0, "under 0.5"),
])
def test_a_rate_goes_where_its_label_says(value, label):
    assert label_of(bins.RATE, value) == label


@pytest.mark.parametrize("value,label", [
    (0, "under 10"), (9, "under 10"), (10, "10–99"), (99, "10–99"), (100, "100–999"), (1000, "1,000–9,999"),
    (9999, "1,000–9,999"), (10000, "10,000 and over"), (47337, "10,000 and over"),
])
def test_a_count_goes_where_its_label_says(value, label):
    assert label_of(bins.COUNT, value) == label


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("b", [bins.RATE, bins.COUNT], ids=["rate", "count"])
def test_a_value_on_a_break_is_in_the_class_whose_label_starts_with_it(b, lang):
    labels = b.labels(lang)
    for k, edge in enumerate(b.breaks):
        above, below = b.index(float(edge)), b.index(float(edge - b.step))
        assert (above, below) == (k + 1, k)
        assert labels[above].startswith(number(edge, lang)), labels[above]
        assert labels[below].endswith(number(edge - b.step, lang)) or k == 0, labels[below]
    assert labels[0] == t("bin_under", lang, value=number(b.breaks[0], lang))
    assert labels[-1] == t("bin_over", lang, value=number(b.breaks[-1], lang))


def test_values_on_a_break_in_the_data_are_drawn_in_the_class_their_label_starts_with(data):
    s = spec(charts.build("map", data, MapState()))
    d = data.deaths
    on_break = d[(d["measure"] == "rate_opioid") & d["value"].isin([float(x) for x in bins.RATE.breaks])]
    checked = 0
    for r in on_break.itertuples():
        shapes = drawn(s, r.year)
        if r.iso3 in shapes:
            k, v = shapes[r.iso3]
            assert v == r.value and bins.RATE.labels("en")[k].startswith(number(r.value, "en")), (r.iso3, r.year)
            checked += 1
    assert checked >= 20  # the data hold dozens of rates exactly on a break (0.5, 1, 2, ...)


@pytest.mark.parametrize("measure", MAP_MEASURES)
def test_no_value_in_the_data_falls_between_two_labels(data, measure):
    """A middle class's label ends one step under the next break (0.5-0.99): that holds only if the data have no
    finer values (rates to two decimals, whole counts)."""
    b = bins_of(measure)
    values = data.deaths[data.deaths["measure"] == measure]["value"]
    assert len(values) and all(Decimal(str(v)) % b.step == 0 for v in values)


def test_no_value_has_no_class():
    for b in (bins.RATE, bins.COUNT):
        assert b.index(None) is None and b.index(math.nan) is None and b.index(float("nan")) is None


def test_a_country_without_a_value_in_a_year_is_grey_in_that_frame_never_a_class():
    """fig_map on a small made-up history: a shape and a dot lack a value in 1991 (NaN); that year they are 'no
    data', in the other years in their class."""
    values = pd.DataFrame({"iso3": ["KAZ", "KGZ"], "value": [2.79, 0.7], "name": ["Kazakhstan", "Kyrgyzstan"]})
    markers = pd.DataFrame({"iso3": ["MLT"], "lon": [14.4], "lat": [35.9], "value": [0.3], "name": ["Malta"]})
    history = pd.DataFrame({"iso3": ["KAZ", "KAZ", "KGZ", "KGZ", "MLT", "MLT"], "year": [1990, 1991] * 3,
                            "value": [2.79, 1.5, 0.7, math.nan, 0.3, math.nan]})
    fig = figures.fig_map(values, lang="en", year=1990, unit="deaths per 100,000", bins=bins.RATE, title="t",
                          subtitle="s", markers=markers, history=history)
    s = fig.to_plotly_json()
    s = {"data": s["data"], "frames": [f.to_plotly_json() for f in fig.frames]}
    assert drawn(s, 1990) == {"KAZ": (3, 2.79), "KGZ": (1, 0.7)}
    assert drawn(s, 1991) == {"KAZ": (2, 1.5)} and grey(s, 1991) == {"KGZ"} and grey(s, 1990) == set()
    assert dots(s, 1991)["Malta"] == (theme.NO_DATA, None)
    assert dots(s, 1990)["Malta"] == (bins.RATE.colours[0], 0.3)
    malta_1991 = next(f for f in s["frames"] if f["name"] == "1991")["data"][-1]["hovertemplate"]
    assert malta_1991 == ["<b>%{text}</b><br>no data<extra></extra>"]  # the hover says so, never 0


# ---------------------------------------------------------------- the legend and the colours

@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("view", VIEWS)
def test_the_legend_holds_every_class_with_the_unit_and_a_no_data_swatch(data, view, lang):
    state = VIEWS[view]
    s = spec(charts.build("map", data, dataclasses.replace(state, lang=lang)))
    b = bins_of(state.measure)
    assert legend(s) == [*b.labels(lang), t("no_data", lang)]
    unit = t("unit_deaths" if state.measure.startswith("deaths") else "unit_rate", lang)
    assert s["layout"]["legend"]["title"]["text"] == unit
    assert s["layout"].get("showlegend") is True and not s["layout"].get("coloraxis")
    # plotly leaves a trace without locations out of the legend: a class no country of the view is in (the top
    # rate class in Eastern Europe and Central Asia) still has one location, drawn nowhere
    for tr in s["data"]:
        if tr.get("showlegend"):
            assert len(tr["locations"]) >= 1 and tr.get("visible", True) is True, tr["name"]
    assert [class_colour(s, k) for k in range(len(b))] == list(b.colours)
    assert {c for _, c in no_data_trace(s)["colorscale"]} == {theme.NO_DATA} and theme.NO_DATA not in b.colours


def test_the_classes_colours_are_a_sequential_scheme_light_to_dark():
    """As many colours as classes, each darker than the one before (a sequential scheme reads by lightness, which
    the common colour-vision deficiencies keep)."""
    def luminance(colour: str) -> float:
        def channel(c: int) -> float:
            c = c / 255
            return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
        r, g, b = (channel(int(colour[i:i + 2], 16)) for i in (1, 3, 5))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    for b in (bins.RATE, bins.COUNT):
        assert len(b.colours) == len(b) == len(b.labels("en"))
        lum = [luminance(c) for c in b.colours]
        assert lum == sorted(lum, reverse=True) and len(set(lum)) == len(lum), b.colours


def test_the_count_measure_has_its_own_classes(data):
    rate = spec(charts.build("map", data, MapState()))
    count = spec(charts.build("map", data, MapState(measure="deaths_opioid")))
    assert legend(rate) != legend(count)
    assert bins_of("deaths_opioid") is bins.COUNT and bins.COUNT.breaks != bins.RATE.breaks
    assert bins_of("rate_opioid") is bins_of("rate_drug_use_disorders") is bins.RATE  # the rates read alike
    names = legend(count)
    assert names[drawn(count)["USA"][0]] == "10,000 and over"  # 47,337 deaths in 2019
    assert names[drawn(count)["TJK"][0]] == "10–99"  # 12
    assert drawn(count)["USA"][1] == raw("deaths_opioid", "USA", 2019)


def test_russian_labels_use_a_decimal_comma_and_russian_words(data):
    assert bins.RATE.labels("ru") == ["менее 0,5", "0,5–0,99", "1–1,99", "2–4,99", "5–9,99", "10 и более"]
    nbsp = "\u00a0"  # Babel's (CLDR's) group sign in Russian
    assert bins.COUNT.labels("ru") == ["менее 10", "10–99", "100–999", f"1{nbsp}000–9{nbsp}999", f"10{nbsp}000 и более"]
    s = spec(charts.build("map", data, MapState(lang="ru", region="eeca")))
    assert legend(s) == [*bins.RATE.labels("ru"), "нет данных"]
    assert s["layout"]["legend"]["title"]["text"] == t("unit_rate", "ru")


# ---------------------------------------------------------------- the play frames

@pytest.mark.parametrize("view", VIEWS)
def test_every_frame_uses_the_same_classes_and_colours(data, view):
    state = VIEWS[view]
    s = spec(charts.build("map", data, state))
    b, unit = bins_of(state.measure), s["layout"]["legend"]["title"]["text"]
    assert len(s["frames"]) == 30
    classes = class_indices(s)
    everyone = {loc for i in classes for loc in s["data"][i]["locations"]} | grey(s)
    shapes_now = set(drawn(s)) | grey(s)
    for frame in s["frames"]:
        year = int(frame["name"])
        assert frame["traces"] == list(range(len(s["data"])))  # every trace, in every frame
        for tr in frame["data"]:
            # a frame changes values (and the year in the hover), never a class's name, colour or countries
            assert not {"name", "colorscale", "locations", "showlegend"} & set(tr), sorted(tr)
        in_classes = drawn(s, year)
        for iso3, (k, v) in in_classes.items():
            assert b.index(v) == k, (year, iso3, v, k)
        assert set(in_classes) | grey(s, year) == shapes_now <= everyone  # every shape drawn once, each year
        assert not set(in_classes) & grey(s, year)
        for i in classes:
            assert frame["data"][i]["hovertemplate"].endswith(f" {unit}<br>{year}<extra></extra>")
            assert "%{z:,}" in frame["data"][i]["hovertemplate"]  # the exact value, not the class
        for name, (colour, v) in dots(s, year).items():
            assert colour == b.colours[b.index(v)], (year, name, v)


def test_a_country_changes_class_over_the_years_as_its_value_does(data):
    s = spec(charts.build("map", data, MapState()))
    k1990, v1990 = drawn(s, 1990)["USA"]
    k2019, v2019 = drawn(s, 2019)["USA"]
    assert (v1990, v2019) == (raw("rate_opioid", "USA", 1990), raw("rate_opioid", "USA", 2019))
    assert k1990 < k2019 == len(bins.RATE) - 1


@pytest.mark.parametrize("view", VIEWS)
def test_a_class_lists_the_countries_drawn_in_the_shown_year_first(data, view):
    """plotly keeps an empty path for a location without a value; listing the drawn ones first makes a page's
    first map path a country on screen (what the browser tests and a reader's first look wait for)."""
    s = spec(charts.build("map", data, VIEWS[view]))
    for i in class_indices(s):
        z = s["data"][i]["z"]
        shown = [v is not None for v in z]
        assert shown == sorted(shown, reverse=True), s["data"][i]["name"]
    first = s["data"][class_indices(s)[0]]["z"][0]
    assert first is not None
