"""The curators' template, data/templates/facts_template.xlsx and .csv, written from the data (never by hand).

Both have the columns of datapkg/updates.COLUMNS, a note that the two rows under it are examples, and two example
rows: real facts of the package (EXAMPLES) as a curator would write them, so a curator sees a figure with its
source's qualifier kept in the unit and an access statement; check-update names them as the template's examples
if they are left in. The .xlsx explains each column in English and Russian on its sheet "columns", lists the
indicators (labels in both languages) on its sheet "indicators", and offers them as a dropdown in the indicator
column; the .csv explains each column in two comment rows under the header (a row whose first cell starts with
"#" is not read as a fact). Same data, same bytes: `python -m sos_dash update-template` rewrites both, and a test
checks that the committed files are what it writes.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.writer.excel import ExcelWriter

from .. import paths
from ..datapkg import build, updates
from ..i18n import t
from .sheet import SHEET

TEMPLATE_DIR = paths.DATA_DIR / "templates"
STEM = "facts_template"
EXAMPLES = ("prog-002", "prog-058")  # almost 16,278 kits (a qualifier kept in the unit); Kyrgyzstan's take-home
COLUMNS_SHEET, INDICATORS_SHEET = "columns", "indicators"
ROWS_OFFERED = 500  # rows of the facts sheet with the dropdown and text cells
FIXED_TIME = datetime(2026, 1, 1)  # the workbook's dates: the same bytes on every run
GREY = PatternFill("solid", fgColor="E7E6E6")
# each column and the message that explains it (English and Russian on the sheet "columns")
COLUMN_HELP = (
    ("country_iso3", "upd_col_country_iso3"), ("country", "upd_col_country"), ("year", "upd_col_year"),
    ("indicator", "upd_col_indicator"), ("value", "upd_col_value"), ("unit", "upd_col_unit"),
    ("quote", "upd_col_quote"), ("source_title", "upd_col_source_title"), ("publisher", "upd_col_publisher"),
    ("url", "upd_col_url"), ("accessed", "upd_col_accessed"), ("quote_lang", "upd_col_quote_lang"),
    ("country_ru", "upd_col_country_ru"), ("year_ru", "upd_col_year_ru"), ("unit_ru", "upd_col_unit_ru"),
    ("value_ru", "upd_col_value_ru"), ("publisher_ru", "upd_col_publisher_ru"),
)


def read_table(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def indicators(data_dir: Path) -> list[dict]:
    """The vocabulary (raw/curation/indicators.csv), by English label."""
    rows = build.read_raw(data_dir / "raw" / "curation" / "indicators.csv", build.INDICATOR_COLUMNS)
    return sorted(rows, key=lambda r: (r["label_en"].casefold(), r["indicator"]))


def example_rows(data_dir: Path) -> list[dict]:
    """EXAMPLES as a curator writes them: the fact's cells, its source's, its quote's language and our words."""
    facts = {f["fact_id"]: f for f in read_table(data_dir / "facts.csv")}
    sources = {s["source_id"]: s for s in read_table(data_dir / "sources.csv")}
    labels = {r["indicator"]: r for r in indicators(data_dir)}
    out = []
    for fact_id in EXAMPLES:
        f, s = facts[fact_id], sources[facts[fact_id]["source_id"]]
        label = labels[f["indicator"]]
        out.append({
            "country_iso3": f["iso3"] or f["group_iso3"], "country": f["area"], "year": f["period"],
            "indicator": updates.dropdown_item(f["indicator"], label["label_en"], label["label_ru"]),
            "value": f["value"] or f["value_text"], "unit": f["unit"], "quote": f["quote"],
            "source_title": s["title"], "publisher": s["publisher"], "url": s["url"], "accessed": s["accessed"],
            "quote_lang": f["quote_lang"], "country_ru": f["area_ru"], "year_ru": f["period_ru"],
            "unit_ru": f["unit_ru"], "value_ru": f["value_text_ru"], "publisher_ru": s["publisher_ru"],
        })
    return out


def help_text(column: str, lang: str) -> str:
    return t(dict(COLUMN_HELP)[column], lang)


def examples_note() -> str:
    return f"# {t('upd_examples_note', 'en')} / {t('upd_examples_note', 'ru')}"


def csv_text(data_dir: Path) -> str:
    """The .csv template: header, the columns explained in English and in Russian (comment rows), the note on the
    examples, the examples."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")  # what Excel writes
    w.writerow(updates.COLUMNS)
    for lang in ("en", "ru"):
        w.writerow([("# " if i == 0 else "") + help_text(c, lang) for i, c in enumerate(updates.COLUMNS)])
    w.writerow([examples_note()] + [""] * (len(updates.COLUMNS) - 1))
    for r in example_rows(data_dir):
        w.writerow([r[c] for c in updates.COLUMNS])
    return buf.getvalue()


def workbook(data_dir: Path) -> Workbook:
    book = Workbook()
    book.properties.creator = "S-O-S naloxone data dashboard"
    book.properties.created = book.properties.modified = FIXED_TIME
    ws = book.active
    ws.title = SHEET
    ws.append(updates.COLUMNS)
    ws.append([examples_note()])
    for r in example_rows(data_dir):
        ws.append([r[c] for c in updates.COLUMNS])
    for i, column in enumerate(updates.COLUMNS, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = 60 if column == "quote" else 28
        ws.column_dimensions[letter].number_format = "@"  # what is typed stays text (2018/19 is not a date)
        head = ws.cell(1, i)
        head.font = Font(bold=True)
        head.comment = Comment(f"{help_text(column, 'en')}\n\n{help_text(column, 'ru')}", "S-O-S", 200, 360)
    ws.cell(2, 1).font = Font(italic=True, bold=True)
    for row in ws.iter_rows(min_row=3, max_row=2 + len(EXAMPLES)):
        for cell in row:
            cell.fill, cell.font = GREY, Font(italic=True, color="595959")
            cell.alignment = Alignment(vertical="top", wrap_text=cell.column_letter == "G")
    ws.freeze_panes = "A2"

    cols = book.create_sheet(COLUMNS_SHEET)
    cols.append(["column", "English", "Русский"])
    for column in updates.COLUMNS:
        cols.append([column, help_text(column, "en"), help_text(column, "ru")])
    for letter, width in (("A", 16), ("B", 80), ("C", 80)):
        cols.column_dimensions[letter].width = width
    for row in cols.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    for cell in cols[1]:
        cell.font = Font(bold=True)

    ind = book.create_sheet(INDICATORS_SHEET)
    ind.append(["choice", "indicator", "label_en", "label_ru", "kind"])
    vocabulary = indicators(data_dir)
    for r in vocabulary:
        ind.append([updates.dropdown_item(r["indicator"], r["label_en"], r["label_ru"]), r["indicator"],
                    r["label_en"], r["label_ru"], r["kind"]])
    for letter, width in (("A", 90), ("B", 40), ("C", 50), ("D", 50), ("E", 10)):
        ind.column_dimensions[letter].width = width
    for cell in ind[1]:
        cell.font = Font(bold=True)

    column = get_column_letter(updates.COLUMNS.index("indicator") + 1)
    dropdown = DataValidation(type="list", formula1=f"={INDICATORS_SHEET}!$A$2:$A${len(vocabulary) + 1}",
                              allow_blank=True, showErrorMessage=True, errorStyle="warning",
                              errorTitle="indicator", error=f"{t('upd_dropdown_error', 'en')}\n"
                                                            f"{t('upd_dropdown_error', 'ru')}")
    dropdown.add(f"{column}2:{column}{ROWS_OFFERED}")
    ws.add_data_validation(dropdown)
    return book


class _SameBytesZip(ZipFile):
    """A zip whose members carry one fixed date (openpyxl dates them now)."""

    def writestr(self, name, data, *args, **kwargs):
        if isinstance(name, str):
            name = ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
            name.compress_type = ZIP_DEFLATED
        super().writestr(name, data, *args, **kwargs)

    def write(self, filename, arcname=None, *args, **kwargs):  # the worksheets, from temporary files
        self.writestr(arcname or str(filename), Path(filename).read_bytes())


def xlsx_bytes(data_dir: Path) -> bytes:
    buf = io.BytesIO()
    book = workbook(data_dir)
    ExcelWriter(book, _SameBytesZip(buf, "w", ZIP_DEFLATED)).save()  # save_workbook would date it now
    return buf.getvalue()


def files(data_dir: Path) -> dict[str, bytes]:
    """The template's files by name."""
    return {f"{STEM}.xlsx": xlsx_bytes(data_dir), f"{STEM}.csv": csv_text(data_dir).encode("utf-8")}


def write(data_dir: Path = paths.DATA_DIR, out: Path = TEMPLATE_DIR) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in files(data_dir).items():
        (out / name).write_bytes(content)
        written.append(out / name)
    return written
