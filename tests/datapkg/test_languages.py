"""A third language is data, not code, in the data package: with one more code in sos_dash/languages.py the
schema has its columns, the build names each curation file that lacks its words, and once they are there it
builds the package with the language's names and words."""

import csv
import shutil
import subprocess
import sys
import textwrap

from sos_dash.paths import DATA_DIR, ROOT

SCRIPT = textwrap.dedent("""
    import sys
    from pathlib import Path
    import sos_dash.languages as languages
    languages.LANGS, languages.TRANSLATED = ("en", "ru", "uk"), ("ru", "uk")
    from sos_dash.datapkg import build, schema

    columns = {t.name: [f.name for f in t.fields] for t in schema.TABLES}
    assert {"name_uk", "region_uk", "subregion_uk"} <= set(columns["countries"]), columns["countries"]
    assert {"publisher_uk", "licence_uk", "credit_uk"} <= set(columns["sources"])
    assert {"area_uk", "period_uk", "unit_uk", "value_text_uk"} <= set(columns["facts"])
    assert {"label_uk", "definition_uk"} <= set(columns["indicators"])
    try:
        tables = build.build_tables(Path(sys.argv[1]))
    except build.BuildError as e:
        print("PROBLEM", e)
        sys.exit(3)
    rows = {t: list(__import__("csv").DictReader(__import__("io").StringIO(text))) for t, text in tables.items()}
    kgz = next(r for r in rows["countries.csv"] if r["iso3"] == "KGZ")
    print("NAME", kgz["name_uk"], kgz["subregion_uk"])
    print("UNITS", sum(1 for f in rows["facts.csv"] if f["unit_uk"]))
""")


def run(raw):
    return subprocess.run([sys.executable, "-c", SCRIPT, str(raw)], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


def add_column(path, new, copy_of):
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        rows, fields = list(reader), list(reader.fieldnames)
    fields.insert(fields.index(copy_of) + 1, new)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows({**r, new: r[copy_of]} for r in rows)


def test_a_third_language_is_columns_and_a_translation_file(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(DATA_DIR / "raw", raw)
    first = run(raw)
    assert first.returncode == 3, first.stderr
    assert "curation/sources.csv:1:publisher_uk: column missing" in first.stdout, first.stdout

    curation = raw / "curation"
    for column in ("publisher", "credit"):
        add_column(curation / "sources.csv", f"{column}_uk", f"{column}_ru")
    second = run(raw)
    assert second.returncode == 3 and "translations_uk.csv" in second.stdout, second.stdout + second.stderr

    # a stand-in for a translator's file: the Russian words under the Ukrainian header
    text = (curation / "translations_ru.csv").read_text(encoding="utf-8")
    (curation / "translations_uk.csv").write_text(text.replace("kind,en,ru", "kind,en,uk", 1), encoding="utf-8")
    kosovo = run(raw)  # a territory without an ISO code has no CLDR name: a person names it
    assert kosovo.returncode == 3, kosovo.stdout + kosovo.stderr
    assert "hri_table_rows.csv:14:country_as_printed: no Ukrainian for area 'Kosovo' in curation/translations_uk.csv" \
        in kosovo.stdout, kosovo.stdout
    with (curation / "name_overrides.csv").open("a", encoding="utf-8") as f:
        f.write("XKX,uk,Косово,no ISO code\n")
    world = run(raw)
    assert world.returncode == 3, world.stdout + world.stderr
    assert "curation/name_overrides.csv:-:name: no Ukrainian name for OWID_WRL" in world.stdout, world.stdout
    with (curation / "name_overrides.csv").open("a", encoding="utf-8") as f:
        f.write("OWID_WRL,uk,Світ,the World aggregate\n")
    third = run(raw)
    assert third.returncode == 3 and "curation/indicators.csv:1:label_uk: column missing" in third.stdout, \
        third.stdout + third.stderr

    for column in ("label", "definition"):
        add_column(curation / "indicators.csv", f"{column}_uk", f"{column}_ru")
    done = run(raw)
    assert done.returncode == 0, done.stdout + done.stderr
    # country names come from Babel's CLDR in the new language, our words from its translation file
    assert "NAME Киргизстан" in done.stdout and "Центральна Азія" in done.stdout, done.stdout
    assert int(done.stdout.split("UNITS ")[1]) > 400
