"""Command line: python -m sos_dash {build-data,validate,bench}."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sos_dash")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build-data", help="rebuild the curated tables in DATA_DIR from DATA_DIR/raw")
    b.add_argument("data_dir", nargs="?", type=Path, default=DATA_DIR)
    v = sub.add_parser("validate", help="check a data folder; one line per problem")
    v.add_argument("data_dir", nargs="?", type=Path, default=DATA_DIR)
    bench = sub.add_parser("bench", help="time every page (cold, warm) and size every figure; writes JSON")
    bench.add_argument("--runs", type=int, default=10)
    bench.add_argument("--out", type=Path, default=None)
    bench.add_argument("--lang", choices=["en", "ru"], default="en")
    args = parser.parse_args(argv)

    if args.command == "bench":
        from . import bench as bench_mod

        report = bench_mod.run(runs=args.runs, out=args.out, lang=args.lang)
        print(bench_mod.table(report))
        return 0

    from . import build, validate

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


if __name__ == "__main__":
    sys.exit(main())
