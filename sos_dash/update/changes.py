"""What an update changes, from the data before and after it: facts, access statuses, the profiles, charts,
static exports and briefs that show something else, and the changelog entry that says so.

Nothing is guessed from the kind of fact: each chart of the static export (embeds.export_views) is built from both
versions of the data and compared (its table, description, notes and sources), and so is each brief (its bytes:
a brief is the same bytes for the same data).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .. import brief, embeds, export, views
from ..charts import REGISTRY
from ..datapkg import schema
from ..datapkg.load import Data

KEY = ["iso3", "indicator"]
STATUS_FIELDS = ["status", "as_of", "scope", "confidence", "certainty", "rule", "fact_ids", "beside_fact_ids"]


@dataclass(frozen=True)
class StatusChange:
    iso3: str
    indicator: str
    before: dict | None  # None: no row (not known, no statement)
    after: dict | None


@dataclass
class Changes:
    new_facts: list[dict] = field(default_factory=list)
    changed_facts: list[tuple[dict, dict]] = field(default_factory=list)
    removed_facts: list[dict] = field(default_factory=list)
    statuses: list[StatusChange] = field(default_factory=list)
    profiles: list[str] = field(default_factory=list)  # iso3 of each country whose profile shows something else
    access_layers: list[str] = field(default_factory=list)  # access indicators whose map layer changes
    exports: list[str] = field(default_factory=list)  # stems of static export views that change
    briefs: list[str] = field(default_factory=list)  # brief file names that change

    @property
    def empty(self) -> bool:
        return not (self.new_facts or self.changed_facts or self.removed_facts or self.statuses)


def _records(df: pd.DataFrame) -> dict[str, dict]:
    return {r["fact_id"]: r for r in df.astype(object).where(df.notna(), None).to_dict("records")}


def _status_rows(df: pd.DataFrame) -> dict[tuple[str, str], dict]:
    clean = df.astype(object).where(df.notna(), None)
    return {(r["iso3"], r["indicator"]): {k: r[k] for k in STATUS_FIELDS} for r in clean.to_dict("records")}


def compare_facts(before: Data, after: Data, changes: Changes) -> None:
    old, new = _records(before.facts), _records(after.facts)
    changes.new_facts = [new[i] for i in new if i not in old]
    changes.removed_facts = [old[i] for i in old if i not in new]
    changes.changed_facts = [(old[i], new[i]) for i in new if i in old and old[i] != new[i]]


def compare_statuses(before: Data, after: Data, changes: Changes) -> None:
    old, new = _status_rows(before.access_status), _status_rows(after.access_status)
    changes.statuses = [StatusChange(k[0], k[1], old.get(k), new.get(k)) for k in sorted(set(old) | set(new))
                        if old.get(k) != new.get(k)]


def _chart_key(c) -> tuple | None:
    if c is None:
        return None
    return (c.table.to_csv(index=False), c.description, c.notes, c.source_ids, c.title, c.subtitle)


def compare_exports(before: Data, after: Data, changes: Changes, lang: str = "en") -> None:
    for view in embeds.export_views():
        spec = REGISTRY[view.chart_id]
        old = spec.build(before, view.state(before, lang))
        new = spec.build(after, view.state(after, lang))
        if _chart_key(old) != _chart_key(new):
            changes.exports.append(view.stem)
    for code in (*export.BRIEF_COUNTRIES, brief.REGION):
        if code == brief.REGION:
            pdfs = [brief.region_brief(d, lang, link="", date="") for d in (before, after)]
        else:
            pdfs = [brief.country_brief(d, code, lang, link="", date="") for d in (before, after)]
        if pdfs[0] != pdfs[1]:
            changes.briefs.append(brief.file_name(code, lang).replace(f".{lang}.", ".*."))


def compare_profiles(after: Data, changes: Changes) -> None:
    """Countries whose profile shows something new: a fact about them (or about a group naming them), or a status."""
    codes = set()
    for f in [*changes.new_facts, *(a for _, a in changes.changed_facts), *changes.removed_facts]:
        codes.update(c for c in [f.get("iso3") or "", *(f.get("group_iso3") or "").split(";")] if c)
    codes.update(s.iso3 for s in changes.statuses)
    profiles = set(views.profile_codes(after))
    changes.profiles = sorted(codes & profiles)
    changes.access_layers = [i for i in schema.ACCESS_INDICATORS if i in {s.indicator for s in changes.statuses}]


def compare(before: Data, after: Data) -> Changes:
    changes = Changes()
    compare_facts(before, after, changes)
    compare_statuses(before, after, changes)
    compare_profiles(after, changes)
    compare_exports(before, after, changes)
    return changes
