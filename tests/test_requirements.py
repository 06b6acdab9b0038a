"""The lock file pins exactly what requirements.txt names, with hashes (make lock regenerates it)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pins(text: str) -> dict[str, str]:
    return {m.group(1).lower().replace("_", "-"): m.group(2)
            for m in re.finditer(r"^([A-Za-z0-9_.\-]+)==([^\s\\;]+)", text, re.M)}


def test_every_requirement_is_pinned():
    lines = [x.split("#")[0].strip() for x in (ROOT / "requirements.txt").read_text().splitlines()]
    unpinned = [x for x in lines if x and "==" not in x]
    assert unpinned == []


def test_lock_has_every_requirement_at_its_pinned_version_with_hashes():
    wanted = pins((ROOT / "requirements.txt").read_text())
    lock_text = (ROOT / "requirements.lock").read_text()
    locked = pins(lock_text)
    assert {k: locked.get(k) for k in wanted} == wanted
    entries = re.split(r"\n(?=[A-Za-z0-9_.\-]+==)", lock_text.split("\n\n", 1)[-1])
    without_hash = [e.split()[0] for e in entries if "==" in e and "--hash=sha256:" not in e]
    assert without_hash == []
