"""Text descriptions of charts, generated from the data they draw (for screen readers and embeds)."""

from __future__ import annotations

import pandas as pd

from .i18n import number, t


def _fmt(value: float, unit: str, lang: str) -> str:
    return f"{number(float(value), lang)} {unit}".strip()


def describe_ranking(frame: pd.DataFrame, *, year: int, unit: str, lang: str, k: int = 3) -> str:
    """frame: name, value. The k highest and lowest values."""
    if frame.empty:
        return t("d_no_series", lang)
    ranked = frame.sort_values(["value", "name"], ascending=[False, True])
    top = ", ".join(f"{r.name} ({_fmt(r.value, unit, lang)})" for r in ranked.head(k).itertuples())
    bottom = ", ".join(f"{r.name} ({_fmt(r.value, unit, lang)})"
                       for r in ranked.tail(k).iloc[::-1].itertuples())
    return t("d_ranking", lang, year=year, n=len(frame), top=top, bottom=bottom)


def describe_series(frame: pd.DataFrame, *, unit: str, lang: str) -> str:
    """frame: name, year, value (one series per name). First and last value and the peak of each."""
    if frame.empty:
        return t("d_no_series", lang)
    parts = []
    for name, g in frame.sort_values("year").groupby("name", sort=False):
        first, last = g.iloc[0], g.iloc[-1]
        peak = g.loc[g["value"].idxmax()]
        text = t("d_series", lang, name=name, v0=_fmt(first.value, unit, lang), y0=int(first.year),
                 v1=_fmt(last.value, unit, lang), y1=int(last.year))
        if peak.year not in (first.year, last.year):
            text += f" ({t('d_peak', lang, vmax=_fmt(peak.value, unit, lang), ymax=int(peak.year))})"
        parts.append(text)
    return "; ".join(parts).rstrip(".") + "."


def describe_stack(frame: pd.DataFrame, *, name: str, total: float, lang: str) -> str:
    """frame: label, value for one country and year (parts of the total)."""
    if frame.empty:
        return t("d_no_series", lang)
    year = int(frame["year"].iloc[0])
    ranked = frame.sort_values("value", ascending=False)
    parts = ", ".join(f"{r.label} {number(float(r.value), lang)}" for r in ranked.itertuples())
    # n chooses the grammatical form ("63 смерти", "65 смертей"); GBD's counts here are whole numbers
    return t("d_stack", lang, n=int(total), name=name, year=year, total=number(float(total), lang), parts=parts)


def describe_categories(counts: pd.Series, *, indicator: str, lang: str) -> str:
    """counts: label -> number of countries."""
    parts = "; ".join(t("d_count", lang, label=label, n=int(n)) for label, n in counts.items())
    return t("d_categories", lang, indicator=indicator, parts=parts)


def describe_bars(bars: pd.DataFrame, lang: str) -> str:
    """bars: label, text (the value as shown on the bar)."""
    return t("d_bars", lang, parts="; ".join(f"{r.label}: {r.text}" for r in bars.itertuples()))


def describe_timeline(frame: pd.DataFrame, lang: str) -> str:
    """frame: year, label of each event."""
    return t("d_timeline", lang, parts="; ".join(f"{r.year}: {r.label}" for r in frame.itertuples()))


def describe_groups(frame: pd.DataFrame, lang: str) -> str:
    """frame: group, series, text (as shown on each bar): each group's bars in order."""
    parts = [t("d_cascade_country", lang, name=group, parts="; ".join(f"{r.series} {r.text}" for r in g.itertuples()))
             for group, g in frame.groupby("group", sort=False)]
    return t("d_cascade", lang, parts=". ".join(parts)) if parts else t("d_no_series", lang)
