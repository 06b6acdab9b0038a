"""Two pinned sets of packages, each locked with hashes (make lock regenerates both):
requirements.txt -> requirements.lock, what the app needs to run (make run, the image's final stage);
requirements-dev.txt -> requirements-dev.lock, what tests and tools add (make test, the image's build stage),
compiled against the run lock so that the two agree on every package they share."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUN_TXT, RUN_LOCK = ROOT / "requirements.txt", ROOT / "requirements.lock"
DEV_TXT, DEV_LOCK = ROOT / "requirements-dev.txt", ROOT / "requirements-dev.lock"
PAIRS = [(RUN_TXT, RUN_LOCK), (DEV_TXT, DEV_LOCK)]
PAIR_IDS = ["run", "dev"]
# never in what the app runs with: the test and tool packages, and what only they pull in
DEV_ONLY = {"pytest", "playwright", "ruff", "kaleido", "hypothesis", "frictionless", "axe-playwright-python",
            "psutil", "pip-tools"}


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(text: str) -> dict[str, str]:
    return {norm(m.group(1)): m.group(2) for m in re.finditer(r"^([A-Za-z0-9_.\-]+)==([^\s\\;]+)", text, re.M)}


def entries(lock_text: str) -> dict[str, str]:
    """Each locked package's whole entry (pin, hashes, via comments), by name."""
    body = lock_text.split("\n\n", 1)[-1] if lock_text.startswith("#") else lock_text
    found = {}
    for entry in re.split(r"\n(?=[A-Za-z0-9_.\-]+==)", body):
        m = re.match(r"([A-Za-z0-9_.\-]+)==", entry)
        if m:
            found[norm(m.group(1))] = entry
    return found


def hashes(entry: str) -> set[str]:
    return set(re.findall(r"--hash=sha256:([0-9a-f]{64})", entry))


def requirement_lines(path: Path) -> list[str]:
    return [x for x in (line.split("#")[0].strip() for line in path.read_text().splitlines()) if x]


@pytest.mark.parametrize("txt,lock", PAIRS, ids=PAIR_IDS)
def test_every_requirement_is_pinned(txt, lock):
    unpinned = [x for x in requirement_lines(txt) if "==" not in x and not x.startswith(("-c ", "-r "))]
    assert unpinned == []


@pytest.mark.parametrize("txt,lock", PAIRS, ids=PAIR_IDS)
def test_lock_has_every_requirement_at_its_pinned_version_with_hashes(txt, lock):
    wanted = pins(txt.read_text())
    lock_text = lock.read_text()
    locked = pins(lock_text)
    assert {k: locked.get(k) for k in wanted} == wanted
    without_hash = [name for name, entry in entries(lock_text).items() if not hashes(entry)]
    assert without_hash == []
    # compiled from its own .txt by pip-compile with hashes (the command make lock runs)
    assert re.search(rf"pip-compile .*--generate-hashes.*--output-file={lock.name} .*{txt.name}$", lock_text, re.M)


def test_dev_lock_is_compiled_against_the_run_lock():
    """requirements-dev.txt starts with `-c requirements.lock`: a package both locks hold has one version and the
    same hashes in both, so `pip install --require-hashes -r requirements.lock -r requirements-dev.lock` (make test)
    installs exactly the run lock plus the tools."""
    assert requirement_lines(DEV_TXT)[0] == "-c requirements.lock"
    run, dev = entries(RUN_LOCK.read_text()), entries(DEV_LOCK.read_text())
    shared = sorted(set(run) & set(dev))
    assert shared, "the dev lock shares no package with the run lock: was it compiled with -c requirements.lock?"
    differ = [name for name in shared if pins(run[name]) != pins(dev[name]) or hashes(run[name]) != hashes(dev[name])]
    assert differ == []


def test_run_and_dev_requirements_are_apart():
    run_named, dev_named = pins(RUN_TXT.read_text()), pins(DEV_TXT.read_text())
    assert set(run_named) & set(dev_named) == set()  # a package is needed to run, or only by tests and tools
    assert set(pins(RUN_LOCK.read_text())) & (DEV_ONLY | set(dev_named)) == set()
    assert "-r requirements-dev" not in RUN_TXT.read_text()


def serving_modules() -> list[Path]:
    """The code a running app executes: the pages and sos_dash without its tools (benchmark, load test, the
    test server), which only tests and developers run."""
    tools = ROOT / "sos_dash" / "tools"
    return [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")),
            *sorted(p for p in (ROOT / "sos_dash").rglob("*.py") if tools not in p.parents)]


def module_level_imports(path: Path) -> set[str]:
    """Top-level names imported when the module is imported (not inside functions: an import there runs only when
    that function does, such as export's kaleido for PNG and SVG)."""
    names: set[str] = set()

    def visit(nodes):
        for node in nodes:
            if isinstance(node, ast.Import):
                names.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
            elif isinstance(node, (ast.If, ast.Try, ast.With)):
                visit(node.body)
                for handler in getattr(node, "handlers", []):
                    visit(handler.body)
                visit(getattr(node, "orelse", []))
                visit(getattr(node, "finalbody", []))
    visit(ast.parse(path.read_text(), str(path)).body)
    return names


def test_what_the_app_imports_is_in_the_run_lock():
    """Every package the app's modules import when they load comes with requirements.lock: `make run` and the
    image's final stage install nothing else."""
    locked = set(pins(RUN_LOCK.read_text()))
    dists = packages_distributions()
    missing = {}
    for path in serving_modules():
        for name in module_level_imports(path) - set(sys.stdlib_module_names) - {"sos_dash", "__future__"}:
            provided = {norm(d) for d in dists.get(name, [])}
            if not provided & locked:
                missing.setdefault(name, []).append(str(path.relative_to(ROOT)))
    assert missing == {}, "imported when the app loads, but not in requirements.lock: " + repr(missing)


def dry_run(target: str) -> str:
    """What `make <target>` would run on a fresh machine (no venv yet): make -n -B with a venv that does not exist."""
    if not shutil.which("make"):
        pytest.skip("no make on this machine")
    out = subprocess.run(["make", "-n", "-B", target, "VENV=/nonexistent/venv"], cwd=ROOT, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout


def installs(commands: str) -> list[list[str]]:
    return [re.findall(r"-r (\S+)", line) for line in commands.splitlines()
            if "pip install" in line and "--require-hashes" in line]


def test_make_run_installs_only_the_run_lock():
    commands = dry_run("run")
    assert installs(commands) == [["requirements.lock"]]
    assert "requirements-dev" not in commands and "apt-get" not in commands
    assert "-m sos_dash serve" in commands


def test_make_test_installs_both_locks_and_chromium():
    commands = dry_run("test")
    assert ["requirements.lock", "requirements-dev.lock"] in installs(commands)
    assert "apt-get install -y -q chromium" in commands
    assert re.search(r"-m pytest -q( --durations=\d+)?$", commands, re.M)  # the whole suite: no marker left out


def test_make_test_fast_skips_browser_and_container_and_installs_no_chromium():
    commands = dry_run("test-fast")
    assert ["requirements.lock", "requirements-dev.lock"] in installs(commands)
    assert "chromium" not in commands
    assert "-m ruff check ." in commands
    assert '-m pytest -q -m "not browser and not container"' in commands


def test_markers_are_declared_and_strict():
    ini = (ROOT / "pytest.ini").read_text()
    for marker in ("browser", "apptest", "container"):
        assert re.search(rf"^\s+{marker}: \S", ini, re.M), marker
    assert "--strict-markers" in ini  # a misspelt marker fails instead of silently selecting nothing
