"""Every country of countries.csv has a profile: at library level for all of them, and in AppTest for a sample."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from apptest import COUNTRIES as PROFILE_PAGE
from apptest import no_exception, run, run_cached, specs, unescape

from sos_dash import charts, country, ui, views
from sos_dash.datapkg import access_rules, schema
from sos_dash.i18n import LANGS, lang_column, t, template
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

    # no fact is lost: every fact of the country is a card of one group (programme or study), or a statement
    # behind an access badge; each figure once, from all the sources that give it
    programme, study = country.programme_facts(data, iso3)
    behind = set(access["fact_id"])
    assert set(programme["fact_id"]) | set(study["fact_id"]) | behind >= set(facts["fact_id"])
    assert not set(programme["fact_id"]) & set(study["fact_id"])
    assert study.empty or row["sos_country"]
    for part in (programme, study):
        grouped = [i for g in country.fact_groups(part, data, "en") for item in g.items for i in item.fact_ids]
        assert sorted(grouped) == sorted(part["fact_id"]), iso3

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
    # the first screen: one badge per access indicator, its status (decided by access_rules) as country.badges
    # words it, "not known" (grey) where none is
    lines = [m.value for m in at.markdown]
    for b in country.badges(data, iso3, lang):
        (badge,) = [v for v in lines if v.startswith(f"**{ui.md_escape(b.label)}** :")]
        assert f"-badge[{ui.md_escape(b.text)}]" in badge, badge
        assert (b.status == "not_known") == badge.endswith(f":gray-badge[{ui.md_escape(t('s_not_known', lang))}]")
    # behind them, folded: one line per access indicator with its status, year, scope and confidence
    folded = re.compile(re.escape(template("profile_statements", lang)).replace(r"\{n\}", r"\d+"))
    assert [int(re.search(r"\d+", e.label)[0]) for e in at.expander if folded.fullmatch(e.label)] == \
        ([len(access)] if len(access) else [])
    unknown = 0
    for indicator in schema.ACCESS_INDICATORS if not access.empty else ():
        label = f"**{t(f'a_{indicator}', lang)}**: "
        (line,) = [v for v in lines if v.startswith(label)]
        status = views.access_status_of(data, iso3, indicator)
        code = "not_known" if status is None else status["status"]
        unknown += code == "not_known"
        assert line[len(label):].split(" · ")[0] == ui.md_escape(t(f"s_{code}", lang)), line
        if status is not None and status["hri_row_not_retrievable"]:
            assert line.endswith(ui.md_escape(t("hri_row_not_retrievable", lang))), line
    assert access.empty or unknown >= len(set(schema.ACCESS_INDICATORS) - set(access["indicator"]))
    # and every statement behind them, each with its year (or "undated") and what it says
    said = [e.label for e in at.expander if re.match(rf"^(\d{{4}}|{t('access_undated', lang)}) — ", e.label)]
    assert len(said) == len(access)
    labels = [ui.md_escape(t(f"r_{r}", lang)) for r in access_rules.READINGS]

    def reading_of(expander_label: str) -> str:  # the longest reading label the text after the year starts with
        rest = expander_label.split(" — ", 1)[1]
        return max((r for r in labels if rest.startswith(r)), key=len)

    assert sorted(map(reading_of, said)) == sorted(ui.md_escape(t(f"r_{r}", lang)) for r in access["reading"])
    programme, study = country.programme_facts(data, iso3)
    assert (t("profile_no_facts", lang, name=name) in infos) == programme.empty
    # one card per indicator, headed by its label in bold
    cards = [m.value for m in at.markdown]
    for part in (programme, study):
        for g in country.fact_groups(part, data, lang):
            assert sum(c.startswith(f"**{ui.md_escape(g.label)}**\n\n") for c in cards) == 1, g.indicator

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


# ---------------------------------------------------------------- the first screen, the cards

FIRST_SCREEN_KINDS = ("title", "header", "markdown", "info", "caption")


def first_screen(at, lang: str) -> list[str]:
    """The texts of the page's top-level elements before its GBD section, in page order: an expander's label, not
    its (folded) content."""
    out: list[str] = []

    def visit(node) -> None:
        kind = getattr(node, "type", "")
        if kind == "expander":
            out.append(node.label)
            return
        if kind in FIRST_SCREEN_KINDS:
            out.append(node.value)
        for child in (getattr(node, "children", None) or {}).values():
            visit(child)

    for node in at.main.children.values():
        if getattr(node, "type", "") == "header" and node.value == t("profile_gbd_heading", lang):
            return out
        visit(node)
    raise AssertionError("the profile has no GBD section")


COMPUTED = {"en": "computed", "ru": "рассчитано"}  # the word a computed figure's detail says it with


@pytest.mark.apptest
@pytest.mark.parametrize("lang", LANGS)
def test_kyrgyzstan_first_screen_answers_is_naloxone_available_since_when_how_sure(data, lang):
    """Issue 14: the first screen holds each access badge's status, year and certainty exactly as country.badges
    (and so the printed brief) words them, and the three key figures with their year or how they were computed."""
    at = no_exception(run_cached(PROFILE_PAGE, {"country": "KGZ", "lang": lang}))
    first = first_screen(at, lang)
    assert first[0] == data.countries.set_index("iso3").loc["KGZ", f"name_{lang}"]
    assert t("profile_access_heading", lang) in first
    shown = [unescape(x) for x in first]
    badges = country.badges(data, "KGZ", lang)
    assert len(badges) == len(schema.ACCESS_INDICATORS)
    assert {b.status for b in badges} - {"not_known"}, "Kyrgyzstan has statuses: the test would prove little"
    for b in badges:
        (line,) = [x for x in shown if x.startswith(f"**{b.label}** ")]
        assert f"-badge[{b.text}]" in line, line
        assert b.when in line, line  # "as of 2021" / "по состоянию на 2021 г."
        if b.status != "not_known":
            assert b.when and b.certainty in line, line
    figures = country.key_figures(data, "KGZ", lang)
    assert len(figures) == 3
    for k in figures:
        (cell,) = [x for x in shown if f"**{k.value}**" in x]
        assert cell.startswith(k.label) and k.detail in cell, cell
        assert (COMPUTED[lang] in k.detail) == k.computed, k  # a computed figure says so where it is shown
    assert [k.computed for k in figures] == [False, True, True]
    # their source, with GBD's credit, on the same screen
    credit = data.sources_by_id.loc[charts.chart.GBD_RATE_SOURCE, lang_column("credit", lang)]
    assert any(credit in x for x in shown), credit  # in the page's language ("исследование «Глобальное бремя ...»")
    # no fact card, no quote and no chart before the GBD section: only the folded statements
    assert not any(x.startswith(">") for x in shown)
    assert t("quote_and_source", lang) not in first
    assert sum(x.startswith(template("profile_statements", lang).split("{")[0]) for x in first) == 1


def cards_of(at) -> list:
    """Every fact card of the page, as (its figures' markdown, its fold): a block of a markdown and an expander."""
    out = []

    def visit(node) -> None:
        children = list((getattr(node, "children", None) or {}).values())
        if [getattr(c, "type", "") for c in children] == ["markdown", "expander"]:
            out.append((children[0].value, children[1]))
        for child in children:
            visit(child)

    visit(at._tree)
    return out


@pytest.mark.apptest
@pytest.mark.parametrize("lang", LANGS)
def test_a_figure_from_two_sources_is_shown_once_with_both_sources(data, lang):
    programme, study = country.programme_facts(data, "KGZ")
    items = [(g, item) for part in (programme, study) for g in country.fact_groups(part, data, lang)
             for item in g.items if len(item.fact_ids) > 1]
    assert items, "no figure of Kyrgyzstan's has two sources: the test would prove nothing"
    at = no_exception(run_cached(PROFILE_PAGE, {"country": "KGZ", "lang": lang}))
    cards = cards_of(at)
    for g, item in items:
        (body, fold), = [c for c in cards if c[0].startswith(f"**{ui.md_escape(g.label)}**\n\n")]
        facts = [data.facts_by_id.loc[i] for i in item.fact_ids]
        f = facts[0]
        unit = "" if f["unit"] in ui.NO_UNIT else ui.fact_text(f, "unit", lang)
        # the figure's line: value, unit, then its period; once in the card, saying how many sources give it
        value = f"**{ui.md_escape(item.value)}** {ui.md_escape(unit)}"
        line = f"{value}  \n:gray[{ui.md_escape(t('period', lang) + ': ' + ui.fact_text(f, 'period', lang))}"
        (figure,) = [x for x in body.split("\n\n") if x.startswith(line)]
        assert ui.md_escape(t("n_sources", lang, n=len(facts))) in figure
        # one click away: each source with its own quote and source line
        quotes = fold.markdown[0].value.split("\n\n")
        for x in facts:
            quote = "> " + ui.md_escape(" ".join(str(x["quote"]).split()))
            (at_quote,) = [i for i, q in enumerate(quotes) if q == quote]
            assert ui.source_text(data, x["source_id"], lang) in quotes[at_quote + 1]
        assert sum(q == value for q in quotes) <= 1  # the value heads its quotes once, in a card of several figures


@pytest.mark.apptest
@pytest.mark.parametrize("lang", LANGS)
def test_a_country_without_statements_shows_five_not_known_badges_never_no(data, lang):
    iso3 = SAMPLE[4]  # no fact names it, so no statement either
    assert views.access_for(data, iso3).empty
    at = no_exception(run_cached(PROFILE_PAGE, {"country": iso3, "lang": lang}))
    first = first_screen(at, lang)
    badges = [x for x in first if re.match(r"^\*\*.+\*\* :\w+-badge\[", x)]
    assert len(badges) == len(schema.ACCESS_INDICATORS)
    unknown = ui.md_escape(t("s_not_known", lang))
    for line, indicator in zip(badges, schema.ACCESS_INDICATORS, strict=True):
        assert line == f"**{ui.md_escape(t(f'a_{indicator}', lang))}** :gray-badge[{unknown}]"
    for no in ("reported_absent", "no_peer_distribution"):
        assert not any(t(f"s_{no}", lang) in unescape(x) for x in first)
