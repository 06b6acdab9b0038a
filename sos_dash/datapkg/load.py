"""load(data_dir) -> typed DataFrames of the curated package. Pure: no streamlit, no network.

The files are validated first; invalid data raises `DataError` carrying the validator's problems,
so the app can show them instead of a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from .. import paths
from . import schema
from .validate import Problem, validate_dir

DATA_DIR = paths.DATA_DIR

# booleans are read as text and mapped below ("true"/"false" only, as validated)
_PANDAS_TYPES = {"string": "string", "integer": "Int64", "number": "Float64", "boolean": "string", "date": "string"}


class DataError(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


@dataclass(frozen=True, eq=False)
class Data:
    """One loaded package. Equal only to itself and hashed by identity (eq=False), so lookups derived from it can be
    cached per package (views: functools.lru_cache); it is never changed after loading."""

    countries: pd.DataFrame
    sources: pd.DataFrame
    indicators: pd.DataFrame
    deaths: pd.DataFrame
    facts: pd.DataFrame
    access: pd.DataFrame  # statements: one fact read for one country and access indicator
    access_status: pd.DataFrame  # one status per country and access indicator (access_rules)

    @cached_property
    def facts_by_id(self) -> pd.DataFrame:
        """facts indexed by fact_id (built once: pages look facts up many times per run)."""
        return self.facts.set_index("fact_id", drop=False)

    @cached_property
    def indicators_by_id(self) -> pd.DataFrame:
        return self.indicators.set_index("indicator", drop=False)

    @cached_property
    def sources_by_id(self) -> pd.DataFrame:
        return self.sources.set_index("source_id", drop=False)


def read_table(data_dir: Path, table: schema.Table) -> pd.DataFrame:
    dtypes = {f.name: _PANDAS_TYPES[f.type] for f in table.fields}
    df = pd.read_csv(Path(data_dir) / table.filename, dtype=dtypes, keep_default_na=False,
                     na_values={c: [""] for c, t in dtypes.items() if t != "string"})
    for f in table.fields:
        if f.type == "boolean":
            df[f.name] = df[f.name].map({"true": True, "false": False}).astype("boolean")
    return df


def load(data_dir: Path = DATA_DIR) -> Data:
    problems = validate_dir(data_dir)
    if problems:
        raise DataError(problems)
    frames = {t.name: read_table(data_dir, t) for t in schema.TABLES}
    return Data(**frames)


def measure_frame(data: Data, measure: str, year: int, *, countries_only: bool = True) -> pd.DataFrame:
    """One measure in one year, joined with country names; one row per country that has a value."""
    d = data.deaths[(data.deaths["measure"] == measure) & (data.deaths["year"] == year)]
    c = data.countries
    if countries_only:
        c = c[~c["is_aggregate"]]
    return d.merge(c, on="iso3", how="inner").sort_values("iso3").reset_index(drop=True)


def years(data: Data) -> list[int]:
    return sorted(int(y) for y in data.deaths["year"].unique())


PACKAGE_FILES = ("datapackage.json", *(t.filename for t in schema.TABLES), "CHANGELOG.md")


def package_zip(data_dir: Path = DATA_DIR) -> bytes:
    """The curated package (tables, datapackage.json, changelog) as a zip; same files, same bytes."""
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name in PACKAGE_FILES:
            info = zipfile.ZipInfo(f"sos-naloxone-data/{name}", date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, (Path(data_dir) / name).read_bytes())
    return buf.getvalue()


def changelog(data_dir: Path = DATA_DIR) -> tuple[str, str]:
    """(date of the newest entry, the changelog's text) from data/CHANGELOG.md."""
    import re

    text = (Path(data_dir) / "CHANGELOG.md").read_text(encoding="utf-8")
    m = re.search(r"^## (\d{4}-\d{2}-\d{2})", text, flags=re.M)
    return (m.group(1) if m else ""), text
