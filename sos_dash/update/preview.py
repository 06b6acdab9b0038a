"""The preview of an update: one HTML page per language (update-preview.<lang>.html), and the changelog entry.

What the update would change (changes.py): each new or changed fact with its quote, language and source; each
country whose access status would change, before and after, with the rule that decided it (access_rules.decide,
as access_status.csv records it); the profiles, the map's access layers, the static exports and the briefs that
would show something else; and the changelog entry apply-update would add. Every word from the data or the
curator's file is escaped: HTML, markdown and script in a cell are shown as text. No script, no outside address.
"""

from __future__ import annotations

import textwrap
from html import escape
from pathlib import Path

from ..charts.chart import link_url
from ..datapkg.load import Data
from ..i18n import LANGS, lang_column, language_name, number, t
from .changes import Changes, StatusChange

# the rules of access_rules.RULES, in words
RULE_LABELS = {
    "newest_dated": "upd_rule_newest_dated", "undated_only": "upd_rule_undated_only",
    "conflicting_recent": "upd_rule_conflicting_recent", "no_statement": "upd_rule_no_statement",
    "source_not_known": "upd_rule_source_not_known", "restricting_only": "upd_rule_restricting_only",
    "row_not_retrievable": "upd_rule_row_not_retrievable",
}
STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0;color:#1f2328;
line-height:1.45;background:#fff}
main{max-width:1100px;margin:0 auto;padding:16px;overflow-wrap:anywhere}
h1{font-size:1.6rem;margin:.2em 0}h2{font-size:1.25rem;margin-top:1.6em;border-bottom:1px solid #d0d7de}
.card{border:1px solid #d0d7de;border-radius:6px;padding:10px 14px;margin:10px 0;overflow-wrap:anywhere}
.card h3{font-size:1rem;margin:0 0 4px}
blockquote{margin:8px 0;padding:4px 12px;border-left:4px solid #8c959f;background:#f6f8fa}
.meta{color:#57606a;font-size:.9rem}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #d0d7de;padding:6px 8px;text-align:left;
vertical-align:top;overflow-wrap:anywhere}th{background:#f6f8fa}
.before{color:#57606a}.after{font-weight:600}
pre{white-space:pre-wrap;background:#f6f8fa;padding:10px;border-radius:6px;overflow-wrap:anywhere}
nav a{margin-right:1em}
@media (max-width:640px){table,thead,tbody,tr,th,td{display:block}thead{display:none}
tr{border:1px solid #d0d7de;margin:8px 0}td{border:none;border-bottom:1px solid #eaeef2}
td::before{content:attr(data-label);display:block;font-size:.8rem;color:#57606a}}
"""


def file_name(lang: str) -> str:
    return f"update-preview.{lang}.html"


def _country(data: Data, f: dict, lang: str) -> str:
    names = dict(zip(data.countries["iso3"], data.countries[f"name_{lang}"], strict=True))
    return names.get(f.get("iso3") or "", None) or str(f.get(lang_column("area", lang)) or f.get("area") or "")


def _value(f: dict, lang: str) -> str:
    if f.get("value") is None:
        return str(f.get(lang_column("value_text", lang)) or f.get("value_text") or "")
    return f"{number(float(f['value']), lang)} {f.get(lang_column('unit', lang)) or ''}".strip()


def fact_card(data: Data, f: dict, lang: str, *, label: str = "") -> str:
    indicators = data.indicators_by_id
    indicator = f["indicator"]
    name = indicators.loc[indicator, f"label_{lang}"] if indicator in indicators.index else indicator
    source = data.sources_by_id.loc[f["source_id"]]
    url = link_url(str(source["url"] or ""))
    link = f' — <a href="{escape(url)}">{escape(url)}</a>' if url else ""
    said = t("quote_in", lang, language=language_name(str(f["quote_lang"]), lang))
    return (f'<div class="card">{label}<h3>{escape(_country(data, f, lang))} · {escape(str(name))}</h3>'
            f'<p><strong>{escape(_value(f, lang))}</strong> · {escape(str(f.get(lang_column("period", lang)) or ""))}'
            f' <span class="meta">({escape(f["fact_id"])})</span></p>'
            f'<blockquote lang="{escape(str(f["quote_lang"]))}">{escape(" ".join(str(f["quote"]).split()))}'
            f"</blockquote>"
            f'<p class="meta">{escape(said)} · {escape(t("source", lang))}: '
            f'{escape(str(source[lang_column("publisher", lang)]))}, {escape(str(source["title"]))}{link}</p></div>')


def status_words(row: dict | None, lang: str) -> str:
    if row is None:
        return t("s_not_known", lang)
    parts = [t(f"s_{row['status']}", lang)]
    if row.get("as_of") is not None:
        parts.append(str(int(row["as_of"])))
    parts.append(t(f"cert_{row['certainty']}", lang))
    return " · ".join(parts)


def rule_words(row: dict | None, lang: str) -> str:
    if row is None:
        return t("upd_rule_no_statement", lang)
    ids = str(row.get("fact_ids") or "").replace(";", ", ")
    return t(RULE_LABELS[row["rule"]], lang) + (f" ({ids})" if ids else "")


def status_row(data: Data, s: StatusChange, lang: str) -> str:
    cells = [(t("upd_h_country", lang), _country(data, {"iso3": s.iso3}, lang), ""),
             (t("upd_h_indicator", lang), t(f"a_{s.indicator}", lang), ""),
             (t("upd_h_before", lang), status_words(s.before, lang), "before"),
             (t("upd_h_after", lang), status_words(s.after, lang), "after"),
             (t("upd_h_rule", lang), rule_words(s.after, lang), "")]
    return "<tr>" + "".join(f'<td data-label="{escape(h)}" class="{c}">{escape(v)}</td>' for h, v, c in cells) + \
        "</tr>"


def _list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>"


def page(changes: Changes, before: Data, after: Data, lang: str, *, source_name: str, entry: str) -> str:
    """The preview in one language: a complete HTML page."""
    parts = [f"<h1>{escape(t('upd_preview_title', lang))}</h1>",
             f'<p>{escape(t("upd_preview_lead", lang, file=source_name))}</p>',
             "<nav>" + " ".join(f'<a href="{file_name(other)}" hreflang="{other}">{escape(t("upd_preview_in", other))}'
                                f"</a>" for other in LANGS if other != lang) + "</nav>"]
    if changes.empty:
        parts.append(f"<p>{escape(t('upd_preview_nothing', lang))}</p>")
    parts.append(f"<h2>{escape(t('upd_new_facts', lang, n=len(changes.new_facts)))}</h2>")
    parts += [fact_card(after, f, lang) for f in changes.new_facts]
    if changes.changed_facts:
        parts.append(f"<h2>{escape(t('upd_changed_facts', lang, n=len(changes.changed_facts)))}</h2>")
        for old, new in changes.changed_facts:
            parts.append(fact_card(before, old, lang, label=f'<p class="before">{escape(t("upd_h_before", lang))}</p>'))
            parts.append(fact_card(after, new, lang, label=f'<p class="after">{escape(t("upd_h_after", lang))}</p>'))
    if changes.removed_facts:
        parts.append(f"<h2>{escape(t('upd_removed_facts', lang, n=len(changes.removed_facts)))}</h2>")
        parts += [fact_card(before, f, lang) for f in changes.removed_facts]
    parts.append(f"<h2>{escape(t('upd_statuses', lang, n=len(changes.statuses)))}</h2>")
    if changes.statuses:
        heads = ["upd_h_country", "upd_h_indicator", "upd_h_before", "upd_h_after", "upd_h_rule"]
        parts.append('<table><thead><tr>' + "".join(f"<th>{escape(t(h, lang))}</th>" for h in heads) +
                     "</tr></thead><tbody>" + "".join(status_row(after, s, lang) for s in changes.statuses) +
                     "</tbody></table>")
    else:
        parts.append(f"<p>{escape(t('upd_statuses_none', lang))}</p>")
    parts.append(f"<h2>{escape(t('upd_affected', lang))}</h2>")
    profiles = [f"{_country(after, {'iso3': c}, lang)} — /countries?country={c}&lang={lang}" for c in changes.profiles]
    layers = [f"{t(f'a_{i}', lang)} — /map?layer=access&access={i}&lang={lang}" for i in changes.access_layers]
    for key, items in (("upd_affected_profiles", profiles), ("upd_affected_map", layers),
                       ("upd_affected_exports", [f"static/embed/{s}.*" for s in changes.exports]),
                       ("upd_affected_briefs", [f"static/embed/briefs/{b}" for b in changes.briefs])):
        parts.append(f"<h3>{escape(t(key, lang))}</h3>" + (_list(items) if items else
                                                          f"<p>{escape(t('upd_affected_none', lang))}</p>"))
    parts.append(f"<h2>{escape(t('upd_changelog', lang))}</h2><pre>{escape(entry)}</pre>")
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(t('upd_preview_title', lang))}</title><style>{STYLE}</style></head>"
            f"<body><main>{''.join(parts)}</main></body></html>\n")


def write(out: Path, changes: Changes, before: Data, after: Data, *, source_name: str, entry: str) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for lang in LANGS:
        path = out / file_name(lang)
        path.write_text(page(changes, before, after, lang, source_name=source_name, entry=entry), encoding="utf-8")
        written.append(path)
    return written


def changelog_entry(changes: Changes, after: Data, received: str) -> str:
    """The changelog's lines for this update (English, like the changelog): what came, which facts, what changed."""
    facts = changes.new_facts
    ids = f"{facts[0]['fact_id']} to {facts[-1]['fact_id']}" if len(facts) > 1 else \
        (facts[0]["fact_id"] if facts else "none")
    said = "; ".join(f"{_country(after, f, 'en')}, {after.indicators_by_id.loc[f['indicator'], 'label_en']} "
                     f"({f['period']}): {_value(f, 'en')}" for f in facts)
    text = (f"- A curator's update, `raw/updates/received/{received}` (checked with check-update): "
            f"{len(facts)} new fact{'s' if len(facts) != 1 else ''} ({ids}): {said}.")
    if changes.statuses:
        moves = "; ".join(f"{_country(after, {'iso3': s.iso3}, 'en')}, {t(f'a_{s.indicator}', 'en')}: "
                          f"{status_words(s.before, 'en')} -> {status_words(s.after, 'en')} "
                          f"({rule_words(s.after, 'en')})" for s in changes.statuses)
        text += f" Access: {moves}."
    else:
        text += " `access_status.csv` is unchanged."
    lines = textwrap.wrap(text, width=116, subsequent_indent="  ", break_on_hyphens=False, break_long_words=False)
    return "\n".join(lines) + "\n"
