"""The S-O-S study page's charts: `sos-targets`, `sos-outcomes`, `sos-witnessed`, `sos-timeline`. Their frames
come from views (each bar a sourced fact), their descriptions from describe."""

from __future__ import annotations

import pandas as pd

from .. import describe, views
from ..figures import fig_bars, fig_timeline
from ..i18n import number, t, territory_name
from .chart import Chart, localized, sources_of
from .registry import register

SOS_PAGE = "pages/4_sos_study.py"


def bars_table(bars: pd.DataFrame, lang: str) -> pd.DataFrame:
    return localized(bars[["label", "value", "unit", "period", "fact_id"]], lang)


def share_bars(data, labels: list[str], fact_ids: list[str], lang: str) -> pd.DataFrame:
    """Bars of reported shares: each fact's value as its source gives it, with its label and its text."""
    shares = views.fact_shares(data, fact_ids)
    return shares.assign(label=labels, text=[f"{number(v, lang)}%" for v in shares["value"]])


@register("sos-targets", page=SOS_PAGE, height=720, fields=("lang",))
def sos_targets_chart(data, state) -> Chart:
    """`sos-targets`: the three 90% targets; no bar where no share is reported."""
    lang = state.lang
    targets = [("sos_target_1", "seed-014"), ("sos_target_2", "seed-015"), ("sos_target_3", "seed-016")]
    bars = pd.DataFrame([{"label": t(k, lang), "value": None, "text": t("sos_not_reported_share", lang),
                          "unit": "percent", "period": "", "fact_id": ""} for k, _ in targets])
    title, subtitle = t("sos_targets_title", lang), t("sos_targets_subtitle", lang)
    target = float(views.fact(data, "seed-014")["value"])
    fig = fig_bars(bars, lang=lang, title=title, subtitle=subtitle, unit="%", target=target,
                   target_label=t("sos_target_label", lang), range_max=100)
    trained, kits = views.fact(data, "prog-001"), views.fact(data, "prog-002")
    note = t("sos_counts_note", lang, trained=number(float(trained["value"]), lang),
             kits=number(float(kits["value"]), lang))
    table = pd.DataFrame({t("col_indicator", lang): [t(k, lang) for k, _ in targets],
                          t("sos_target_label", lang): [float(views.fact(data, f)["value"]) for _, f in targets],
                          t("col_value", lang): [t("sos_not_reported_share", lang)] * 3,
                          "fact_id": [f for _, f in targets]})
    return Chart("sos-targets", title, subtitle, fig, t("d_sos_targets", lang), table,
                 sources_of(data, [f for _, f in targets] + ["prog-001"]), (note,))


OUTCOMES = (("sos_used_all", "prog-006"), ("sos_used_ukr", "prog-007"), ("sos_cohort_using", "prog-008"),
            ("sos_followup", "prog-021"))


@register("sos-outcomes", page=SOS_PAGE, height=780, fields=("lang",))
def sos_outcomes_chart(data, state) -> Chart:
    """`sos-outcomes`: naloxone use at witnessed overdoses and cohort figures, as reported."""
    lang = state.lang
    bars = share_bars(data, [t(k, lang) for k, _ in OUTCOMES], [f for _, f in OUTCOMES], lang)
    title, subtitle = t("sos_outcomes_title", lang), t("sos_outcomes_subtitle", lang)
    fig = fig_bars(bars, lang=lang, title=title, subtitle=subtitle, unit="%", range_max=100)
    return Chart("sos-outcomes", title, subtitle, fig, describe.describe_bars(bars, lang), bars_table(bars, lang),
                 sources_of(data, bars["fact_id"]))


WITNESSED = (("prog-022", "TJK"), ("prog-023", "KGZ"), ("prog-024", "UKR"), ("prog-025", "KAZ"))


@register("sos-witnessed", page=SOS_PAGE, height=660, fields=("lang",))
def sos_witnessed_chart(data, state) -> Chart:
    """`sos-witnessed`: share of followed-up participants who witnessed an overdose, per country."""
    lang = state.lang
    bars = share_bars(data, [territory_name(data, iso3, lang) for _, iso3 in WITNESSED],
                      [f for f, _ in WITNESSED], lang)
    title, subtitle = t("sos_witnessed_title", lang), t("sos_witnessed_subtitle", lang)
    fig = fig_bars(bars, lang=lang, title=title, subtitle=subtitle, unit="%", range_max=100)
    return Chart("sos-witnessed", title, subtitle, fig, describe.describe_bars(bars, lang), bars_table(bars, lang),
                 sources_of(data, bars["fact_id"]))


# year of each event: the fact's parsed start year; the study's "ca. 2017-2019" is placed at its start
TIMELINE = (("ev_who_2014", "seed-013"), ("ev_launch_2017", "seed-012"), ("ev_study", "seed-018"),
            ("ev_results_2021", "prog-001"), ("ev_paper_2022", "prog-021"), ("ev_bishkek_2024", "seed-001"))


@register("sos-timeline", page=SOS_PAGE, height=920, fields=("lang",))
def sos_timeline_chart(data, state) -> Chart:
    """`sos-timeline`: sourced events of the initiative."""
    lang = state.lang
    events = views.fact_events(data, [f for _, f in TIMELINE])
    frame = events.assign(label=[t(k, lang) for k, _ in TIMELINE])[["year", "label", "period", "fact_id"]]
    title, subtitle = t("sos_timeline_title", lang), t("sos_timeline_subtitle", lang)
    fig = fig_timeline(frame, lang=lang, title=title, subtitle=subtitle)
    return Chart("sos-timeline", title, subtitle, fig, describe.describe_timeline(frame, lang), localized(frame, lang),
                 sources_of(data, frame["fact_id"]))
