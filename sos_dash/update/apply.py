"""A checked update, built beside the data and swapped in at the end: data/ changes completely or not at all.

`stage()` copies data/ to a temporary folder inside it (data/.update-*), adds the curator's file there as received
(raw/updates/received/<date>-<name>) and its rows to raw/updates/update_facts.csv, rebuilds the tables from that
raw/ and validates them: the build's own rules and the validator's, on exactly what `apply()` would write.
`apply()` then writes the changelog entry (its date is the package's date) and moves the new files over the old
ones; anything failing before the swap leaves data/ as it was, and the temporary folder is removed either way.
"""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..datapkg import build, schema, updates
from ..datapkg.validate import validate_dir
from .sheet import Problem, Sheet, problem

TABLE_FILES = [t.filename for t in schema.TABLES] + ["datapackage.json"]
CHANGELOG = "CHANGELOG.md"


class UpdateError(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(map(str, problems)))
        self.problems = problems


@dataclass(frozen=True)
class Staged:
    data_dir: Path  # the data as they were
    folder: Path  # the data as the update makes them (tables, raw/, changelog)
    received: str  # the file's name under raw/updates/received/

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def received_name(data_dir: Path, source: Path, day: str) -> str:
    """<day>-<the file's name>, numbered (-2, -3...) if a file of that name was received that day."""
    folder = data_dir / "raw" / updates.RECEIVED
    name, n = f"{day}-{source.name}", 1
    while (folder / name).exists():
        n += 1
        name = f"{day}-{source.stem}-{n}{source.suffix}"
    return name


def append_rows(ledger: Path, sheet: Sheet, received: str) -> dict[int, int]:
    """The sheet's rows added to update_facts.csv, cells as received; returns ledger line -> the sheet's row."""
    with ledger.open(encoding="utf-8", newline="") as f:
        lines = sum(1 for _ in csv.reader(f))
    where = {}
    with ledger.open("a", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=updates.LEDGER_COLUMNS, lineterminator="\n")
        for i, (number, row) in enumerate(sheet.rows, start=lines + 1):
            w.writerow({**{c: row.get(c, "") for c in updates.COLUMNS}, "received_file": received,
                        "received_row": number})
            where[i] = number
    return where


def copy_data(data_dir: Path, folder: Path) -> None:
    shutil.copytree(data_dir / "raw", folder / "raw")
    for name in [*TABLE_FILES, CHANGELOG]:
        shutil.copy2(data_dir / name, folder / name)


def stage(data_dir: Path, source: Path, sheet: Sheet, day: str) -> Staged:
    """The update built and validated in data/.update-*; UpdateError with the build's or the validator's problems
    (a problem in the curator's rows names their row) if it would not build."""
    data_dir = Path(data_dir)
    folder = Path(tempfile.mkdtemp(prefix=".update-", dir=data_dir))
    try:
        copy_data(data_dir, folder)
        received = received_name(data_dir, source, day)
        target = folder / "raw" / updates.RECEIVED / received
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        where = append_rows(updates.ledger_path(folder / "raw"), sheet, received)
        try:
            tables = build.build_tables(folder / "raw")
        except build.BuildError as e:
            raise UpdateError([_from_build(e.problem, where)]) from e
        for name, text in tables.items():
            (folder / name).write_text(text, encoding="utf-8")
        problems = validate_dir(folder)
        if problems:
            raise UpdateError([problem("-", p.column, "build", detail=p) for p in problems])
        return Staged(data_dir, folder, received)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _from_build(p, where: dict[int, int]) -> Problem:
    """A build problem on a line of update_facts.csv is one of the sheet's rows; any other names its file."""
    if str(p.file).endswith(updates.LEDGER) and isinstance(p.row, int) and p.row in where:
        return problem(where[p.row], p.column, "build", detail=p.message)
    return problem("-", p.column, "build", detail=p)


def add_entry(changelog: str, day: str, entry: str) -> str:
    """The changelog with the entry's lines at the top, under the day's heading (added if the newest is older)."""
    head, sep, rest = changelog.partition("\n## ")
    if sep and rest.startswith(day + "\n"):
        heading, _, body = rest.partition("\n")
        return f"{head}\n## {heading}\n{entry}{body}"
    return f"{head}\n## {day}\n{entry}\n## {rest}" if sep else f"{changelog.rstrip()}\n\n## {day}\n{entry}"


def apply(staged: Staged, day: str, entry: str) -> list[Path]:
    """Writes the changelog entry and swaps the staged files into data/ (the received file, the rows, the tables,
    the changelog); returns the files written."""
    try:
        log = staged.folder / CHANGELOG
        log.write_text(add_entry(log.read_text(encoding="utf-8"), day, entry), encoding="utf-8")
        received = Path("raw") / updates.RECEIVED / staged.received
        (staged.data_dir / received).parent.mkdir(parents=True, exist_ok=True)
        moved = [received, Path("raw") / updates.LEDGER, *map(Path, TABLE_FILES), Path(CHANGELOG)]
        for rel in moved:
            os.replace(staged.folder / rel, staged.data_dir / rel)
        return [staged.data_dir / rel for rel in moved]
    finally:
        staged.discard()
