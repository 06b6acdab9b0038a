"""Command line: python -m sos_dash {build-data,validate,export,brief,bench,load,serve,serve-many,health,messages,
check-update,apply-update,update-template}."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from . import paths
from .i18n import LANGS

DATA_DIR = paths.DATA_DIR
# `load` options that only the websocket clients take, with their defaults
WEBSOCKET_ONLY = {"timeout": 120.0, "rounds": 2, "ramp": 0.0}
MESSAGE_STEPS = ("extract", "update", "compile")
EXPORT_FORMATS = ("html", "csv", "png", "svg", "pdf")  # export.FORMATS (not imported here: it loads plotly)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sos_dash")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build-data", help="rebuild the curated tables in DATA_DIR from DATA_DIR/raw")
    b.add_argument("data_dir", nargs="?", type=Path, default=DATA_DIR)
    v = sub.add_parser("validate", help="check a data folder; one line per problem")
    v.add_argument("data_dir", nargs="?", type=Path, default=DATA_DIR)
    bench = sub.add_parser("bench", help="pages (cold, warm), figure and export sizes, time to first chart against "
                                          "a baseline app, memory with concurrent sessions; writes JSON")
    bench.add_argument("--runs", type=int, default=10, help="warm reruns per page (median)")
    bench.add_argument("--out", type=Path, default=None)
    bench.add_argument("--lang", nargs="+", choices=LANGS, default=list(LANGS))
    bench.add_argument("--sessions", type=int, default=20, help="concurrent browser sessions for the memory figure")
    bench.add_argument("--no-browser", action="store_true", help="skip time to first chart and memory")
    bench.add_argument("--server-visits", type=int, default=10,
                       help="readers one after another per page for the server time per view")
    load = sub.add_parser("load", help="load test: N concurrent sessions against a fresh server on 127.0.0.1 (or "
                                        "--url, --workers); failures, view times and server memory before, during "
                                        "and after")
    load.add_argument("--sessions", type=_positive, default=50)
    load.add_argument("--timeout", type=float, default=WEBSOCKET_ONLY["timeout"],
                      help="seconds a session may take to show its two views")
    load.add_argument("--rounds", type=_positive, default=WEBSOCKET_ONLY["rounds"],
                      help="open and close the sessions this many times (memory that is reused, not grown)")
    load.add_argument("--ramp", type=float, default=WEBSOCKET_ONLY["ramp"],
                      help="seconds over which sessions arrive (default 0: at once)")
    load.add_argument("--clients", choices=["websocket", "browser"], default="websocket",
                      help="websocket clients (default: the server's work only) or Chromium tabs (the whole page, "
                           "but the tabs compete with the server for the CPU)")
    load.add_argument("--out", type=Path, default=None, help="JSON report (default: test-artifacts/load-N.json)")
    aim = load.add_mutually_exclusive_group()
    aim.add_argument("--url", default=None, help="a server already running (e.g. serve-many's http://127.0.0.1:8501); "
                                                 "none is started; its memory where its processes are found")
    aim.add_argument("--workers", type=_positive, nargs="+", default=None, metavar="N",
                     help="start serve-many with each number of workers in turn (e.g. 1 2), the same load against "
                          "each, printed side by side")
    serve = sub.add_parser("serve", help="run the app (streamlit run app.py) with no request outside the machine; "
                                          "other arguments go to streamlit, e.g. --server.port=8501")
    serve.add_argument("script", nargs="?", default=None, help="a .py file to serve instead of app.py (benchmark)")
    add_serve_many_commands(sub)
    e = sub.add_parser("export", help="write every chart as static HTML, PNG, SVG and CSV with an index.html")
    e.add_argument("--out", type=Path, default=None, help="folder to write (default: static/embed, served by the app)")
    e.add_argument("--lang", nargs="+", choices=LANGS, default=list(LANGS))
    e.add_argument("--charts", nargs="+", default=[], metavar="ID", help="only these chart ids (default: all)")
    e.add_argument("--formats", nargs="+", choices=list(EXPORT_FORMATS), default=list(EXPORT_FORMATS),
                   help="pdf: the briefs of the S-O-S countries and of EECA in briefs/ (not with --charts)")
    e.add_argument("--dashboard-url", default=None,
                   help="the dashboard's address, for the 'view on the dashboard' links (default: the app that "
                        "serves static/embed)")
    br = sub.add_parser("brief", help="a one-page brief (PDF, A4) of a country (its ISO3 code) or of Eastern Europe "
                                      "and Central Asia (eeca)")
    br.add_argument("code", help="ISO3 code of a country with a profile (KGZ), or eeca")
    br.add_argument("--lang", nargs="+", choices=LANGS, default=[LANGS[0]])
    br.add_argument("--out", type=Path, default=None,
                    help="the PDF file (one language), or a folder for brief-<code>.<lang>.pdf (default: the current "
                         "folder)")
    br.add_argument("--base-url", default=None,
                    help="the dashboard's address, for the profile's link (default: the export's relative address)")
    m = sub.add_parser("messages", help="UI string catalogues (Babel): extract sos_dash/messages.py into "
                                        "locale/messages.pot, update each language's .po from it, compile the .mo "
                                        "files the app reads")
    m.add_argument("steps", nargs="+", choices=MESSAGE_STEPS,
                   help="one or more, run in the order given: messages extract update compile")
    add_update_commands(sub)
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "serve":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")

    if args.command == "serve":
        from . import serve as serve_mod

        serve_mod.main(args.script, extra)
        return 0

    if args.command == "serve-many":
        from . import serve_many

        return serve_many.main(args.workers, args.port, address=args.address, runtime_dir=args.runtime_dir,
                               first_worker_port=args.first_worker_port, restart=not args.no_restart)

    if args.command == "health":
        from . import serve_many

        ok, line = serve_many.health(args.url, timeout=args.timeout)
        print(line, file=sys.stdout if ok else sys.stderr)
        return 0 if ok else 1

    if args.command == "load":
        return _load(args)

    if args.command == "export":
        return _export(args)

    if args.command == "messages":
        return _messages(args.steps)

    if args.command == "brief":
        return _brief(args)

    if args.command in UPDATE_COMMANDS:
        from . import update

        return update.main(args)

    if args.command == "bench":
        from .tools import bench as bench_mod

        report = bench_mod.run(runs=args.runs, out=args.out, langs=tuple(args.lang), browser=not args.no_browser,
                               sessions=args.sessions, server_visits=args.server_visits)
        print(bench_mod.table(report))
        return 0

    from .datapkg import build, validate

    if args.command == "build-data":
        problems = build.build_data(args.data_dir)
        if problems:
            print("build-data: nothing was replaced; the new tables have problems:", file=sys.stderr)
        else:
            print(f"built: {validate.summary(args.data_dir)}")
    else:
        problems = validate.validate_dir(args.data_dir)
        if not problems:
            print(validate.summary(args.data_dir))
    for p in problems:
        print(p)
    return 1 if problems else 0


def add_serve_many_commands(sub) -> None:
    """Several workers behind nginx on one port, and the health check of any of it (docs/deploy.md)."""
    import os

    many = sub.add_parser("serve-many", help="one app process per core behind Debian's nginx (sticky sessions, "
                                             "websockets, /healthz) on one port, until SIGTERM or Ctrl-C")
    many.add_argument("--workers", type=_positive, default=os.cpu_count() or 1,
                      help="Streamlit processes (default: one per core)")
    many.add_argument("--port", type=int, default=8501, help="nginx's port (default 8501)")
    many.add_argument("--address", default="0.0.0.0", help="nginx's address (default: every interface, as `serve`)")
    many.add_argument("--first-worker-port", type=int, default=None,
                      help="workers listen on 127.0.0.1 from this port up (default: the port after --port)")
    many.add_argument("--runtime-dir", type=Path, default=None,
                      help="nginx's configuration, pid and temporary files, and state.json (default: "
                           "$TMPDIR/sos-dash-UID/serve-many-PORT, removed at exit)")
    many.add_argument("--no-restart", action="store_true", help="report a worker that exits, do not restart it")
    h = sub.add_parser("health", help="exit 0 when URL answers 200 (default path /_stcore/health; serve-many: "
                                      "/healthz), else 1; one line (a container's HEALTHCHECK)")
    h.add_argument("url")
    h.add_argument("--timeout", type=float, default=4)


UPDATE_COMMANDS = ("check-update", "apply-update", "update-template")


def add_update_commands(sub) -> None:
    """A curator's facts from a spreadsheet (issue 16; docs/updating-data.md)."""
    c = sub.add_parser("check-update", help="check a curator's file (.xlsx or .csv, the columns of "
                                             "data/templates/facts_template) against the data's rules; one line per "
                                             "problem; data/ does not change")
    c.add_argument("file", type=Path)
    c.add_argument("--lang", choices=LANGS, default=LANGS[0], help="the language of the messages")
    c.add_argument("--preview", type=Path, default=None, metavar="DIR",
                   help="on a clean file, write what the update would change as HTML (each language) into DIR")
    c.add_argument("--data", type=Path, default=DATA_DIR, help=argparse.SUPPRESS)
    c.add_argument("--date", default=None, help=argparse.SUPPRESS)  # the day (tests)
    a = sub.add_parser("apply-update", help="check a curator's file, then add its rows to data/raw/ (the file kept "
                                             "in raw/updates/received/), rebuild, validate and write the changelog; "
                                             "on any problem data/ stays as it was")
    a.add_argument("file", type=Path)
    a.add_argument("--lang", choices=LANGS, default=LANGS[0], help="the language of the messages")
    a.add_argument("--data", type=Path, default=DATA_DIR, help=argparse.SUPPRESS)
    a.add_argument("--date", default=None, help="the day of the update, YYYY-MM-DD (default: today)")
    t = sub.add_parser("update-template", help="write data/templates/facts_template.xlsx and .csv from the data")
    t.add_argument("--data", type=Path, default=DATA_DIR, help=argparse.SUPPRESS)
    t.add_argument("--out", type=Path, default=None, help="folder to write (default: data/templates)")


def _positive(text: str) -> int:
    n = int(text)
    if n < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return n


def _load(args) -> int:
    workers = "-workers-" + "-".join(map(str, args.workers)) if args.workers else ""
    out = args.out or Path("test-artifacts") / f"load-{args.sessions}{workers}.json"
    if args.clients == "browser":
        if any(getattr(args, k) != default for k, default in WEBSOCKET_ONLY.items()):
            print("load: --rounds, --ramp and --timeout apply to websocket clients only", file=sys.stderr)
            return 2
        if args.url or args.workers:
            print("load: --url and --workers apply to websocket clients only", file=sys.stderr)
            return 2
        from .tools import bench

        result = bench.load_test(args.sessions, out)
        print(bench.memory_line(result))
    else:
        from .tools import loadtest

        if args.workers:
            reports = [loadtest.load_test(args.sessions, timeout=args.timeout, ramp_s=args.ramp, rounds=args.rounds,
                                          workers=n) for n in args.workers]
            loadtest.write_report(reports, out)
            print(loadtest.side_by_side(reports))
            return 0 if all(r["failures"] == 0 for r in reports) else 1
        result = loadtest.load_test(args.sessions, out, timeout=args.timeout, ramp_s=args.ramp, rounds=args.rounds,
                                    url=args.url)
        print(loadtest.report_lines(result))
    return 0 if result["failures"] == 0 else 1


def _messages(steps: list[str]) -> int:
    from . import messages

    for step in steps:
        if step == "extract":
            changed = messages.extract()
            print(f"{messages.TEMPLATE}: {'written' if changed else 'unchanged (the messages are the same)'}")
        elif step == "update":
            messages.update(LANGS)
        elif messages.compile_catalogues():
            print("messages compile: Babel's checks found errors (above)", file=sys.stderr)
            return 1
    return 0


def _load_or_report(command: str):
    """The data package, or None after printing its problems (the command then writes nothing)."""
    from .datapkg.load import DataError, load

    try:
        return load(DATA_DIR)
    except DataError as err:
        print(f"{command}: the data package has problems; nothing was written:", file=sys.stderr)
        for p in err.problems:
            print(p, file=sys.stderr)
        return None


def _brief(args) -> int:
    from . import brief, export, views

    data = _load_or_report("brief")
    if data is None:
        return 1
    code = args.code.upper() if args.code.lower() != brief.REGION else brief.REGION
    if code != brief.REGION and code not in views.profile_codes(data):
        print(f"brief: no country profile for {args.code!r}; give the ISO3 code of a country (such as KGZ) or "
              f"{brief.REGION} (Eastern Europe and Central Asia)", file=sys.stderr)
        return 2
    langs = list(dict.fromkeys(args.lang))
    out = args.out or Path(".")
    one_file = out.suffix.lower() == ".pdf"
    if one_file and len(langs) > 1:
        print("brief: --out names one file; with more than one --lang give a folder", file=sys.stderr)
        return 2
    base = args.base_url or export.DEFAULT_DASHBOARD_URL
    for lang in langs:
        path = out if one_file else out / brief.file_name(code, lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        if code == brief.REGION:
            pdf = brief.region_brief(data, lang, link=brief.region_link(base, lang))
        else:
            pdf = brief.country_brief(data, code, lang, link=brief.profile_link(base, code, lang))
        path.write_bytes(pdf)
        print(f"brief: {path} ({len(pdf) // 1024} KB)")
    return 0


def _export(args) -> int:
    from . import embeds, export
    from .charts import REGISTRY

    data = _load_or_report("export")
    if data is None:
        return 1
    unknown = [c for c in args.charts if c not in REGISTRY]
    if unknown:
        print(f"export: unknown chart id(s): {', '.join(unknown)}; chart ids: {', '.join(REGISTRY)}",
              file=sys.stderr)
        return 2
    out = args.out or embeds.STATIC_EMBED_DIR
    # the folder the app serves is replaced whole, once the new export is complete: readers never see a
    # half-written export, and charts that no longer exist disappear; a folder given with --out is written into
    target = out.with_name(f".{out.name}-new") if args.out is None else out
    if args.out is None:
        shutil.rmtree(target, ignore_errors=True)
    items = export.export(data, target, langs=tuple(args.lang), chart_ids=tuple(args.charts),
                          formats=tuple(args.formats), dashboard_url=args.dashboard_url or export.DEFAULT_DASHBOARD_URL)
    if args.out is None:
        shutil.rmtree(out, ignore_errors=True)
        target.rename(out)
    briefs = len(list((out / export.BRIEFS_DIR).glob("*.pdf"))) if "pdf" in args.formats and not args.charts else 0
    print(f"exported {len(items)} chart views ({', '.join(args.formats)}){f' and {briefs} briefs' if briefs else ''} "
          f"to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
