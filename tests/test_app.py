"""AppTest: the home page and the map page run, and the map's figure carries the data's values."""

import re

import pandas as pd
import pytest
from apptest import MAP, no_exception, run, specs

from sos_dash.datapkg import schema
from sos_dash.paths import DATA_DIR

pytestmark = pytest.mark.apptest
RAW_RATE = DATA_DIR / "raw/gbd2019/death-rate-from-opioid-use.csv"
RATE_COL = "Deaths - Opioid use disorders - Sex: Both - Age: Age-standardized (Rate)"
PACKAGE = [t.filename for t in schema.TABLES] + ["datapackage.json"]


def the_figure(at) -> dict:
    charts = specs(at)
    assert len(charts) == 1
    return charts[0]


def class_of(spec: dict, iso3: str) -> dict | None:
    """The colour class (choropleth trace) a country is drawn in on the deaths map, if any."""
    return next((tr for tr in spec["data"] if tr["type"] == "choropleth" and tr.get("showlegend")
                 and tr["name"] not in ("no data", "нет данных")
                 and any(loc == iso3 and z is not None for loc, z in zip(tr["locations"], tr["z"], strict=True))),
                None)


def raw_rate(iso3: str, year: int) -> float:
    raw = pd.read_csv(RAW_RATE)
    return float(raw[(raw.Code == iso3) & (raw.Year == year)][RATE_COL].iloc[0])


def test_home_page_starts():
    at = no_exception(run())
    assert at.title[0].value == "S-O-S naloxone data dashboard"


def test_home_page_in_russian():
    at = no_exception(run(params={"lang": "ru"}))
    assert at.title[0].value == "Данные S-O-S о налоксоне"


@pytest.mark.parametrize("iso3,year", [("KAZ", 2019), ("UKR", 2010), ("USA", 1990)])
def test_map_values_equal_the_raw_file(iso3, year):
    spec = the_figure(no_exception(run(MAP, {"year": str(year)})))
    main = class_of(spec, iso3)
    i = main["locations"].index(iso3)
    assert main["z"][i] == raw_rate(iso3, year)
    assert f"<br>{year}<extra>" in main["hovertemplate"]
    assert spec["layout"]["legend"]["title"]["text"] == "deaths per 100,000"


def test_map_defaults_to_2019_and_hover_has_name_value_unit_year():
    spec = the_figure(no_exception(run(MAP)))
    main = class_of(spec, "KAZ")
    i = main["locations"].index("KAZ")
    assert main["customdata"][i] == ["Kazakhstan"]
    assert main["z"][i] == 2.79
    assert main["hovertemplate"] == "<b>%{customdata[0]}</b><br>%{z:,} deaths per 100,000<br>2019<extra></extra>"


def test_map_small_states_are_markers_and_no_data_is_grey_not_zero():
    spec = the_figure(no_exception(run(MAP)))
    by_type = {}
    for tr in spec["data"]:
        by_type.setdefault(tr["type"], []).append(tr)
    markers = by_type["scattergeo"][0]
    assert "Malta" in markers["text"]
    assert markers["customdata"][markers["text"].index("Malta")] == raw_rate("MLT", 2019)
    no_data = next(tr for tr in by_type["choropleth"] if tr["name"] == "no data")
    assert "ESH" in no_data["locations"]  # Western Sahara: a shape, no GBD series
    assert all(c[1] == "no data" for c in no_data["customdata"])
    assert class_of(spec, "ESH") is None


def test_map_in_russian_formats_and_names():
    at = no_exception(run(MAP, {"lang": "ru", "year": "2019"}))
    spec = the_figure(at)
    main = class_of(spec, "KGZ")
    i = main["locations"].index("KGZ")
    assert main["customdata"][i][0] == "Кыргызстан"
    assert spec["layout"]["separators"] == ", "  # decimal comma, space between thousands
    assert at.subheader[0].value.startswith("Расстройства, вызванные употреблением опиоидов")


def test_map_shows_source_credit_and_boundaries_note():
    at = no_exception(run(MAP))
    captions = " ".join([c.value for c in at.caption] + [m.value for m in at.markdown])  # source lines: small text
    assert "IHME, Global Burden of Disease 2019 \\(via Our World in Data\\)" in captions
    assert "United Nations" in captions
    assert "Tokelau" in captions  # no shape: named, not silently dropped


@pytest.mark.parametrize("params,key", [
    ({"year": "1850"}, "year"), ({"year": "abc"}, "year"), ({"year": "<script>"}, "year"), ({"lang": "de"}, "lang"),
])
def test_bad_url_values_fall_back_with_a_notice(params, key):
    at = no_exception(run(MAP, params))
    assert any(f"{key}=" in i.value for i in at.info)
    spec = the_figure(at)
    main = class_of(spec, "KAZ")
    assert "<br>2019<extra>" in main["hovertemplate"]


def test_invalid_data_shows_the_problems_not_a_traceback(tmp_path, monkeypatch):
    import shutil

    from sos_dash import ui
    for f in PACKAGE:
        shutil.copy(DATA_DIR / f, tmp_path / f)
    text = (tmp_path / "deaths.csv").read_text().splitlines()
    text[1] = text[1].replace("AFG", "XXX")
    (tmp_path / "deaths.csv").write_text("\n".join(text) + "\n")
    monkeypatch.setattr(ui, "DATA_DIR", tmp_path)
    ui._load.clear()
    try:
        at = run()
        assert not at.exception
        assert at.code[0].value == "deaths.csv:2:iso3: unknown ISO code 'XXX' (not in countries.csv)"
    finally:
        ui._load.clear()


def _corrupt(path, kind: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    if kind == "type":
        head = lines[0].split(",")
        cells = lines[1].split(",")
        cells[head.index("year")] = "19x0"
        lines[1] = ",".join(cells)
    elif kind == "missing-column":
        lines = [",".join(x.split(",")[1:]) for x in lines]
    elif kind == "duplicate-key":
        lines.append(lines[1])
    elif kind == "enum":
        lines[1] = lines[1].replace("reported", "maybe", 1)
    if kind == "encoding":
        path.write_bytes(path.read_bytes() + "Zürich\n".encode("latin-1"))
        return
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("filename,kind", [("deaths.csv", "type"), ("countries.csv", "missing-column"),
                                           ("sources.csv", "duplicate-key"), ("access.csv", "enum"),
                                           ("access_status.csv", "enum"), ("indicators.csv", "duplicate-key"),
                                           ("facts.csv", "encoding")])
def test_each_kind_of_broken_file_gives_a_page_naming_file_row_and_column(tmp_path, monkeypatch, filename, kind):
    import shutil

    from sos_dash import ui
    from sos_dash.datapkg import validate
    for f in PACKAGE:
        shutil.copy(DATA_DIR / f, tmp_path / f)
    _corrupt(tmp_path / filename, kind)
    problems = validate.validate_dir(tmp_path)
    assert problems, f"{kind} in {filename} was not detected"
    monkeypatch.setattr(ui, "DATA_DIR", tmp_path)
    ui._load.clear()
    try:
        at = run()
        assert not at.exception
        assert at.error and not at.get("plotly_chart")  # a clear page, no half-drawn dashboard
        shown = at.code[0].value
        assert str(problems[0]) in shown
        assert re.match(rf"{re.escape(filename)}:\d+:[\w-]+: ", shown), shown[:200]  # "-": no column (encoding)
    finally:
        ui._load.clear()
