"""UI strings: catalogues that match their source, every message translated and used, plural forms, one list of
languages.

How "used" is decided (unused_messages below). A message is used when its key
  1. is a string literal somewhere in the app's code (sos_dash/ except messages.py, app.py, pages/): a call
     t("key", lang), or a key in a table that is read later by t(key, lang), such as TIMELINE = (("ev_who_2014", ...),)
     or a Page row's nav_key; or
  2. is a dynamic key, one of DYNAMIC's prefixes followed by a word of the named vocabulary it is built from:
     t(f"s_{status}", lang) with status one of access_rules.STATUSES.
Every t() call whose key is an f-string or a concatenation must start with a prefix of DYNAMIC (or be one of
INDIRECT, whose prefixes come from a table that is checked), or test_dynamic_keys_name_their_vocabulary fails: a new
kind of dynamic key needs its vocabulary named here, so nothing is counted as used by a guess. The scan errs on the
side of "used" only where a key's text is also written as a literal for another reason (a column called "year").
"""

from __future__ import annotations

import ast
import csv
import re
import shutil
import string
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from sos_dash import __main__ as cli
from sos_dash import i18n, messages, state, views, visit
from sos_dash.datapkg import access_rules, schema
from sos_dash.i18n import DEFAULT_LANG, LANGS, SOURCE_LANG, t

ROOT = Path(__file__).resolve().parent.parent
LOCALE = messages.LOCALE_DIR
TRANSLATED = [lang for lang in LANGS if lang != SOURCE_LANG]
REGENERATE = "run: python -m sos_dash messages extract update compile"

# prefix -> the vocabulary its suffixes come from
DYNAMIC = {
    "m_": tuple(schema.MEASURES),  # t(f"m_{measure}"): charts, the map and trends pages
    "s_": tuple(access_rules.STATUSES),  # the access map's statuses
    "a_": tuple(schema.ACCESS_INDICATORS),
    "scope_": tuple(access_rules.SCOPES),
    "cert_": tuple(access_rules.CERTAINTIES),
    "c_": tuple(schema.CONFIDENCE),
    "r_": (*state.REGIONS, *access_rules.READINGS),  # regions (map page) and readings (profile statements)
    "l_": tuple(state.LAYERS),
    "scale_": tuple(state.SCALES),
    "t_": tuple(schema.TOPICS),  # the data page's topic filter
    "st_": tuple(stage for stage, _, _ in views.CASCADE),  # the S-O-S study's cascade (charts, profile, brief)
}
# key expressions whose prefix is a variable: (file, expression) -> (file, table) whose values are the prefixes
INDIRECT = {("sos_dash/ui.py", "prefix + default"): ("sos_dash/ui.py", "NOTICE_LABELS")}


# ---------------------------------------------------------------- the checks, also run on planted catalogues and code
def code_files() -> list[tuple[str, str]]:
    """(path, source) of the app's code: where a message is used."""
    paths = [*sorted((ROOT / "sos_dash").rglob("*.py")), ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]
    return [(p.relative_to(ROOT).as_posix(), p.read_text("utf-8")) for p in paths if p != ROOT / "sos_dash/messages.py"]


def t_calls(code):
    """(path, call) of every t(...) / i18n.t(...) call in the code."""
    for path, source in code:
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call) and node.args and (
                    (isinstance(node.func, ast.Name) and node.func.id == "t")
                    or (isinstance(node.func, ast.Attribute) and node.func.attr == "t")):
                yield path, node


def literal_keys(node: ast.expr) -> list[str]:
    """The keys a key expression can be when it is written out: "k", or "a" if x else "b"."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return literal_keys(node.body) + literal_keys(node.orelse)
    return []


def dynamic_prefix(node: ast.expr) -> str | None:
    """f"s_{x}" -> "s_", "r_" + x -> "r_"; "" for a built key whose start is not written out; None if not built."""
    if isinstance(node, ast.JoinedStr):
        first = node.values[0]
        return first.value if isinstance(first, ast.Constant) else ""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return node.left.value if isinstance(node.left, ast.Constant) and isinstance(node.left.value, str) else ""
    return None


def table_values(code, path: str, name: str) -> list[str]:
    source = dict(code)[path]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign) and any(isinstance(x, ast.Name) and x.id == name for x in node.targets):
            return list(ast.literal_eval(node.value).values())
    raise AssertionError(f"{path} has no table {name}")


def dynamic_prefixes(code) -> set[str]:
    """The prefixes the code builds keys from."""
    out = set()
    for path, call in t_calls(code):
        prefix = dynamic_prefix(call.args[0])
        if prefix:
            out.add(prefix)
        elif prefix == "" and (path, ast.unparse(call.args[0])) in INDIRECT:
            out |= set(table_values(code, *INDIRECT[(path, ast.unparse(call.args[0]))]))
    return out


def unknown_dynamic_keys(code) -> list[str]:
    """Built keys whose vocabulary is not named in DYNAMIC (or INDIRECT)."""
    out = []
    for path, call in t_calls(code):
        prefix = dynamic_prefix(call.args[0])
        expr = ast.unparse(call.args[0])
        if prefix is None or prefix in DYNAMIC:
            continue
        if prefix == "" and (path, expr) in INDIRECT:
            table = INDIRECT[(path, expr)]
            out += [f"{table[0]} {table[1]}: {p!r}" for p in table_values(code, *table) if p not in DYNAMIC]
            continue
        out.append(f"{path}:{call.lineno}: t({expr}, ...)")
    return out


def used_keys(code) -> set[str]:
    literals = {n.value for _, source in code for n in ast.walk(ast.parse(source))
                if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    return literals | {prefix + word for prefix, words in DYNAMIC.items() for word in words}


def unused_messages(keys, code) -> list[str]:
    used = used_keys(code)
    return [k for k in keys if k not in used]


def read_catalogue(path: Path):
    with path.open("rb") as f:
        return read_po(f)


def catalogue_messages(catalogue) -> list:
    return [m for m in catalogue if m.id]


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def untranslated(catalogue) -> list[str]:
    """Keys of the messages a catalogue does not translate: empty, fuzzy (its English changed since), or a
    translation that is just the English (when the English has Latin words outside its placeholders; templates made
    only of placeholders and punctuation, such as "{label}: {n}", are the same in every language)."""
    out = []
    for m in catalogue_messages(catalogue):
        english = m.id if isinstance(m.id, tuple) else (m.id,)
        forms = m.string if isinstance(m.string, tuple) else (m.string,)
        words = [re.sub(r"\{[^}]*\}", "", e) for e in english]
        same = any(f in english for f in forms) and any(re.search(r"[A-Za-z]", w) for w in words)
        if m.fuzzy or not all(f.strip() for f in forms) or same:
            out.append(m.context)
    return out


# ---------------------------------------------------------------- the committed catalogues
def test_committed_catalogues_are_what_the_three_steps_make(tmp_path):
    """messages.py -> messages.pot -> each .po -> each .mo: running the steps again changes no byte, so the
    template cannot lag the code, a .po the template, nor a .mo its .po."""
    copy = tmp_path / "locale"
    shutil.copytree(LOCALE, copy)
    assert not messages.extract(template=copy / messages.TEMPLATE.name, quiet=True), REGENERATE
    messages.update(LANGS, copy, quiet=True)
    assert messages.compile_catalogues(copy, quiet=True) == 0
    committed = sorted(p.relative_to(LOCALE) for p in LOCALE.rglob("*") if p.is_file())
    assert committed == sorted(p.relative_to(copy) for p in copy.rglob("*") if p.is_file())
    for rel in committed:
        assert (copy / rel).read_bytes() == (LOCALE / rel).read_bytes(), f"{rel}: {REGENERATE}"


def test_the_template_holds_every_message_with_its_key_as_context():
    template = read_catalogue(messages.TEMPLATE)
    got = [(m.context, m.id) for m in catalogue_messages(template)]
    assert got == [(m.key, m.text if m.plural is None else (m.text, m.plural)) for m in messages.MESSAGES.values()]


@pytest.mark.parametrize("lang", LANGS)
def test_each_catalogue_has_babels_plural_rule(lang):
    catalogue = read_catalogue(i18n.catalogue_path(lang, ".po"))
    assert str(catalogue.locale) == lang
    assert catalogue.plural_forms == get_plural(lang).plural_forms


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_ui_string_is_translated(lang):
    """The rule that was test_every_ui_string_has_english_and_russian, for each language besides English."""
    assert all(m.text.strip() and (m.plural is None or m.plural.strip()) for m in messages.MESSAGES.values())
    catalogue = read_catalogue(i18n.catalogue_path(lang, ".po"))
    missing = sorted(set(messages.MESSAGES) - {m.context for m in catalogue_messages(catalogue)})
    assert missing + untranslated(catalogue) == [], f"untranslated in {lang}: edit its messages.po, then compile"


@pytest.mark.parametrize("lang", LANGS)
def test_translations_keep_the_placeholders(lang):
    for m in catalogue_messages(read_catalogue(i18n.catalogue_path(lang, ".po"))):
        english = m.id if isinstance(m.id, tuple) else (m.id,)
        fields = set().union(*(placeholders(e) for e in english))
        forms = m.string if isinstance(m.string, tuple) else (m.string,)
        for form in forms:
            assert not form or placeholders(form) == fields, (lang, m.context, form)


def test_english_catalogue_adds_no_second_english():
    """English is written in messages.py: its catalogue only carries the header and the plural rule."""
    catalogue = read_catalogue(i18n.catalogue_path(SOURCE_LANG, ".po"))
    assert [m.context for m in catalogue_messages(catalogue) if any(m.string if isinstance(m.string, tuple)
                                                                    else (m.string,))] == []


# ---------------------------------------------------------------- used messages
def test_every_message_is_used():
    keys = [m.context for m in catalogue_messages(read_catalogue(messages.TEMPLATE))]
    assert unused_messages(keys, code_files()) == []


def test_dynamic_keys_name_their_vocabulary():
    code = code_files()
    assert unknown_dynamic_keys(code) == []
    # a prefix no code builds keys from any more would count its messages as used
    assert set(DYNAMIC) - dynamic_prefixes(code) == set()
    # and every word of each vocabulary has its message: a new status without a label fails here
    assert [p + w for p, words in DYNAMIC.items() for w in words if not i18n.has(p + w)] == []


def test_plural_messages_are_given_their_count():
    calls = [(path, call.lineno, key) for path, call in t_calls(code_files()) for key in literal_keys(call.args[0])
             if i18n.has(key) and i18n.is_plural(key) and "n" not in {k.arg for k in call.keywords}]
    assert calls == []


def test_a_planted_unused_or_untranslated_message_is_caught(tmp_path):
    """The checks above are not vacuous: a message added to messages.py but shown nowhere, and so not yet in any
    translation, fails both; a translation that is only the English, or fuzzy, fails too; so does a built key."""
    source = tmp_path / "messages.py"
    planted = '\n_PLANTED = N_("zz_planted", "A planted message nobody shows")\n'
    source.write_text(Path(messages.__file__).read_text("utf-8") + planted, "utf-8")
    locale = tmp_path / "locale"
    shutil.copytree(LOCALE, locale)
    assert messages.extract(source, locale / messages.TEMPLATE.name, quiet=True)
    messages.update(LANGS, locale, quiet=True)
    keys = [m.context for m in catalogue_messages(read_catalogue(locale / messages.TEMPLATE.name))]
    assert unused_messages(keys, code_files()) == ["zz_planted"]
    for lang in TRANSLATED:
        catalogue = read_catalogue(locale / lang / "LC_MESSAGES/messages.po")
        assert untranslated(catalogue) == ["zz_planted"]
        catalogue.get("Year", context="year").string = "Year"  # "translated" as the English
        catalogue.get("Map", context="nav_map").flags.add("fuzzy")
        assert untranslated(catalogue) == ["nav_map", "year", "zz_planted"]
    assert unknown_dynamic_keys([("planted.py", 'x = t(f"zz_{word}", lang)')]) == ["planted.py:1: t(f'zz_{word}', ...)"]


# ---------------------------------------------------------------- the runtime: t(), plurals, formats
def test_t_fills_placeholders_and_keeps_its_contract():
    assert t("year", "en") == "Year" and t("year", "ru") == "Год"
    assert t("access_year", "ru", year=2019) == "по состоянию на 2019 г."
    assert t("access_year", "en") == "as of {year}"  # without arguments: the template itself
    with pytest.raises(KeyError):
        t("no_such_message", "en")
    with pytest.raises(KeyError):
        t("year", "xx")
    assert i18n.has("year") and not i18n.has("no_such_message")


@pytest.mark.parametrize("n,en,ru", [
    (1, "… and 1 more source (named in the CSV)", "… и ещё 1 источник (список — в CSV)"),
    (2, "… and 2 more sources (named in the CSV)", "… и ещё 2 источника (список — в CSV)"),
    (5, "… and 5 more sources (named in the CSV)", "… и ещё 5 источников (список — в CSV)"),
    (11, "… and 11 more sources (named in the CSV)", "… и ещё 11 источников (список — в CSV)"),
    (21, "… and 21 more sources (named in the CSV)", "… и ещё 21 источник (список — в CSV)"),
    (24, "… and 24 more sources (named in the CSV)", "… и ещё 24 источника (список — в CSV)"),
])
def test_plural_messages_take_the_form_for_n(n, en, ru):
    assert t("more_sources_short", "en", n=n) == en
    assert t("more_sources_short", "ru", n=n) == ru


def test_a_plural_message_needs_its_count():
    assert t("facts_count", "ru", n=3, total=239) == "3 факта из 239"
    assert t("facts_count", "en", n=1, total=239) == "1 of 239 facts"
    with pytest.raises(TypeError, match="n="):
        t("facts_count", "ru", total=239)


def test_strings_view_reads_like_the_old_table():
    assert i18n.template("play", "ru") == t("play", "ru")
    assert i18n.template("more_sources_short", "ru") == "… и ещё {n} источников (список — в CSV)"
    assert i18n.template("more_sources_short", "ru", n=1) == "… и ещё {n} источник (список — в CSV)"
    assert i18n.has("m_rate_opioid") and not i18n.has("m_nothing")


def test_separators_are_babels_and_the_charts_old_ones():
    assert i18n.separators("en") == ".,"
    assert i18n.separators("ru") == ", "  # CLDR's no-break space, as the plain space the charts always had
    assert all(len(i18n.separators(lang)) == 2 for lang in LANGS)


def test_our_words_column_in_any_language():
    assert i18n.lang_column("credit", "en") == "credit" and i18n.lang_column("credit", "ru") == "credit_ru"
    assert i18n.lang_column("unit", "uk") == "unit_uk"


# ---------------------------------------------------------------- one list of languages
def data_columns(table: str) -> list[str]:
    with (ROOT / "data" / table).open(encoding="utf-8") as f:
        return next(csv.reader(f))


def test_languages_are_one_list_with_a_catalogue_and_data_columns_each():
    assert DEFAULT_LANG in LANGS and SOURCE_LANG in LANGS and len(set(LANGS)) == len(LANGS)
    catalogues = sorted(p.parent.parent.name for p in LOCALE.glob("*/LC_MESSAGES/messages.po"))
    assert catalogues == sorted(LANGS), "a catalogue for each language of i18n.LANGS, and no other"
    for lang in LANGS:
        Locale.parse(lang)  # Babel knows its number formats, plural rule, language and country names
        assert i18n.catalogue_path(lang).is_file(), REGENERATE
        assert f"name_{lang}" in data_columns("countries.csv")
    # our words: each column written in another language than English is written in every one
    for table in sorted(p.name for p in (ROOT / "data").glob("*.csv")):
        columns = data_columns(table)
        bases = {c.rsplit("_", 1)[0] for c in columns for lang in TRANSLATED if c.endswith(f"_{lang}")}
        missing = [f"{b}_{lang}" for b in sorted(bases) for lang in TRANSLATED if f"{b}_{lang}" not in columns]
        assert missing == [], table


def test_command_line_languages_are_langs():
    with pytest.raises(SystemExit):
        cli.main(["export", "--lang", "xx"])
    with pytest.raises(SystemExit):
        cli.main(["messages", "translate"])


def test_the_load_test_switches_through_every_language():
    path, seen = "/map", []
    for _ in LANGS:
        path = visit.other_language(path)
        seen.append(dict(p.split("=") for p in path.split("?")[1].split("&"))["lang"])
    assert sorted(seen) == sorted(LANGS) and seen[-1] == DEFAULT_LANG
