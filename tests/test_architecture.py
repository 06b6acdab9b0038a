"""House rules that keep the code easy to live in (DESIGN.md)."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# bench.py drives the app through streamlit.testing, as the tests do
# visit.py speaks Streamlit's websocket protocol (its protobuf messages); warmup.py reads the server's options;
# serve.py starts Streamlit's command line
STREAMLIT_ALLOWED = {"app.py", "sos_dash/ui.py", "sos_dash/tools/bench.py", "sos_dash/visit.py",
                     "sos_dash/warmup.py", "sos_dash/serve.py"}


def python_files():
    for p in sorted(ROOT.glob("**/*.py")):
        rel = p.relative_to(ROOT).as_posix()
        if not rel.startswith((".venv/", "tests/", "data/")):
            yield rel, p


def test_only_pages_and_ui_import_streamlit():
    offenders = []
    for rel, p in python_files():
        tree = ast.parse(p.read_text())
        names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        names += [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module]
        if any(m.split(".")[0] == "streamlit" for m in names) and not (rel in STREAMLIT_ALLOWED or
                                                                        rel.startswith("pages/")):
            offenders.append(rel)
    assert offenders == []


def test_no_unsafe_html_and_no_bare_except():
    for rel, p in python_files():
        text = p.read_text()
        assert "unsafe_allow_html" not in text, rel
        assert not re.search(r"except\s*:", text), rel


def test_pages_are_thin():
    for p in [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]:
        assert len(p.read_text().splitlines()) <= 100, p.name


def test_telemetry_off_and_static_serving_on():
    import tomllib
    cfg = tomllib.loads((ROOT / ".streamlit/config.toml").read_text())
    assert cfg["browser"]["gatherUsageStats"] is False
    assert cfg["server"]["enableStaticServing"] is True
    assert cfg["client"]["showSidebarNavigation"] is False


def imported_modules(path: Path, package: str) -> set[str]:
    """The sos_dash modules a file imports, as absolute dotted names (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("sos_dash")}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            if base.startswith("sos_dash"):
                found |= {f"{base}.{a.name}" for a in node.names} | {base}
    return found


def package_of(rel: str) -> str:
    return ".".join(Path(rel).with_suffix("").parts[:-1])


def test_the_layers_import_one_way():
    """The data package imports nothing of the presentation; nothing outside tools/ imports the tools
    (the app never loads the benchmark, the load test or the test server)."""
    problems = []
    for rel, p in python_files():
        if not rel.startswith("sos_dash/") and not rel.startswith(("app.py", "pages/")):
            continue
        used = imported_modules(p, package_of(rel) if rel.startswith("sos_dash/") else "")
        if rel.startswith("sos_dash/datapkg/"):
            problems += [(rel, m) for m in used if m.startswith("sos_dash.") and not
                         m.startswith(("sos_dash.datapkg", "sos_dash.paths", "sos_dash.languages"))]
        if not rel.startswith(("sos_dash/tools/", "sos_dash/__main__.py")):
            problems += [(rel, m) for m in used if m.startswith("sos_dash.tools")]
    assert problems == []


def test_the_layer_check_sees_a_wrong_import(tmp_path):
    bad = tmp_path / "x.py"
    bad.write_text("from ..ui import chart\nfrom .. import tools\n")
    assert {"sos_dash.ui", "sos_dash.tools"} <= imported_modules(bad, "sos_dash.datapkg")


def test_the_export_and_the_app_do_not_import_the_test_server():
    """The image export takes Chromium's path and flags from sos_dash/chromium.py, not from the module that
    starts test servers; nothing the app runs imports it either."""
    # (that nothing outside tools/ imports the test server is test_the_layers_import_one_way)
    assert "from .chromium import" in (ROOT / "sos_dash" / "export.py").read_text(encoding="utf-8")


def test_the_text_helpers_need_no_streamlit():
    """Escaping, fact values and quote markdown live in sos_dash/text.py: importing it loads no Streamlit."""
    import subprocess
    import sys

    code = "import sys, sos_dash.text; sys.exit('streamlit' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0
