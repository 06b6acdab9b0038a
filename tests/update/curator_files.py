"""A curator's file with three new facts (a test fixture: the source is example.org, not a real publication), and
writers for it as .csv and .xlsx. One of the facts, Armenia's take-home naloxone in 2025, gives Armenia a
take-home status where the data has none."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook

from sos_dash.datapkg import updates

SOURCE = {"source_title": "Test fixture: a curator's update (not a real publication)", "publisher": "Fixture NGO",
          "url": "https://example.org/fixture/update", "accessed": "2026-12-01", "quote_lang": "en",
          "publisher_ru": "НКО-образец"}
ARMENIA = {"country_iso3": "ARM", "country": "Armenia", "year": "2025", "indicator": "thn_programme",
           "value": "yes", "unit": "yes/no",
           "quote": "In 2025 harm reduction services in Armenia began to hand out take-home naloxone.", **SOURCE}
KYRGYZSTAN = {"country_iso3": "KGZ", "country": "Kyrgyzstan", "year": "2025", "indicator": "sos_people_trained",
              "value": "1200", "unit": "people",
              "quote": "In 2025, 1,200 people in Kyrgyzstan were trained to respond to an overdose.", **SOURCE}
WORLD = {"country_iso3": "", "country": "World", "year": "2026", "indicator": "countries_with_take_home_naloxone",
         "value": "36", "unit": "countries (source says 'almost')", "unit_ru": "стран (в источнике: «почти»)",
         "quote": "Almost 36 countries had take-home naloxone programmes in 2026.", **SOURCE}
THREE = [ARMENIA, KYRGYZSTAN, WORLD]
DAY = "2026-12-03"


def write_csv(path: Path, rows: list[dict], columns: list[str] = updates.COLUMNS) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
        w.writeheader()
        w.writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[dict], sheet: str = "facts") -> Path:
    book = Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(updates.COLUMNS)
    for r in rows:
        ws.append([r.get(c, "") for c in updates.COLUMNS])
    book.save(path)
    return path
