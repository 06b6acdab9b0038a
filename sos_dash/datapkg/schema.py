"""The shape of the curated data package: one place that both the builder and the validator read.

`descriptor()` turns it into a Frictionless `datapackage.json`; `validate.py` checks files against
the same fields, so the package description and the checks can never drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..languages import LANGS, TRANSLATED, english_name
from . import access_rules

WORLD = "OWID_WRL"  # the World aggregate's code (Our World in Data's), the one code that is not ISO
ISO3_PATTERN = rf"^([A-Z]{{3}}|{WORLD})$"
GROUP_PATTERN = r"^[A-Z]{3}(;[A-Z]{3})+$"

MEASURES = {
    # measure id: (unit, raw file, raw column)
    "deaths_drug_use_disorders": (
        "deaths",
        "deaths-substance-disorders.csv",
        "Deaths - Drug use disorders - Sex: Both - Age: All Ages (Number)",
    ),
    "deaths_opioid": (
        "deaths",
        "deaths-substance-disorders.csv",
        "Deaths - Opioid use disorders - Sex: Both - Age: All Ages (Number)",
    ),
    "deaths_cocaine": (
        "deaths",
        "deaths-substance-disorders.csv",
        "Deaths - Cocaine use disorders - Sex: Both - Age: All Ages (Number)",
    ),
    "deaths_amphetamine": (
        "deaths",
        "deaths-substance-disorders.csv",
        "Deaths - Amphetamine use disorders - Sex: Both - Age: All Ages (Number)",
    ),
    "deaths_other_drugs": (
        "deaths",
        "deaths-substance-disorders.csv",
        "Deaths - Other drug use disorders - Sex: Both - Age: All Ages (Number)",
    ),
    "rate_opioid": (
        "deaths per 100,000 (age-standardised)",
        "death-rate-from-opioid-use.csv",
        "Deaths - Opioid use disorders - Sex: Both - Age: Age-standardized (Rate)",
    ),
    "rate_drug_use_disorders": (
        "deaths per 100,000 (age-standardised)",
        "death-rates-from-drug-use-disorders.csv",
        "Deaths - Drug use disorders - Sex: Both - Age: Age-standardized (Rate)",
    ),
}
UNITS = sorted({unit for unit, _, _ in MEASURES.values()})
RATE_UNIT = "deaths per 100,000 (age-standardised)"
MAX_RATE = 1000.0  # per 100,000: anything above is a broken value, not a country

TOPICS = ["sos", "access", "programme", "mortality", "drug_use", "harm_reduction", "naloxone", "history"]
CONFIDENCE = ["high", "medium", "low"]
ORIGINS = ["seed", "program_facts", "access_facts", "hri_tables", "hri_narrative", "sos_study", "figures_in_quotes",
           "updates"]
ACCESS_INDICATORS = ["take_home_naloxone", "peer_distribution", "prison_release", "otc", "registration"]
# A country without a row in access_status.csv for an indicator is "not_known" too (views.access_latest).
ACCESS_STATUSES = access_rules.STATUSES
INDICATOR_KINDS = ["count", "percent", "rate", "score", "money", "date", "year", "yes_no", "text", "status"]
YEAR_MIN, YEAR_MAX = 1900, 2100


@dataclass(frozen=True)
class Field:
    name: str
    type: str = "string"  # string | integer | number | boolean | date
    required: bool = False
    unique: bool = False
    enum: list[str] | None = None
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    description: str = ""

    def to_frictionless(self) -> dict:
        out: dict = {"name": self.name, "type": self.type}
        if self.description:
            out["description"] = self.description
        if self.type == "boolean":
            out["trueValues"] = ["true"]
            out["falseValues"] = ["false"]
        c: dict = {}
        if self.required:
            c["required"] = True
        if self.unique:
            c["unique"] = True
        if self.enum:
            c["enum"] = self.enum
        if self.pattern:
            c["pattern"] = self.pattern.strip("^$")
        if self.minimum is not None:
            c["minimum"] = self.minimum
        if self.maximum is not None:
            c["maximum"] = self.maximum
        if c:
            out["constraints"] = c
        return out


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str
    reference: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    fields: list[Field]
    primary_key: tuple[str, ...]
    foreign_keys: list[ForeignKey] = field(default_factory=list)

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


def _iso3(required: bool = True, unique: bool = False) -> Field:
    return Field("iso3", required=required, unique=unique, pattern=ISO3_PATTERN,
                 description="ISO 3166-1 alpha-3 code (OWID_WRL for the World aggregate)")


COUNTRIES = Table(
    "countries",
    "Countries and territories",
    [
        _iso3(unique=True),
        Field("iso2", pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 (empty for the World aggregate)"),
        *[Field(f"name_{lang}", required=True, description=f"{english_name(lang)} name (Babel CLDR, reviewed "
                "overrides)") for lang in LANGS],
        Field("region_code", pattern=r"^\d{3}$", description="UN M49 region code"),
        *[Field(f"region_{lang}") for lang in LANGS],
        Field("subregion_code", pattern=r"^\d{3}$", description="UN M49 sub-region code"),
        *[Field(f"subregion_{lang}") for lang in LANGS],
        Field("sos_country", "boolean", required=True, description="One of the four S-O-S study countries"),
        Field("eeca", "boolean", required=True, description="Eastern Europe and Central Asia (HRI 'Eurasia')"),
        Field("is_aggregate", "boolean", required=True, description="True for the World series, not a country"),
        Field("in_gbd", "boolean", required=True, description="Has GBD 2019 death series"),
    ],
    ("iso3",),
)

SOURCES = Table(
    "sources",
    "Sources",
    [
        Field("source_id", required=True, unique=True, pattern=r"^[a-z0-9][a-z0-9-]*$"),
        Field("title", required=True),
        Field("publisher", required=True),
        *[Field(f"publisher_{lang}", required=True, description=f"The publisher as we name it, in {english_name(lang)}")
          for lang in TRANSLATED],
        Field("url", unique=True, pattern=r"^https?://\S+$",
              description="Empty where the source gives no address; one source per address"),
        Field("published", description="Publication date or year as known; empty if not known"),
        Field("accessed", "date", required=True),
        Field("licence", required=True),
        *[Field(f"licence_{lang}", required=True) for lang in TRANSLATED],
        Field("credit", required=True, description="Credit line to show with every use"),
        *[Field(f"credit_{lang}", required=True, description=f"The credit line on {english_name(lang)} pages (titles "
                "as published)") for lang in TRANSLATED],
    ],
    ("source_id",),
)

DEATHS = Table(
    "deaths",
    "Deaths from drug use disorders (IHME GBD 2019, modelled estimates)",
    [
        _iso3(),
        Field("year", "integer", required=True, minimum=1990, maximum=2019),
        Field("measure", required=True, enum=list(MEASURES)),
        Field("value", "number", required=True, minimum=0),
        Field("unit", required=True, enum=UNITS),
        Field("source_id", required=True),
    ],
    ("iso3", "year", "measure"),
    [ForeignKey(("iso3",), "countries", ("iso3",)), ForeignKey(("source_id",), "sources", ("source_id",))],
)

FACTS = Table(
    "facts",
    "Quoted figures and statements",
    [
        Field("fact_id", required=True, unique=True, pattern=r"^(seed|prog|acc|hri|nar|sos|fig|upd)-\d{3}$"),
        Field("iso3", pattern=ISO3_PATTERN, description="The one country the fact is about; empty otherwise"),
        Field("group_iso3", pattern=GROUP_PATTERN, description="Several countries, ';'-joined, for group facts"),
        Field("area", required=True, description="Country, group or area as the source names it"),
        *[Field(f"area_{lang}", required=True, description=f"The area in {english_name(lang)}") for lang in TRANSLATED],
        Field("period", required=True, description="The period as written by the source"),
        *[Field(f"period_{lang}", required=True, description=f"The period in {english_name(lang)}")
          for lang in TRANSLATED],
        Field("year", "integer", minimum=YEAR_MIN, maximum=YEAR_MAX, description="Start year parsed from period"),
        Field("topic", required=True, enum=TOPICS),
        Field("indicator", required=True, pattern=r"^[a-z0-9_]+$", description="What is measured (indicators.csv)"),
        Field("value", "number", description="Numeric value where the figure is a number"),
        Field("value_text", description="The value as text where it is not a plain number"),
        *[Field(f"value_text_{lang}", description=f"The text value in {english_name(lang)}") for lang in TRANSLATED],
        Field("unit", required=True, description="Unit, with the source's qualifiers (almost, over, about)"),
        *[Field(f"unit_{lang}", required=True,
                description=f"The unit in {english_name(lang)}, with the same qualifiers") for lang in TRANSLATED],
        Field("value_from_words", "boolean", required=True,
              description="The number was read from words (e.g. 'one in eight') and is not in the quote as digits"),
        Field("confidence", required=True, enum=CONFIDENCE),
        Field("quote", required=True, description="The sentence the figure was read in, verbatim"),
        Field("quote_lang", required=True, pattern=r"^[a-z]{2,3}$",
              description="The language the quote is written in (ISO 639-1), as published"),
        Field("note", description="Our note beside the figure, where the quote alone would mislead: read only in a "
              "translation (and which copies), or a figure another source gives differently; empty for most facts"),
        *[Field(f"note_{lang}", description=f"The note in {english_name(lang)}") for lang in TRANSLATED],
        Field("source_id", required=True),
        Field("origin", required=True, enum=ORIGINS, description="Raw file the row comes from"),
        Field("origin_row", "integer", required=True, minimum=2, description="Line of the row in that file"),
    ],
    ("fact_id",),
    [ForeignKey(("iso3",), "countries", ("iso3",)), ForeignKey(("source_id",), "sources", ("source_id",)),
     ForeignKey(("indicator",), "indicators", ("indicator",))],
)

INDICATORS = Table(
    "indicators",
    "What each fact measures: one indicator is one measure",
    [
        Field("indicator", required=True, unique=True, pattern=r"^[a-z0-9_]+$"),
        *[Field(f"label_{lang}", required=True) for lang in LANGS],
        *[Field(f"definition_{lang}", required=True) for lang in LANGS],
        Field("kind", required=True, enum=INDICATOR_KINDS, description="The kind of value the indicator holds"),
    ],
    ("indicator",),
)

ACCESS = Table(
    "access",
    "Naloxone-access statements: one fact read for one country and one access indicator",
    [
        _iso3(),
        Field("indicator", required=True, enum=ACCESS_INDICATORS),
        Field("reading", required=True, enum=access_rules.READINGS, description="What the statement says"),
        Field("year", "integer", minimum=YEAR_MIN, maximum=YEAR_MAX,
              description="Year the statement speaks for; empty if undated"),
        Field("period", required=True, description="Period as written in the fact"),
        Field("scope", required=True, enum=access_rules.SCOPES),
        Field("began", "boolean", required=True, description="Says it began or was added in its year"),
        Field("series", description="Statements of one series (the editions of one HRI table)"),
        Field("confidence", required=True, enum=CONFIDENCE),
        Field("fact_id", required=True),
    ],
    ("iso3", "indicator", "fact_id"),
    [ForeignKey(("iso3",), "countries", ("iso3",)), ForeignKey(("fact_id",), "facts", ("fact_id",))],
)

ACCESS_STATUS = Table(
    "access_status",
    "Naloxone access: one status per country and indicator, decided from access.csv by written rules",
    [
        _iso3(),
        Field("indicator", required=True, enum=ACCESS_INDICATORS),
        Field("status", required=True, enum=ACCESS_STATUSES),
        Field("as_of", "integer", minimum=YEAR_MIN, maximum=YEAR_MAX,
              description="Year of the statement(s) the status rests on; empty if undated"),
        Field("scope", enum=access_rules.SCOPES, description="Scope of the deciding statement"),
        Field("confidence", enum=CONFIDENCE, description="Confidence of the status (the weakest, for a conflict)"),
        Field("certainty", required=True, enum=access_rules.CERTAINTIES,
              description="firm (high confidence, dated within 10 years), or why not"),
        Field("rule", required=True, enum=access_rules.RULES, description="The rule that decided the status"),
        Field("hri_row_not_retrievable", "boolean", required=True,
              description="An HRI table row for the country exists but could not be read"),
        Field("fact_ids", pattern=r"^[a-z]+-\d{3}(;[a-z]+-\d{3})*$", description="The statements behind it"),
        Field("beside_fact_ids", pattern=r"^[a-z]+-\d{3}(;[a-z]+-\d{3})*$",
              description="Undated statements that say otherwise: shown beside the status, never deciding it"),
    ],
    ("iso3", "indicator"),
    [ForeignKey(("iso3",), "countries", ("iso3",))],
)

TABLES: list[Table] = [COUNTRIES, SOURCES, INDICATORS, DEATHS, FACTS, ACCESS, ACCESS_STATUS]


def descriptor(sources: list[dict]) -> dict:
    """The Frictionless data package descriptor (datapackage.json)."""
    resources = []
    for t in TABLES:
        schema: dict = {"fields": [f.to_frictionless() for f in t.fields],
                        "primaryKey": list(t.primary_key), "missingValues": [""]}
        if t.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": list(fk.fields), "reference": {"resource": fk.resource, "fields": list(fk.reference)}}
                for fk in t.foreign_keys
            ]
        resources.append({
            "name": t.name, "title": t.title, "path": t.filename, "profile": "tabular-data-resource",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "schema": schema,
        })
    return {
        "name": "sos-naloxone-dashboard",
        "title": "S-O-S naloxone dashboard data: opioid overdose deaths and naloxone access",
        "profile": "tabular-data-package",
        "licenses": [
            {"name": "IHME-FCNCUA", "title": "IHME Free-of-Charge Non-Commercial User Agreement (GBD 2019 figures)",
             "path": "https://www.healthdata.org/data-tools-practices/data-practices/"
                     "ihme-free-charge-non-commercial-user-agreement"},
            {"name": "CC-BY-SA-4.0", "title": "Creative Commons Attribution-ShareAlike 4.0 (UN M49 regions via "
             "lukes/ISO-3166-Countries-with-Regional-Codes)", "path": "https://creativecommons.org/licenses/by-sa/4.0/"},
            {"name": "quoted-with-attribution",
             "title": "Facts are short quotations with attribution; each source's own terms apply"},
        ],
        "sources": [{"title": s["title"], **({"path": s["url"]} if s["url"] else {})} for s in sources],
        "resources": resources,
    }
