"""The one-page briefs (sos_dash/brief.py): every profile's brief in every language builds on one A4 page and says its
name, each access status with its year, each key figure as the profile shows it, the GBD credit and the package's
date; a sample read back with pdftotext (Debian's poppler-utils) proves the text is in the PDF, searchable, Cyrillic
included; countries without GBD series, facts or access statements get an honest brief; the region brief; the command
line and the export's briefs.

Building all ~208 x 2 briefs takes a while (most of it the profile's own figures, country.py), so it happens once, in
the `every_brief` fixture, and pdftotext reads only SAMPLE.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess

import pytest

from sos_dash import __main__ as cli
from sos_dash import brief, country, export, views
from sos_dash.i18n import LANGS, format_date, t
from sos_dash.state import SOS_COUNTRIES

BASE = "https://dash.example.org"
PAGES = re.compile(rb"<<([^<>]*/Type /Pages\b[^<>]*)>>")
PDFTOTEXT = shutil.which("pdftotext")
needs_poppler = pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext is missing: Debian's poppler-utils "
                                                             "(make test installs it as root)")


def norm(text: str) -> str:
    """Whitespace as a reader searches it: line breaks, runs of spaces and the no-break space of "14 263" as one
    space (pdftotext gives the no-break space as a space)."""
    return " ".join(text.replace("\xa0", " ").split())


def page_count(pdf: bytes) -> int:
    """The page tree's /Count (ReportLab writes the object uncompressed), checked against the page objects."""
    trees = PAGES.findall(pdf)
    assert len(trees) == 1, trees
    count = int(re.search(rb"/Count (\d+)", trees[0]).group(1))
    assert len(re.findall(rb"/Type /Page\b", pdf)) == count
    return count


def pdftotext(pdf: bytes, tmp_path, name: str = "b.pdf") -> str:
    path = tmp_path / name
    path.write_bytes(pdf)
    out = subprocess.run([PDFTOTEXT, "-enc", "UTF-8", str(path), "-"], capture_output=True, timeout=60, check=True)
    return out.stdout.decode("utf-8")


def without_gbd(data) -> str:
    return next(c for c in views.profile_codes(data) if country.rate_series(data, c).empty)


def without_facts(data) -> str:
    """A country with GBD series but no programme facts."""
    return next(c for c in views.profile_codes(data)
                if country.programme_facts(data, c)[0].empty and not country.rate_series(data, c).empty)


def without_access(data) -> str:
    return next(c for c in views.profile_codes(data) if not (data.access["iso3"] == c).any())


@pytest.fixture(scope="module")
def date():
    return brief.package_date()


@pytest.fixture(scope="module")
def every_brief(data):
    """(iso3, lang) -> (what the brief says, its PDF bytes, how it was drawn) for every profile and language."""
    out = {}
    for iso3 in views.profile_codes(data):
        for lang in LANGS:
            content = brief.country_content(data, iso3, lang, link=brief.profile_link(BASE, iso3, lang))
            out[(iso3, lang)] = (content, *brief.render_country(content))
    return out


def expected_texts(data, content: brief.CountryBrief, date: str) -> list[str]:
    """What the brief must say, in the words of the profile: its badges (country.badges) and key figures
    (country.key_figures; test_the_brief_says_what_the_profiles_functions_say checks they are theirs)."""
    lang = content.lang
    credit = data.sources_by_id.loc[country.GBD_RATE_SOURCE, "credit_ru" if lang == "ru" else "credit"]
    name = data.countries.set_index("iso3").loc[content.iso3, f"name_{lang}"]
    out = [name, credit, format_date(date, lang), brief.profile_link(BASE, content.iso3, lang)]
    for b in content.badges:
        out += [b.label, b.text, b.certainty] + ([b.when] if b.when else [])
    for k in content.figures:
        out += [k.label, k.value, k.detail]
    return out


# ---------------------------------------------------------------- every profile, every language
def test_every_profile_has_a_one_page_brief_in_every_language(data, every_brief):
    assert len(every_brief) == len(views.profile_codes(data)) * len(LANGS) > 400
    problems = []
    for (iso3, lang), (_, pdf, drawn) in every_brief.items():
        if not pdf.startswith(b"%PDF-") or page_count(pdf) != 1 or drawn.overflow:
            problems.append((iso3, lang, page_count(pdf), drawn.scale))
    assert problems == []
    # the layout shrinks only where it must: most briefs are drawn at full size
    full = sum(drawn.scale == brief.SCALES[0] for _, _, drawn in every_brief.values())
    assert full > 0.9 * len(every_brief), full


def test_every_brief_says_the_name_statuses_figures_credit_date_and_link(data, every_brief, date):
    missing = {}
    for key, (content, _, drawn) in every_brief.items():
        said = norm(" ".join(drawn.lines))
        lost = [x for x in expected_texts(data, content, date) if norm(x) not in said]
        if lost:
            missing[key] = lost
    assert missing == {}


@pytest.mark.parametrize("iso3", [*SOS_COUNTRIES, "USA", "HKG", "AGO"])
def test_the_brief_says_what_the_profiles_functions_say(data, every_brief, iso3):
    for lang in LANGS:
        content = every_brief[(iso3, lang)][0]
        assert content.badges == country.badges(data, iso3, lang)
        assert content.figures == country.key_figures(data, iso3, lang)
        assert content.name == data.countries.set_index("iso3").loc[iso3, f"name_{lang}"]


def test_every_key_figure_value_is_on_one_line(every_brief):
    """A figure is never broken across lines (it shrinks instead): a reader and a search find it whole."""
    broken = [(key, k.value) for key, (content, _, drawn) in every_brief.items()
              for k in content.figures if k.value not in drawn.lines]
    assert broken == []


def test_the_fonts_draw_every_character_of_every_brief(every_brief):
    text = "".join(sorted({ch for _, _, drawn in every_brief.values() for line in drawn.lines for ch in line}))
    assert brief.missing_glyphs(text) == []
    assert re.search("[А-Яа-яЁё]", text)


def test_facts_are_at_most_five_each_once_and_as_the_profile_shows_them(data, every_brief):
    for iso3 in ("KGZ", "KAZ", "TJK", "UKR", "USA", "GBR"):
        for lang in LANGS:
            lines, n = brief.chosen_facts(data, iso3, lang)
            assert len(lines) == min(brief.MAX_FACTS, n)
            groups = country.fact_groups(country.programme_facts(data, iso3)[0], data, lang)
            assert n == sum(len(g.items) for g in groups)
            values = [f.value for f in lines]
            assert len(set(zip(values, [f.label for f in lines], strict=True))) == len(lines)
            drawn = norm(" ".join(every_brief[(iso3, lang)][2].lines))
            for f in lines:
                assert norm(f.value) in drawn and norm(f.label) in drawn and norm(f.sources) in drawn, (iso3, f)


# ---------------------------------------------------------------- honest briefs
def test_a_country_without_gbd_series_says_so(data, every_brief):
    iso3 = without_gbd(data)
    for lang in LANGS:
        drawn = norm(" ".join(every_brief[(iso3, lang)][2].lines))
        name = data.countries.set_index("iso3").loc[iso3, f"name_{lang}"]
        credit = data.sources_by_id.loc[country.GBD_RATE_SOURCE, "credit_ru" if lang == "ru" else "credit"]
        assert norm(t("brief_no_gbd", lang, credit=credit, name=name)) in drawn
        assert norm(t("kf_rate", lang)) not in drawn
        assert norm(t("brief_chart_title", lang, y0=1990, y1=2019)) not in drawn


def test_a_country_without_facts_or_access_statements_says_so(data, every_brief):
    for iso3, key in ((without_facts(data), "brief_no_facts"), (without_access(data), "profile_access_none")):
        for lang in LANGS:
            name = data.countries.set_index("iso3").loc[iso3, f"name_{lang}"]
            drawn = norm(" ".join(every_brief[(iso3, lang)][2].lines))
            assert norm(t(key, lang, name=name)) in drawn, (iso3, key)


def test_the_study_section_is_the_countrys_cascade_and_still_fits(data, date):
    """The four study countries' briefs print the study's cascade as the profile shows it (views.cascade_rows),
    with its sources; other countries' briefs have no study section."""
    for iso3 in SOS_COUNTRIES:
        for lang in LANGS:
            rows = brief.study_rows(data, iso3, lang)
            assert [r.value for r in rows] == [c.value for c in views.cascade_rows(data, iso3, lang)]
            assert len(rows) == 3, (iso3, [r.label for r in rows])  # followed up, witnessed, used naloxone
            pdf, lay = brief.country_brief_layout(data, iso3, lang, link=brief.profile_link(BASE, iso3, lang))
            assert page_count(pdf) == 1 and not lay.overflow
            drawn = norm(" ".join(lay.lines))
            name = data.countries.set_index("iso3").loc[iso3, f"name_{lang}"]
            assert norm(t("brief_study_heading", lang, name=name)) in drawn
            for r in rows:
                assert all(norm(x) in drawn for x in (r.label, r.value, r.detail))
    kgz = [r.value for r in brief.study_rows(data, "KGZ", "en")]
    assert kgz == ["349", "113 (33%)", "101 (89%)"]  # the figures, with the shares the sources give
    _, lay = brief.country_brief_layout(data, "USA", "en", link=BASE)
    assert brief.study_rows(data, "USA", "en") == []
    assert norm(t("brief_study_heading", "en", name="United States")) not in norm(" ".join(lay.lines))


def test_unknown_codes_and_aggregates_have_no_brief(data):
    for code in ("XXX", "OWID_WRL"):
        with pytest.raises(KeyError, match="no country profile"):
            brief.country_brief(data, code, "en", link=BASE)


def test_a_brief_loads_nothing_from_the_network(data, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a brief opened a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert page_count(brief.country_brief(data, "TJK", "ru", link=BASE)) == 1
    assert page_count(brief.region_brief(data, "en", link=BASE)) == 1


def test_the_same_brief_is_the_same_bytes(data):
    a = brief.country_brief(data, "KAZ", "ru", link=BASE)
    assert a == brief.country_brief(data, "KAZ", "ru", link=BASE)
    assert b"/CreationDate (D:2000" in a  # ReportLab's invariant mode: no clock time in the file


def test_links_and_file_names():
    assert brief.profile_link("https://d.example/", "KGZ", "ru") == "https://d.example/countries?country=KGZ&lang=ru"
    assert brief.region_link("", "en") == "/map?layer=access&region=eeca&lang=en"
    assert brief.file_name("KGZ", "ru") == "brief-kgz.ru.pdf"
    assert export.brief_base("../../..") == "../../../.."
    assert export.brief_base("https://d.example/") == "https://d.example"


# ---------------------------------------------------------------- the region
@pytest.fixture(scope="module")
def region(data):
    return {lang: brief.region_brief_layout(data, lang, link=brief.region_link(BASE, lang)) for lang in LANGS}


def test_the_region_brief_lists_every_eeca_country_with_its_statuses(data, region, date):
    members = views.region_members(data, brief.REGION)
    assert len(members) > 20
    names = data.countries.set_index("iso3")
    for lang, (pdf, lay) in region.items():
        assert page_count(pdf) == 1 and not lay.overflow
        drawn = norm(" ".join(lay.lines))
        credit = data.sources_by_id.loc[country.GBD_RATE_SOURCE, "credit_ru" if lang == "ru" else "credit"]
        for x in (t("r_eeca", lang), credit, format_date(date, lang), brief.region_link(BASE, lang),
                  *[t(f"a_{i}", lang) for i in brief.REGION_INDICATORS]):
            assert norm(x) in drawn, x
        content = brief.region_content(data, lang, link=BASE)
        assert {r.iso3 for r in content.rows} == members
        for r in content.rows:
            assert r.name == names.loc[r.iso3, f"name_{lang}"] and r.name in lay.lines
            for b in r.badges:
                assert norm(b.text) in drawn and (not b.when or norm(b.when) in drawn)


# ---------------------------------------------------------------- read back with pdftotext
def sample(data) -> list[str]:
    """The four study countries, a country without GBD series, one without facts, one without access statements,
    and the brief with the most lines (the fullest page)."""
    return list(dict.fromkeys([*SOS_COUNTRIES, without_gbd(data), without_facts(data), without_access(data)]))


@needs_poppler
def test_pdftotext_reads_the_sample_briefs(data, every_brief, date, tmp_path):
    fullest = max(every_brief, key=lambda k: len(every_brief[k][2].lines))
    cases = [(c, lang) for c in sample(data) for lang in LANGS] + [fullest]
    for iso3, lang in cases:
        content, pdf, _ = every_brief[(iso3, lang)]
        text = norm(pdftotext(pdf, tmp_path))
        lost = [x for x in expected_texts(data, content, date) if norm(x) not in text]
        assert lost == [], (iso3, lang, lost)
        if lang == "ru":  # Cyrillic as text, not as drawn shapes: a search finds it
            assert norm(data.countries.set_index("iso3").loc[iso3, "name_ru"]) in text
            assert t("profile_access_heading", "ru") in text
    info = subprocess.run(["pdfinfo", str(tmp_path / "b.pdf")], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M)
    assert "A4" in info


@needs_poppler
def test_pdftotext_reads_the_region_brief(data, region, date, tmp_path):
    for lang, (pdf, _) in region.items():
        text = norm(pdftotext(pdf, tmp_path))
        for r in brief.region_content(data, lang, link=BASE).rows:
            assert norm(r.name) in text
            assert all(norm(b.text) in text for b in r.badges)
        assert norm(format_date(date, lang)) in text


@needs_poppler
def test_the_fonts_are_embedded(data, every_brief, tmp_path):
    path = tmp_path / "b.pdf"
    path.write_bytes(every_brief[("KGZ", "ru")][1])
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    fonts = out.splitlines()[2:]
    assert fonts and all(" yes yes yes " in line for line in fonts), out  # embedded, subset, with a Unicode map
    assert all("DejaVuSans" in line for line in fonts)


# ---------------------------------------------------------------- command line and export
@pytest.fixture
def loaded(data, monkeypatch):
    """The command line's data package is the session's (loaded once)."""
    from sos_dash.datapkg import load

    monkeypatch.setattr(load, "load", lambda data_dir: data)


def test_cli_writes_a_brief(loaded, tmp_path, capsys):
    out = tmp_path / "kgz.pdf"
    assert cli.main(["brief", "kgz", "--lang", "ru", "--out", str(out), "--base-url", BASE]) == 0
    assert page_count(out.read_bytes()) == 1
    assert str(out) in capsys.readouterr().out
    assert cli.main(["brief", "eeca", "--lang", *LANGS, "--out", str(tmp_path / "d")]) == 0
    assert sorted(p.name for p in (tmp_path / "d").iterdir()) == sorted(brief.file_name("eeca", x) for x in LANGS)


def test_cli_unknown_code_exits_2(loaded, tmp_path, capsys):
    assert cli.main(["brief", "ZZZ", "--out", str(tmp_path / "z.pdf")]) == 2
    err = capsys.readouterr().err
    assert "ZZZ" in err and "eeca" in err
    assert cli.main(["brief", "KGZ", "--lang", *LANGS, "--out", str(tmp_path / "z.pdf")]) == 2
    assert not (tmp_path / "z.pdf").exists()
    with pytest.raises(SystemExit) as exc:
        cli.main(["brief", "KGZ", "--lang", "xx"])
    assert exc.value.code == 2


def test_cli_export_formats_are_the_exports():
    assert cli.EXPORT_FORMATS == export.FORMATS


def test_export_writes_the_study_countries_and_region_briefs_and_lists_them(data, tmp_path):
    briefs = export.export_briefs(data, tmp_path)
    codes = [*SOS_COUNTRIES, brief.REGION]
    assert sorted(p.name for p in (tmp_path / export.BRIEFS_DIR).iterdir()) == \
        sorted(brief.file_name(c, lang) for c in codes for lang in LANGS)
    for b in briefs:
        pdf = (tmp_path / b.file).read_bytes()
        assert page_count(pdf) == 1
        link = brief.region_link("../../../..", b.lang) if b.code == brief.REGION else \
            brief.profile_link("../../../..", b.code, b.lang)
        assert link.encode() in pdf  # the link annotation (not compressed)
    page = export.index_html([], briefs)
    for b in briefs:
        assert f'<a href="{b.file}">' in page and b.title in page.replace("&#x27;", "'")
    for lang in LANGS:
        assert t("export_briefs_heading", lang) in page
    assert "briefs" not in export.index_html([])
