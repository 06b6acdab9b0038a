"""The curators' path (issue 16): the template, check-update's messages, the preview's changes, apply-update.

Every test works on a copy of data/ (never the repository's)."""

from __future__ import annotations

import hashlib
import shutil
from datetime import date
from pathlib import Path

import pytest
from curator_files import ARMENIA, DAY, KYRGYZSTAN, THREE, WORLD, write_csv, write_xlsx

from sos_dash import __main__ as cli
from sos_dash.datapkg import build, updates
from sos_dash.datapkg.load import load
from sos_dash.paths import DATA_DIR
from sos_dash.update import apply, changes, check, preview, template

TODAY = date.fromisoformat(DAY)


def copy_data(dst: Path) -> Path:
    shutil.copytree(DATA_DIR, dst, ignore=shutil.ignore_patterns(".build-*", ".update-*", "templates"))
    return dst


def fingerprint(d: Path) -> dict[str, str]:
    """Every file under the folder by its hash: equal before and after means nothing changed."""
    return {str(p.relative_to(d)): hashlib.sha1(p.read_bytes()).hexdigest() for p in sorted(d.rglob("*"))
            if p.is_file()}


@pytest.fixture(scope="module")
def shared(tmp_path_factory) -> Path:
    """One copy of data/ for the tests that only read it (each checks that it stays unchanged)."""
    return copy_data(tmp_path_factory.mktemp("shared") / "data")


def lines(path: Path, data_dir: Path, lang: str = "en") -> list[str]:
    _, problems = check.check_file(path, data_dir, TODAY)
    return [check.line(path.name, p, lang) for p in problems]


# ---------------------------------------------------------------- the template
def test_the_committed_template_is_what_the_code_writes(tmp_path):
    written = template.write(DATA_DIR, tmp_path)
    for path in written:
        assert path.read_bytes() == (DATA_DIR / "templates" / path.name).read_bytes(), \
            f"{path.name}: run python -m sos_dash update-template"


def test_the_template_is_the_same_bytes_on_every_run():
    assert template.xlsx_bytes(DATA_DIR) == template.xlsx_bytes(DATA_DIR)


def test_the_workbook_has_its_columns_help_and_indicator_dropdown():
    from openpyxl import load_workbook

    book = load_workbook(DATA_DIR / "templates" / "facts_template.xlsx")
    assert book.sheetnames == ["facts", "columns", "indicators"]
    facts = book["facts"]
    assert [c.value for c in facts[1]] == updates.COLUMNS
    help_rows = {r[0].value: (r[1].value, r[2].value) for r in book["columns"].iter_rows(min_row=2)}
    assert set(help_rows) == set(updates.COLUMNS) and all(en and ru and en != ru for en, ru in help_rows.values())
    items = [r[0].value for r in book["indicators"].iter_rows(min_row=2)]
    vocabulary = build.read_raw(DATA_DIR / "raw" / "curation" / "indicators.csv", ["indicator"])
    assert sorted(updates.indicator_of(i) for i in items) == sorted(r["indicator"] for r in vocabulary)
    (dropdown,) = facts.data_validations.dataValidation
    assert dropdown.type == "list" and dropdown.formula1 == f"=indicators!$A$2:$A${len(items) + 1}"
    assert str(dropdown.sqref).startswith("D2:")


@pytest.mark.parametrize("name", ["facts_template.xlsx", "facts_template.csv"])
def test_a_template_left_as_it_is_names_its_two_examples(name, shared):
    before = fingerprint(shared)
    path = DATA_DIR / "templates" / name
    first = 3 if name.endswith("xlsx") else 5  # the .csv explains the columns in two comment rows
    assert lines(path, shared) == [
        f"{name}:{first}:-: This is one of the template's example rows (prog-002, already in the data). Fix: "
        "delete it.",
        f"{name}:{first + 1}:-: This is one of the template's example rows (prog-058, already in the data). Fix: "
        "delete it."]
    assert fingerprint(shared) == before


def test_the_examples_are_clean_but_for_being_held_facts(shared):
    voc = check.vocabulary(shared, TODAY)
    for row in template.example_rows(shared):
        assert updates.check_row(row, voc) == []


# ---------------------------------------------------------------- bad rows and files: exact messages, nothing changed
BAD_ROWS = [
    ("value-not-in-quote", {**KYRGYZSTAN, "value": "1300"}, "ru",
     "bad.csv:2:value: Числа 1300 нет в цитате. Как исправить: напишите цифру в точности как в цитате или скопируйте "
     "предложение, в котором она есть."),
    ("lost-qualifier", {**WORLD, "unit": "countries"}, "en",
     "bad.csv:2:unit: The quote says 'almost 36', but the unit has lost 'almost'. Fix: keep it in the unit, e.g. "
     "people (source says 'almost')."),
    ("unknown-indicator", {**KYRGYZSTAN, "indicator": "naloxone_sold"}, "en",
     "bad.csv:2:indicator: 'naloxone_sold' is not an indicator of the dashboard. Fix: choose one from the list "
     "(sheet 'indicators'); a new indicator is added by the data team."),
    ("unknown-iso", {**KYRGYZSTAN, "country_iso3": "KGY"}, "en",
     "bad.csv:2:country_iso3: 'KGY' is not a known ISO 3166-1 alpha-3 country code. Fix: use the country's three "
     "capital letters (KGZ for Kyrgyzstan), several joined by ';'; leave it empty for the World."),
    ("bad-url", {**KYRGYZSTAN, "url": "www.example.org/page"}, "en",
     "bad.csv:2:url: 'www.example.org/page' is not a web address. Fix: copy the whole address, starting with "
     "https:// or http://; leave it empty if the source has none."),
    ("bad-date", {**KYRGYZSTAN, "accessed": "03.12.2026"}, "en",
     "bad.csv:2:accessed: '03.12.2026' is not a date. Fix: write the day as YYYY-MM-DD (2026-12-03)."),
    ("duplicate", {**KYRGYZSTAN, "country_iso3": "KAZ;KGZ;TJK;UKR", "value": "14263", "unit": "people",
                   "quote": "14,263 people were trained and almost 16,278 SOS naloxone kits have been distributed in "
                            "four countries in only eight months."}, "en",
     "bad.csv:2:-: This fact is already in the data (prog-001: the same sentence, figure and country). Fix: delete "
     "the row."),
    ("formula", {**KYRGYZSTAN, "source_title": "=HYPERLINK(\"http://evil.example\",\"report\")"}, "en",
     "bad.csv:2:source_title: The cell starts with '=', so a spreadsheet would run it as a formula. Fix: remove that "
     "first character, or start the text with a word."),
    ("formula-minus-in-text", {**KYRGYZSTAN, "quote": "-1200 people in 2025 were trained."}, "en",
     "bad.csv:2:quote: The cell starts with '-', so a spreadsheet would run it as a formula. Fix: remove that first "
     "character, or start the text with a word."),
    ("untranslated", {**KYRGYZSTAN, "unit": "volunteers"}, "en",
     "bad.csv:2:unit_ru: The dashboard has no Russian for 'volunteers' (column unit). Fix: write it in this column."),
]


@pytest.mark.parametrize("case, row, lang, expected", BAD_ROWS, ids=[c[0] for c in BAD_ROWS])
def test_a_bad_row_gives_its_exact_message_and_changes_nothing(case, row, lang, expected, shared, tmp_path):
    before = fingerprint(shared)
    path = write_csv(tmp_path / "bad.csv", [row])
    assert lines(path, shared, lang) == [expected]
    assert cli.main(["check-update", str(path), "--data", str(shared), "--date", DAY]) == 1
    assert cli.main(["apply-update", str(path), "--data", str(shared), "--date", DAY]) == 1
    assert fingerprint(shared) == before


def test_a_negative_number_in_the_value_column_is_a_number_not_a_formula(shared, tmp_path):
    row = {**KYRGYZSTAN, "value": "-45.3", "indicator": "change_in_deaths_from_drug_use_disorders_pct",
           "unit": "percent", "quote": "Deaths in Kyrgyzstan changed by -45.3% in 2025."}
    assert lines(write_csv(tmp_path / "neg.csv", [row]), shared) == []


def raw_file(suffix: str, content: bytes):
    def make(p: Path) -> Path:
        p.with_suffix(suffix).write_bytes(content)
        return p.with_suffix(suffix)
    return make


BAD_FILES = [
    ("empty", raw_file(".csv", b""),
     "{name}:1:-: The file is empty. Fix: fill in the template (data/templates/facts_template.xlsx), one fact per "
     "row."),
    ("binary", raw_file(".csv", b"country_iso3\n\x00\x01\x02PNG"),
     "{name}:2:-: The file holds binary data, not text: it is not a CSV file. Fix: save it from Excel as an .xlsx "
     "workbook or as 'CSV UTF-8'."),
    ("not-a-workbook", raw_file(".xlsx", b"\x89PNG\r\n\x1a\n\x00"),
     "{name}:-:-: The file is not an Excel workbook, although its name ends in .xlsx. Fix: open it in Excel and "
     "save it again as an .xlsx workbook."),
    ("wrong-sheet", lambda p: write_xlsx(p.with_suffix(".xlsx"), THREE, sheet="Sheet1"),
     "{name}:-:-: The workbook has no sheet 'facts' (its sheets: Sheet1). Fix: write the facts on the sheet 'facts' "
     "of the template."),
    ("wrong-columns", lambda p: write_csv(p.with_suffix(".csv"), [ARMENIA], [c for c in updates.COLUMNS
                                                                             if c != "quote"] + ["notes"]),
     "{name}:1:quote: The column is missing from the header (row 1). Fix: copy the header row from the template.\n"
     "{name}:1:notes: The header names a column the template does not have. Fix: copy the header row from the "
     "template."),
    ("header-only", lambda p: write_csv(p.with_suffix(".csv"), []),
     "{name}:-:-: The file holds no facts (only the header, comments or examples). Fix: write one fact per row "
     "under the header."),
]


@pytest.mark.parametrize("case, make, expected", BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_a_bad_file_gives_its_exact_message_and_changes_nothing(case, make, expected, shared, tmp_path):
    before = fingerprint(shared)
    path = make(tmp_path / "bad")
    assert lines(path, shared) == expected.format(name=path.name).split("\n")
    assert cli.main(["apply-update", str(path), "--data", str(shared), "--date", DAY]) == 1
    assert fingerprint(shared) == before


def test_a_csv_saved_by_excel_with_bom_and_semicolons_is_read(shared, tmp_path):
    import csv
    import io

    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=updates.COLUMNS, delimiter=";", lineterminator="\r\n", extrasaction="ignore")
    w.writeheader()
    w.writerow(KYRGYZSTAN)
    path = tmp_path / "excel.csv"
    path.write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))
    sheet, problems = check.check_file(path, shared, TODAY)
    assert problems == [] and sheet.rows[0][1]["quote"] == KYRGYZSTAN["quote"]


# ---------------------------------------------------------------- the preview: exactly the three facts' changes
@pytest.fixture(scope="module")
def previewed(shared, tmp_path_factory):
    folder = tmp_path_factory.mktemp("three")
    path = write_xlsx(folder / "three-facts.xlsx", THREE)
    before_files = fingerprint(shared)
    assert cli.main(["check-update", str(path), "--data", str(shared), "--date", DAY,
                     "--preview", str(folder / "preview")]) == 0
    assert fingerprint(shared) == before_files  # a preview changes nothing
    sheet, _ = check.check_file(path, shared, TODAY)
    staged = apply.stage(shared, path, sheet, DAY)
    try:
        found = changes.compare(load(shared), load(staged.folder))
    finally:
        staged.discard()
    return folder / "preview", found


def test_three_new_facts_give_exactly_those_changes(previewed):
    _, found = previewed
    assert [(f["fact_id"], f["iso3"], f["indicator"], f["value"], f["value_text"]) for f in found.new_facts] == [
        ("upd-001", "ARM", "thn_programme", None, "yes"),
        ("upd-002", "KGZ", "sos_people_trained", 1200.0, ""),
        ("upd-003", "", "countries_with_take_home_naloxone", 36.0, "")]
    assert found.changed_facts == [] and found.removed_facts == []
    (status,) = found.statuses
    assert (status.iso3, status.indicator, status.before) == ("ARM", "take_home_naloxone", None)
    assert {k: status.after[k] for k in ("status", "as_of", "rule", "fact_ids")} == {
        "status": "reported", "as_of": 2025, "rule": "newest_dated", "fact_ids": "upd-001"}
    assert found.profiles == ["ARM", "KGZ"] and found.access_layers == ["take_home_naloxone"]
    assert found.exports == ["map-access", "map-access-eeca"]
    assert found.briefs == ["brief-eeca.*.pdf"]


def test_the_preview_says_it_in_both_languages(previewed):
    folder, _ = previewed
    en = (folder / "update-preview.en.html").read_text(encoding="utf-8")
    ru = (folder / "update-preview.ru.html").read_text(encoding="utf-8")
    assert "3 new facts" in en and "3 новых факта" in ru
    assert "In 2025 harm reduction services in Armenia began to hand out take-home naloxone." in en
    assert "the newest dated statement (upd-001)" in en and "самое новое датированное утверждение (upd-001)" in ru
    assert "raw/updates/received/2026-12-03-three-facts.xlsx" in en
    assert "<script" not in en + ru and "http://" not in en + ru.replace("https://example.org", "")


def test_html_and_script_in_a_cell_are_text_in_the_preview(shared):
    data = load(shared)
    hostile = "<script>alert(1)</script> **b** <img src=x onerror=alert(1)>"
    fact = {**data.facts.iloc[0].to_dict(), "quote": hostile, "area": hostile, "iso3": None}
    html = preview.fact_card(data, fact, "en")
    assert "<script>" not in html and "<img" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# ---------------------------------------------------------------- apply
def test_apply_then_rebuild_is_deterministic_and_the_file_is_kept(tmp_path):
    data_dir = copy_data(tmp_path / "data")
    path = write_xlsx(tmp_path / "three-facts.xlsx", THREE)
    assert cli.main(["apply-update", str(path), "--data", str(data_dir), "--date", DAY]) == 0
    kept = data_dir / "raw" / updates.RECEIVED / f"{DAY}-three-facts.xlsx"
    assert kept.read_bytes() == path.read_bytes()
    ledger = build.read_raw(updates.ledger_path(data_dir / "raw"), updates.LEDGER_COLUMNS)
    assert [(r["received_file"], r["received_row"], r["value"]) for r in ledger] == [
        (kept.name, "2", "yes"), (kept.name, "3", "1200"), (kept.name, "4", "36")]
    log = (data_dir / "CHANGELOG.md").read_text(encoding="utf-8")
    assert log.index(f"## {DAY}\n- A curator's update, `raw/updates/received/{kept.name}`") < log.index("## 2026-12-02")
    after = fingerprint(data_dir)
    assert build.build_data(data_dir) == []
    assert fingerprint(data_dir) == after
    assert not list(data_dir.glob(".update-*")) and not list(data_dir.glob(".build-*"))
    # the same file again: every row is now a fact we hold
    assert lines(path, data_dir)[0].endswith("(upd-001: the same sentence, figure and country). Fix: delete the row.")


def test_a_failure_after_the_build_and_before_the_swap_leaves_the_data_as_they_were(tmp_path, monkeypatch):
    data_dir = copy_data(tmp_path / "data")
    path = write_xlsx(tmp_path / "three-facts.xlsx", THREE)
    before = fingerprint(data_dir)

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(apply, "add_entry", broken)
    with pytest.raises(OSError):
        cli.main(["apply-update", str(path), "--data", str(data_dir), "--date", DAY])
    assert fingerprint(data_dir) == before and not list(data_dir.glob(".update-*"))


def test_a_build_problem_names_the_curators_row(tmp_path, monkeypatch):
    """A rule only the build knows (here: a stand-in) is reported on the curator's row, and nothing changes."""
    data_dir = copy_data(tmp_path / "data")
    path = write_csv(tmp_path / "one.csv", [KYRGYZSTAN])
    before = fingerprint(data_dir)

    def refuse(r, source_for):
        raise build.fail(updates.ledger_path(Path("raw")), r["_row"], "unit", "a stand-in rule refused it")

    monkeypatch.setattr(build, "update_fact", refuse)
    assert lines(path, data_dir) == [
        "one.csv:2:unit: The data would not build with this row: a stand-in rule refused it. Fix: ask the data team, "
        "quoting this line."]
    assert fingerprint(data_dir) == before


# ---------------------------------------------------------------- the preview in Chromium
@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("width", [375, 1280])
def test_the_preview_reads_in_a_browser_at_phone_and_desktop_width(previewed, browser, artifacts, lang, width):
    folder, _ = previewed
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    errors, outside = [], []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.route("**/*", lambda route: (route.continue_() if route.request.url.startswith("file://")
                                      else (outside.append(route.request.url), route.abort())))
    page.goto((folder / preview.file_name(lang)).as_uri())
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing wider than a phone
    assert page.locator("blockquote").count() == 3
    assert page.locator("tbody tr").count() == 1
    other = page.locator("nav a")
    assert other.get_attribute("href") == preview.file_name("ru" if lang == "en" else "en")
    page.screenshot(path=str(artifacts / f"update-preview-{lang}-{width}.png"), full_page=True)
    context.close()
    assert errors == [] and outside == []
