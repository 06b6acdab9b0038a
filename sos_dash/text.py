"""The text the pages show, from the data, without Streamlit: escaping (markdown and headings), a fact's value
and our words in the page's language, a quote with its language and source, an access status as one line.
Pure functions, so that their tests need no Streamlit; ui.py puts them on the page."""

from __future__ import annotations

import re

import pandas as pd

from .charts import source_parts
from .data import Data
from .i18n import language_name, number, t


def source_text(data: Data, source_id: str, lang: str) -> str:
    """Markdown of a source line: credit, title and link; everything from data escaped."""
    named, url = source_parts(data, source_id, lang)
    text = md_escape(f"{t('source', lang)}: {named}")
    if url:
        text += f" — [{md_escape(url)}]({url})"
    return text


def md_escape(text: str) -> str:
    """Text from data shown literally: markdown and HTML characters escaped (& too: "&lt;" stays "&lt;")."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$&=])", r"\\\1", text)


def heading_escape(text: str) -> str:
    """Text from data in a heading (st.title, st.subheader): the characters that make emphasis, links, code,
    HTML, maths or entities escaped; hyphens, parentheses and dots stay as they are (inside a heading they
    start nothing)."""
    return re.sub(r"([\\`*_{}\[\]<>~$&|])", r"\\\1", text)


def one_line(text: str) -> str:
    """A value echoed from a URL: control characters (line breaks would start headings or code blocks in
    markdown) shown as U+FFFD."""
    return "".join(ch if ch.isprintable() else "\ufffd" for ch in text)


def fact_value(f, lang: str) -> str:
    """A fact's value as shown: the number in the language's format, or the text in the language."""
    if pd.isna(f["value"]):
        return str(f["value_text_ru"] if lang == "ru" and pd.notna(f["value_text_ru"]) else f["value_text"])
    if str(f["unit"]).startswith("year"):
        return str(int(f["value"]))  # 2011, never "2,011"
    return number(float(f["value"]), lang)


def ru_or_en(column: str, lang: str) -> str:
    """The column holding our words in the page's language (unit / unit_ru, credit / credit_ru, ...)."""
    return f"{column}_ru" if lang == "ru" else column


def fact_text(f, column: str, lang: str) -> str:
    """One of the words we wrote about a fact (unit, period, area) in the page's language."""
    return str(f[ru_or_en(column, lang)])


def quote_markdown(f, data: Data, lang: str) -> str:
    """The verbatim quote behind a figure, with the language it is quoted in, its source and link (one block)."""
    quote = "> " + md_escape(" ".join(str(f["quote"]).split()))
    said = t("quote_in", lang, language=language_name(str(f["quote_lang"]), lang))
    return f"{quote}\n\n*{md_escape(said)}*  \n{source_text(data, f['source_id'], lang)}"


NO_UNIT = {"text", "statement", "yes/no"}  # units that only say what kind of value it is: not shown after it


def status_line(status, lang: str) -> str:
    """A status with its year, scope, confidence and certainty, as one line of plain text."""
    if status is None:
        return t("s_not_known", lang)
    parts = [t(f"s_{status['status']}", lang)]
    if status["status"] != "not_known":
        parts.append(t("access_year", lang, year=int(status["as_of"])) if pd.notna(status["as_of"])
                     else t("access_undated", lang))
        if status["status"] == "reported":  # local scale is its own status; a "no" has no scale
            parts.append(t(f"scope_{status['scope']}", lang))
        parts.append(t("confidence", lang, level=t(f"c_{status['confidence']}", lang)))
        if status["certainty"] in ("old", "undated"):  # "uncertain" is the confidence just given
            parts.append(t(f"cert_{status['certainty']}", lang))
        if pd.notna(status["beside_fact_ids"]) and status["beside_fact_ids"]:
            parts.append(t("access_beside", lang))
    elif status["rule"] == "restricting_only":
        parts.append(t("access_restricting_only", lang))
    if status["hri_row_not_retrievable"]:
        parts.append(t("hri_row_not_retrievable", lang))
    return " · ".join(parts)


BARE_VALUES = {"", "yes", "no"}


def statement_value(r, lang: str) -> str:
    """What a statement's fact gives beside its reading: its words ("yes (several cities only)"), or its number
    with the unit ("16 278 naloxone kits"); nothing for a bare "yes" or "no", which says no more."""
    if pd.notna(r["value"]):
        if str(r["unit"]).startswith("year"):
            return ""  # a year ("pilots launched in 2011") is the statement's own year, shown before it
        return f"{number(float(r['value']), lang)} {fact_text(r, 'unit', lang)}"
    text = str(r["value_text"]) if pd.notna(r["value_text"]) else ""
    if text.lower() in BARE_VALUES:
        return ""
    return str(r["value_text_ru"]) if lang == "ru" else text
