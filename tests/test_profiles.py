"""Every country of countries.csv has a profile: at library level for all of them, and in AppTest for a sample."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from apptest import COUNTRIES as PROFILE_PAGE
from apptest import no_exception, run, specs

from sos_dash import charts, ui, views
from sos_dash.datapkg import access_rules, schema
from sos_dash.i18n import LANGS, t
from sos_dash.paths import DATA_DIR
from sos_dash.state import CountryState

COUNTRIES = pd.read_csv(DATA_DIR / "countries.csv", keep_default_na=False, dtype=str)
PROFILE_CODES = sorted(COUNTRIES[COUNTRIES["is_aggregate"] == "false"]["iso3"])


def test_every_listed_country_is_profiled():
    assert len(PROFILE_CODES) > 200
    assert "OWID_WRL" not in PROFILE_CODES
    assert {"KGZ", "KAZ", "TJK", "UKR", "HKG"} <= set(PROFILE_CODES)


@pytest.mark.parametrize("iso3", PROFILE_CODES)
def test_profile_builds_at_library_level(data, iso3):
    row = data.countries.set_index("iso3").loc[iso3]

    facts = views.facts_for(data, iso3)
    assert set(facts.columns) >= {"fact_id", "quote", "source_id", "topic"}
    for f in facts.itertuples():
        assert f.iso3 == iso3 or iso3 in str(f.group_iso3).split(";"), f.fact_id
    assert facts["source_id"].isin(data.sources["source_id"]).all()

    access = views.access_for(data, iso3)
    assert (access["iso3"] == iso3).all()
    assert access["indicator"].isin(schema.ACCESS_INDICATORS).all()
    assert access["reading"].isin(access_rules.READINGS).all()
    assert access["quote"].str.strip().astype(bool).all()  # every statement has its sentence

    if not row["in_gbd"]:
        assert data.deaths[data.deaths["iso3"] == iso3].empty
        return
    for lang in LANGS:
        name = row[f"name_{lang}"]
        trend = charts.build("profile-trend", data, CountryState(lang=lang, country=iso3))
        traces = trend.figure.data  # (the figure objects: to_json for 400 charts would double the time)
        assert traces[0].x[0] == 1990 and traces[0].x[-1] == 2019
        assert name in trend.title
        assert trend.description and "nan" not in trend.description.lower()
        assert len(trend.table) == sum(len(tr.x) for tr in traces)

        latest = charts.build("drug-types-latest", data, CountryState(lang=lang, country=iso3))
        (bar,) = latest.figure.data
        assert bar.type == "bar"
        assert len(bar.y) == 4 and all(v is not None and v >= 0 for v in bar.x)
        assert name in latest.title and "2019" in latest.title
        assert latest.description != t("d_no_series", lang)


# ---------------------------------------------------------------- AppTest for a sample

def no_facts_country() -> str:
    """The first GBD country that no fact names (read from the CSV, so the sample is known at collection)."""
    facts = pd.read_csv(DATA_DIR / "facts.csv", keep_default_na=False, dtype=str)
    named = set(facts["iso3"]) | {c for g in facts["group_iso3"] for c in g.split(";") if c}
    gbd = COUNTRIES[(COUNTRIES["is_aggregate"] == "false") & (COUNTRIES["in_gbd"] == "true")]
    return next(c for c in sorted(gbd["iso3"]) if c not in named)


SAMPLE = ["KGZ", "UKR", "USA", "GBR", no_facts_country(), "HKG"]


@pytest.mark.apptest
def test_sample_country_without_facts_has_none(data):
    assert views.facts_for(data, SAMPLE[4]).empty
    assert data.countries.set_index("iso3").loc[SAMPLE[4], "in_gbd"]
    assert not data.countries.set_index("iso3").loc["HKG", "in_gbd"]


@pytest.mark.apptest
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("iso3", SAMPLE)
def test_profile_page(data, iso3, lang):
    row = data.countries.set_index("iso3").loc[iso3]
    name = row[f"name_{lang}"]

    at = no_exception(run(PROFILE_PAGE, {"country": iso3, "lang": lang}))
    assert at.title[0].value == name
    headers = [h.value for h in at.header]
    for key in ("profile_access_heading", "profile_facts_heading", "profile_gbd_heading"):
        assert t(key, lang) in headers
    assert (t("profile_sos_heading", lang) in headers) == bool(row["sos_country"])

    infos = [i.value for i in at.info]
    access = views.access_for(data, iso3)
    assert (t("profile_access_none", lang, name=name) in infos) == access.empty
    # one line per access indicator: its status (decided by access_rules), "not known" where none is
    lines = [m.value for m in at.markdown]
    unknown = 0
    for indicator in schema.ACCESS_INDICATORS:
        label = f"**{t(f'a_{indicator}', lang)}**: "
        (line,) = [v for v in lines if v.startswith(label)]
        status = views.access_status_of(data, iso3, indicator)
        code = "not_known" if status is None else status["status"]
        unknown += code == "not_known"
        assert line[len(label):].split(" · ")[0] == ui.md_escape(t(f"s_{code}", lang)), line
        if status is not None and status["hri_row_not_retrievable"]:
            assert line.endswith(ui.md_escape(t("hri_row_not_retrievable", lang))), line
    assert unknown >= len(set(schema.ACCESS_INDICATORS) - set(access["indicator"]))
    # and every statement behind them, each with its year (or "undated") and what it says
    said = [e.label for e in at.expander if re.match(rf"^(\d{{4}}|{t('access_undated', lang)}) — ", e.label)]
    assert len(said) == len(access)
    labels = [ui.md_escape(t(f"r_{r}", lang)) for r in access_rules.READINGS]

    def reading_of(expander_label: str) -> str:  # the longest reading label the text after the year starts with
        rest = expander_label.split(" — ", 1)[1]
        return max((r for r in labels if rest.startswith(r)), key=len)

    assert sorted(map(reading_of, said)) == sorted(ui.md_escape(t(f"r_{r}", lang)) for r in access["reading"])
    facts = views.facts_for(data, iso3)
    programme = facts[~facts["topic"].isin(["sos", "access"])]
    assert (t("profile_no_facts", lang, name=name) in infos) == programme.empty

    plots = at.get("plotly_chart")
    if row["in_gbd"]:
        assert len(plots) == 2
        assert len(at.subheader) == 2 and name in at.subheader[0].value
        names = [tr["name"] for tr in specs(at)[0]["data"]]
        assert name in names
    else:
        assert len(plots) == 0
        assert t("d_no_series", lang) in infos
    assert dict(at.query_params).get("country", "KGZ") == iso3
    assert dict(at.query_params)["lang"] == lang
