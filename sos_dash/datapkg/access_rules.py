"""How a country's naloxone-access status is decided from the statements about it. Written once, here;
the rules in words are in data/raw/hri_tables/SOURCE.md ("How a status is decided").

A statement is one fact read for one country and one access indicator: its reading (what it says), its
year (None when the source gives no date), its confidence and its fact id. `decide()` turns the statements
of one country and one indicator into one status with its year, scope, confidence, certainty and the fact
ids behind it. Pure: no files, no pandas.
"""

from __future__ import annotations

from dataclasses import dataclass

# what one statement says
READINGS = ["reported", "reported_local", "reported_absent", "no_peer_distribution", "restricting", "not_known"]
# what a country's status can be (a status is never "restricting": restrictions are evidence beside it)
STATUSES = ["reported", "reported_local", "reported_absent", "no_peer_distribution", "conflicting", "not_known"]
CERTAINTIES = ["firm", "uncertain", "old", "undated", "none"]
SCOPES = ["national", "local", "unspecified"]
RULES = ["newest_dated", "undated_only", "conflicting_recent", "no_statement", "source_not_known",
         "restricting_only", "row_not_retrievable"]

POSITIVE = {"reported", "reported_local"}
NEGATIVE = {"reported_absent", "no_peer_distribution", "restricting"}
GIVES_STATUS = {"reported", "reported_local", "reported_absent", "no_peer_distribution"}
CONFLICT_YEARS = 3  # the newest statement's year and the two before it
OLD_YEARS = 10  # a status older than this (before the reference year) is drawn as less certain
CONFIDENCE_ORDER = ["high", "medium", "low"]


@dataclass(frozen=True)
class Statement:
    reading: str
    year: int | None
    confidence: str
    fact_id: str
    scope: str = "unspecified"  # national | local | unspecified
    series: str = ""  # statements of one series (the editions of one HRI table): a newer one is an update
    began: bool = False  # says it began, was added or exists since its year ("yes (added 2020)")

    @property
    def voice(self) -> str:
        return self.series or self.fact_id


@dataclass(frozen=True)
class Status:
    status: str
    as_of: int | None
    confidence: str  # "" when no statement gives a status
    certainty: str
    rule: str
    scope: str  # the deciding statement's scope; "" for no status or a conflict
    fact_ids: tuple[str, ...]  # the statements the status rests on (all of them, for a conflict)
    beside: tuple[str, ...] = ()  # undated statements that say otherwise: never decide, always shown


def sign(reading: str) -> int:
    """+1 for a statement that something exists, -1 for one that it does not or is restricted, 0 otherwise."""
    return 1 if reading in POSITIVE else -1 if reading in NEGATIVE else 0


def weakest(confidences) -> str:
    return max(confidences, key=CONFIDENCE_ORDER.index)


def certainty(confidence: str, as_of: int | None, reference_year: int) -> str:
    """firm: high confidence and dated within OLD_YEARS of the reference year; otherwise why it is not (the
    date first: the confidence is always shown beside it)."""
    if not confidence:
        return "none"
    if as_of is None:
        return "undated"
    if as_of < reference_year - OLD_YEARS:
        return "old"
    if confidence != "high":
        return "uncertain"
    return "firm"


def _best(statements: list[Statement]) -> Statement:
    """The most reliable statement (higher confidence first, then the lower fact id, for determinism)."""
    return min(statements, key=lambda s: (CONFIDENCE_ORDER.index(s.confidence), s.fact_id))


def _ids(statements) -> tuple[str, ...]:
    return tuple(sorted({s.fact_id for s in statements}))


def voices(window: list[Statement]) -> list[Statement]:
    """The statements that speak in a window: of one series (an HRI table's editions) only the newest, and no
    "does not exist" older than a statement that it began ("lacking in 2019", "added in 2020": no conflict)."""
    newest: dict[str, int] = {}
    for s in window:
        newest[s.voice] = max(newest.get(s.voice, s.year), s.year)
    began = [s.year for s in window if s.began and sign(s.reading) > 0]
    return [s for s in window if s.year == newest[s.voice]
            and not (sign(s.reading) < 0 and any(s.year < b for b in began))]


def decide(statements: list[Statement], reference_year: int, *, row_not_retrievable: bool = False) -> Status:
    """The status of one country for one indicator.

    1. The newest dated statement that gives a status wins; at the same year the more reliable one.
    2. An undated statement never overrides a dated one; undated statements decide only when no dated one
       gives a status.
    3. Where the statements dated in the deciding year or the CONFLICT_YEARS - 1 years before it disagree
       (one says it exists, another that it does not or that it is restricted), the status is "conflicting".
       A newer edition of the same table is an update, not a second voice; a statement that something began
       in its year explains an older one that it did not exist. Among undated-only statements, any
       disagreement is a conflict. Undated statements that disagree with a dated status are kept `beside` it.
    4. Restricting statements never give a status alone; they count for rule 3.
    5. A source that says "not known" (HRI's "nk"), or no statement at all, leaves the status "not known";
       `row_not_retrievable` records that an HRI table row for the country exists but could not be read.
    """
    evidence = [s for s in statements if sign(s.reading)]
    deciding = [s for s in evidence if s.reading in GIVES_STATUS]
    dated = [s for s in deciding if s.year is not None]
    if dated:
        top = max(s.year for s in dated)
        window = voices([s for s in evidence if s.year is not None and s.year > top - CONFLICT_YEARS])
        rule = "newest_dated"
        candidates = [s for s in dated if s.year == top]
    elif deciding:
        top = None
        window = [s for s in evidence if s.year is None]
        rule = "undated_only"
        candidates = deciding
    else:
        said_not_known = any(s.reading == "not_known" for s in statements)
        rule = ("restricting_only" if evidence else "source_not_known" if said_not_known
                else "row_not_retrievable" if row_not_retrievable else "no_statement")
        return Status("not_known", None, "", "none", rule, "", _ids(evidence))
    if {sign(s.reading) for s in window} == {1, -1}:
        conf = weakest(s.confidence for s in window)
        return Status("conflicting", top, conf, certainty(conf, top, reference_year), "conflicting_recent",
                      "", _ids(window))
    best = _best(candidates)
    agreeing = [s for s in window if sign(s.reading) == sign(best.reading)] or [best]
    beside = [s for s in evidence if s.year is None and top is not None and sign(s.reading) != sign(best.reading)]
    return Status(best.reading, top, best.confidence, certainty(best.confidence, top, reference_year), rule,
                  best.scope, _ids([best, *agreeing]), _ids(beside))
