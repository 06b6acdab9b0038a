"""Curators keep the data current without a programmer (issue 16): the template, check-update, its preview and
apply-update. The rules a row passes are the data package's (datapkg/updates.py); this package reads the files,
words the problems in the curator's language, builds the update beside the data and shows what it changes.

    template.py  data/templates/facts_template.xlsx and .csv, written from the data
    sheet.py     a curator's .xlsx or .csv -> its rows as text, with the row numbers a spreadsheet shows
    check.py     every rule, one line per problem (FILE:row:column: message. Fix: ...)
    apply.py     the update built and validated in data/.update-*, then swapped in (or nothing changes)
    changes.py   what it changes: facts, access statuses, profiles, map layers, static exports, briefs
    preview.py   the report of those changes (HTML, each language) and the changelog entry
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path


def _day(text: str | None) -> date:
    return date.fromisoformat(text) if text else date.today()


def main(args) -> int:
    """The three commands of the command line (sos_dash/__main__.py)."""
    if args.command == "update-template":
        from . import template

        for path in template.write(args.data, args.out or args.data / "templates"):
            print(f"update-template: {path}")
        return 0
    from ..datapkg.load import load
    from ..i18n import t
    from . import apply, changes, check, preview

    day = _day(args.date)
    sheet, problems = check.check_file(args.file, args.data, day)
    name = str(args.file)
    for p in problems:
        print(check.line(name, p, args.lang))
    if problems:
        print(t("upd_cli_problems", args.lang, n=len(problems)), file=sys.stderr)
        return 1
    if args.command == "check-update" and args.preview is None:
        print(t("upd_cli_clean", args.lang, n=len(sheet.rows), file=name))
        return 0
    staged = apply.stage(args.data, args.file, sheet, day.isoformat())
    try:
        before, after = load(args.data), load(staged.folder)
        found = changes.compare(before, after)
        entry = preview.changelog_entry(found, after, staged.received)
        if args.command == "check-update":
            written = preview.write(Path(args.preview), found, before, after, source_name=args.file.name,
                                    entry=entry)
            print(t("upd_cli_clean", args.lang, n=len(sheet.rows), file=name))
            for path in written:
                print(t("upd_cli_preview", args.lang, path=str(path)))
            staged.discard()
            return 0
    except BaseException:
        staged.discard()
        raise
    apply.apply(staged, day.isoformat(), entry)
    print(t("upd_cli_applied", args.lang, n=len(found.new_facts), received=staged.received))
    return 0
