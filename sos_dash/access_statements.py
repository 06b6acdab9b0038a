"""Facts -> naloxone-access statements (access.csv) -> one status per country and indicator (access_status.csv).

Which fact speaks to which access indicator, and what it says (its reading and scope), is decided here by
written rules on the fact's indicator and value; the status is then decided by `access_rules.decide`.
A wording no rule knows stops the build with file, row and column (see build.py).
"""

from __future__ import annotations

import re

from . import access_rules
from .access_rules import Statement

# raw fact indicator -> access indicator
ACCESS_MAP = {
    "thn_programme": "take_home_naloxone",
    "community_thn_programme_exists": "take_home_naloxone",
    "thn_community_programme": "take_home_naloxone",
    "thn_available_at_harm_reduction_sites": "take_home_naloxone",
    # HRI 2022 names Iran, Kenya and South Africa among very small take-home or peer programmes: naloxone
    # handed out to take home, at small scale, either way
    "thn_programme_small_scale_example": "take_home_naloxone",
    "naloxone_dispensing_restricted": "take_home_naloxone",
    "naloxone_not_available": "take_home_naloxone",
    "lay_administration_permitted": "take_home_naloxone",
    "peer_distribution": "peer_distribution",
    "peer_distribution_started": "peer_distribution",
    "prison_release_naloxone": "prison_release",
    "thn_programme_targets_prisoners": "prison_release",
    "otc_or_pharmacy_without_prescription": "otc",
    "naloxone_over_the_counter": "otc",
    "naloxone_registered": "registration",
    "naloxone_regulatory_status": "registration",
}
# statements that restrict access (evidence beside a status, never a status alone: access_rules rule 4)
RESTRICTING = {
    "naloxone_dispensing_restricted": r".",  # any wording: "may only be provided by emergency doctors"
    "naloxone_not_available": r"^yes\b",  # "yes (practically impossible to obtain ...)"
    "lay_administration_permitted": r"^no\b",  # "no (non-medical staff not allowed to administer ...)"
}
# Registration facts are text; each wording is mapped by a person, and an unknown wording stops the build.
REGISTRATION_READINGS = [
    (r"^registered", "reported"),
    (r"available since", "reported"),
    (r"^injection only", "reported"),
    (r"not licensed nationally|temporary cohort authorisation", "reported_local"),
    (r"^registration problems", "reported_absent"),
]
# a statement about one city, a few cities, one province or a pilot is "local"
LOCAL = re.compile(r"Catalonia|several cities|Manipur|Yunnan|Baja California|\bpilot\b|demonstration project|"
                   r"small scale", re.I)
NATIONAL = re.compile(r"\bnational|nationwide", re.I)


def reading(indicator: str, value: str, origin: str) -> str | None:
    """What one statement says, or None when no rule knows its wording."""
    v = value.strip()
    low = v.lower()
    if indicator in RESTRICTING:
        return "restricting" if re.search(RESTRICTING[indicator], low) else None
    if ACCESS_MAP.get(indicator) == "registration":
        return next((r for pattern, r in REGISTRATION_READINGS if re.search(pattern, v, flags=re.I)), None)
    if low.startswith("not known"):
        return "not_known"
    if low.startswith("yes"):
        return "reported"
    if low.startswith(("partial", "pilot", "small-scale", "available for purchase")):
        return "reported_local"
    if low.startswith("no"):
        # an HRI table's cross in the peer column: no *peer* distribution, nothing about naloxone in general
        return "no_peer_distribution" if origin == "hri_tables" else "reported_absent"
    return None


def scope(read: str, *texts: str) -> str:
    text = " ".join(texts)
    if read == "reported_local" or (read == "reported" and LOCAL.search(text)):
        return "local"
    if read == "reported" and NATIONAL.search(text):
        return "national"
    return "unspecified"


def statements(facts: list[dict]) -> tuple[list[dict], list[dict]]:
    """(access rows, facts without a reading rule) for every fact about one country on an access indicator.
    A group fact (several countries in one sentence) gives one statement per country it names."""
    rows, unknown = [], []
    for f in facts:
        indicator = ACCESS_MAP.get(f["indicator"])
        codes = [f["iso3"]] if f["iso3"] else [c for c in f["group_iso3"].split(";") if c]
        if indicator is None or not codes:
            continue
        text = f["value_text"] or f["value"]
        read = reading(f["indicator"], text, f["origin"])
        if read is None:
            unknown.append(f)
            continue
        # a local reading moves "reported" to "reported_local" so that the status says it
        where = scope(read, text, f["area"], f["period"])
        if read == "reported" and where == "local":
            read = "reported_local"
        for iso3 in codes:
            rows.append({"iso3": iso3, "indicator": indicator, "reading": read, "year": f["year"],
                         "period": f["period"], "scope": where, "confidence": f["confidence"],
                         "fact_id": f["fact_id"]})
    rows.sort(key=lambda a: (a["iso3"], a["indicator"], a["fact_id"]))
    return rows, unknown


def statuses(access: list[dict], gaps: set[tuple[str, str]], reference_year: int) -> list[dict]:
    """One status per country and indicator that has a statement or an unreadable HRI row.
    gaps: (iso3, indicator) pairs whose HRI table row could not be read (cut off or not in any copy)."""
    grouped: dict[tuple[str, str], list[Statement]] = {}
    for a in access:
        grouped.setdefault((a["iso3"], a["indicator"]), []).append(Statement(
            a["reading"], int(a["year"]) if a["year"] else None, a["confidence"], a["fact_id"], a["scope"]))
    out = []
    for key in sorted(set(grouped) | gaps):
        s = access_rules.decide(grouped.get(key, []), reference_year, row_not_retrievable=key in gaps)
        out.append({"iso3": key[0], "indicator": key[1], "status": s.status,
                    "as_of": "" if s.as_of is None else str(s.as_of), "scope": s.scope, "confidence": s.confidence,
                    "certainty": s.certainty, "rule": s.rule, "hri_row_not_retrievable": _bool(key in gaps),
                    "fact_ids": ";".join(s.fact_ids)})
    return out


def _bool(b: bool) -> str:
    return "true" if b else "false"
