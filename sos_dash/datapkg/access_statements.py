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
    "ngo_distribution_allowed": "take_home_naloxone",
    "naloxone_peer_distribution_available": "peer_distribution",
}
# indicators whose value is a count of naloxone handed out (or the year a pilot began): a positive figure
# says that it exists, at the scale given here
DISTRIBUTED = {
    "sos_naloxone_kits_distributed": ("take_home_naloxone", "reported"),
    "sos_people_trained_and_given_naloxone": ("take_home_naloxone", "reported"),  # "received naloxone from trainers"
    "pwid_given_naloxone_kits": ("take_home_naloxone", "reported"),
    "naloxone_ampoules_distributed": ("take_home_naloxone", "reported"),
    "thn_participants_trained_first_kit": ("take_home_naloxone", "reported"),
    "pwid_given_naloxone_pilot": ("take_home_naloxone", "reported_local"),
    "thn_pilot_kits_first_year": ("take_home_naloxone", "reported_local"),
    "psi_naloxone_pilots_launched": ("take_home_naloxone", "reported_local"),
    "prison_release_kits_issued": ("prison_release", "reported"),
}
ACCESS_MAP.update({k: v[0] for k, v in DISTRIBUTED.items()})
# statements that restrict access (evidence beside a status, never a status alone: access_rules rule 4)
RESTRICTING = {
    "naloxone_dispensing_restricted": r".",  # any wording: "may only be provided by emergency doctors"
    "naloxone_not_available": r"^yes\b",  # "yes (practically impossible to obtain ...)"
    "lay_administration_permitted": r"^no\b",  # "no (non-medical staff not allowed to administer ...)"
    "ngo_distribution_allowed": r"^no\b",  # "no (distribution by medical doctors only; prescription drug)"
}
# Registration facts are text; each wording is mapped by a person, and an unknown wording stops the build.
REGISTRATION_READINGS = [
    (r"^registered", "reported"),
    (r"available since", "reported"),
    (r"^injection only", "reported"),
    (r"temporary cohort authorisation", "reported"),  # France: ATUc 2015, available from 2016
    (r"not licensed nationally", "reported_absent"),  # Estonia: imported under special authorisation
    (r"^registration problems", "reported_absent"),
]
# a statement about one city, a few cities, one province or a pilot is "local"
LOCAL = re.compile(r"Catalonia|several cities|\bcounties\b|Manipur|Yunnan|Baja California|\bpilot\b|"
                   r"demonstration project|small scale", re.I)
# a statement that something began in its year ("yes (added 2020)", "2014 onward") explains an older "no"
BEGAN = re.compile(r"\b(began|begun|added|since|started|onward)\b", re.I)
# the editions of one table are one series: a newer edition updates an older one
SERIES = {"hri_tables": "hri_table"}
NATIONAL = re.compile(r"\bnational|nationwide", re.I)


def reading(indicator: str, value: str, origin: str) -> str | None:
    """What one statement says, or None when no rule knows its wording."""
    v = value.strip()
    low = v.lower()
    if indicator in DISTRIBUTED:
        return DISTRIBUTED[indicator][1] if re.match(r"^>?\s*[1-9]", v) else None
    if indicator in RESTRICTING:
        return "restricting" if re.search(RESTRICTING[indicator], low) else None
    if ACCESS_MAP.get(indicator) == "registration":
        return next((r for pattern, r in REGISTRATION_READINGS if re.search(pattern, v, flags=re.I)), None)
    if low.startswith("not known"):
        return "not_known"
    if low.startswith("not yet"):
        return "reported_absent"
    if low.startswith("yes"):
        return "reported"
    if low.startswith(("partial", "pilot", "small-scale", "available for purchase")):
        return "reported_local"
    if low.startswith("no"):
        # an HRI table's cross in the peer column: no *peer* distribution, nothing about naloxone in general
        return "no_peer_distribution" if origin == "hri_tables" else "reported_absent"
    return None


RANGE = re.compile(r"^(\d{4})(?:-\d{2}){0,2}\s*(?:-|–|to)\s*(\d{4})")
YEAR = re.compile(r"^(\d{4})")


def last_year(period: str) -> str:
    """The year a statement speaks for: the end of a range it starts with ("2021-2022" -> 2022, "2019-04 to
    2021-09" -> 2021), else its first year ("2014 onward" -> 2014, "2013 (published)" -> 2013), else ""."""
    m = RANGE.match(period.strip()) or YEAR.match(period.strip())
    return m.groups()[-1] if m else ""


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
            rows.append({"iso3": iso3, "indicator": indicator, "reading": read, "year": last_year(f["period"]),
                         "period": f["period"], "scope": where,
                         "began": _bool(bool(BEGAN.search(text + " " + f["period"]))),
                         "series": SERIES.get(f["origin"], ""), "confidence": f["confidence"], "fact_id": f["fact_id"]})
    rows.sort(key=lambda a: (a["iso3"], a["indicator"], a["fact_id"]))
    return rows, unknown


def statuses(access: list[dict], gaps: set[tuple[str, str]], reference_year: int) -> list[dict]:
    """One status per country and indicator that has a statement or an unreadable HRI row.
    gaps: (iso3, indicator) pairs whose HRI table row could not be read (cut off or not in any copy)."""
    grouped: dict[tuple[str, str], list[Statement]] = {}
    for a in access:
        grouped.setdefault((a["iso3"], a["indicator"]), []).append(Statement(
            a["reading"], int(a["year"]) if a["year"] else None, a["confidence"], a["fact_id"], a["scope"],
            a["series"], a["began"] == "true"))
    out = []
    for key in sorted(set(grouped) | gaps):
        s = access_rules.decide(grouped.get(key, []), reference_year, row_not_retrievable=key in gaps)
        out.append({"iso3": key[0], "indicator": key[1], "status": s.status,
                    "as_of": "" if s.as_of is None else str(s.as_of), "scope": s.scope, "confidence": s.confidence,
                    "certainty": s.certainty, "rule": s.rule, "hri_row_not_retrievable": _bool(key in gaps),
                    "fact_ids": ";".join(s.fact_ids), "beside_fact_ids": ";".join(s.beside)})
    return out


def _bool(b: bool) -> str:
    return "true" if b else "false"
