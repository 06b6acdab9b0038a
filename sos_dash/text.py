"""The text the pages show, from the data, without Streamlit: escaping (markdown and headings), a fact's value
and our words in the page's language, a quote with its language and source, an access status as one line.
Pure functions, so that their tests need no Streamlit; ui.py puts them on the page."""

from __future__ import annotations

import re

import pandas as pd

from .charts import credit_line, source_parts, status_parts
from .datapkg.load import Data
from .i18n import lang_column, language_name, number, t


def source_text(data: Data, source_id: str, lang: str) -> str:
    """Markdown of a source line: credit, title and link; everything from data escaped."""
    named, url = source_parts(data, source_id, lang)
    text = md_escape(f"{t('source', lang)}: {named}")
    if url:
        text += f" — [{md_escape(url)}]({url})"
    return text


def credit_text(data: Data, source_ids, lang: str) -> str:
    """Markdown of an embed's one-line source (charts.credit_line): the publisher as the link to its source."""
    words, url = credit_line(data, source_ids, lang)
    label, _, names = words.partition(": ")
    return f"{md_escape(label)}: [{md_escape(names)}]({url})" if url else md_escape(words)


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
        ours = f.get(lang_column("value_text", lang))
        return str(ours if ours is not None and pd.notna(ours) else f["value_text"])
    if str(f["unit"]).startswith("year"):
        return str(int(f["value"]))  # 2011, never "2,011"
    return number(float(f["value"]), lang)


def fact_text(f, column: str, lang: str) -> str:
    """One of the words we wrote about a fact (unit, period, area) in the page's language."""
    return str(f[lang_column(column, lang)])


def quote_markdown(f, data: Data, lang: str) -> str:
    """The verbatim quote behind a figure, with the language it is quoted in, its source and link (one block)."""
    quote = "> " + md_escape(" ".join(str(f["quote"]).split()))
    said = t("quote_in", lang, language=language_name(str(f["quote_lang"]), lang))
    return f"{quote}\n\n*{md_escape(said)}*  \n{source_text(data, f['source_id'], lang)}"


NO_UNIT = {"text", "statement", "yes/no"}  # units that only say what kind of value it is: not shown after it


def status_line(status, lang: str) -> str:
    """A status with its year, scope, confidence and certainty, as one line of plain text."""
    return t("s_not_known", lang) if status is None else " · ".join(status_parts(status, lang))


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
    return str(r[lang_column("value_text", lang)]) if text else text
