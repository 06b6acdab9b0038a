"""The container: the Dockerfile's house rules always; a real build only where a container engine answers."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from sos_dash.tools.local_server import free_port

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = (ROOT / "Dockerfile").read_text()


def test_slim_python_base_and_non_root_user():
    assert re.search(r"^ARG BASE_IMAGE=python:3\.11-slim-bookworm$", DOCKERFILE, re.M)
    assert re.search(r"^FROM \$\{BASE_IMAGE\}$", DOCKERFILE, re.M)
    users = re.findall(r"^USER (\S+)", DOCKERFILE, re.M)
    assert users and users[-1] not in ("root", "0")


def test_debian_packages_only_from_apt_and_no_downloaded_browser():
    assert "apt-get install" in DOCKERFILE and "chromium" in DOCKERFILE
    assert "playwright install" not in DOCKERFILE and "kaleido_get_chrome" not in DOCKERFILE
    assert not re.search(r"\b(curl|wget)\b", DOCKERFILE)


def test_exports_built_in_and_the_same_commands_inside():
    assert "sos_dash export" in DOCKERFILE  # static embeds are part of the image
    assert re.search(r'^CMD \["make", "run"', DOCKERFILE, re.M)
    assert "make venv" in DOCKERFILE  # installs from requirements.lock with hashes, as `make run` does


def test_healthcheck_on_streamlit_health_endpoint():
    assert re.search(r"^HEALTHCHECK .*\n?.*/_stcore/health", DOCKERFILE, re.M)


def test_build_context_leaves_out_local_state():
    ignored = (ROOT / ".dockerignore").read_text().split()
    for path in (".venv", ".git", "test-artifacts", "static/embed"):
        assert path in ignored


def _engine() -> tuple[str | None, str]:
    """The first of docker and podman whose engine answers, else why none does."""
    reasons = []
    for name in ("docker", "podman"):
        exe = shutil.which(name)
        if not exe:
            reasons.append(f"no {name}")
            continue
        probe = subprocess.run([exe, "info"], capture_output=True, text=True, timeout=30)
        if probe.returncode == 0:
            return exe, ""
        reasons.append(f"{name} is installed but its engine does not answer: {probe.stderr.strip()[:200]}")
    return None, "no container engine on this machine (" + "; ".join(reasons) + ")"


def _base_image(exe: str) -> tuple[str | None, str]:
    """The base image, pulled if missing. SOS_BASE_IMAGE names another one (a machine without Docker Hub
    builds on its own Debian bookworm Python 3.11: docs/deploy.md)."""
    base = os.environ.get("SOS_BASE_IMAGE") or re.search(r"^ARG BASE_IMAGE=(\S+)", DOCKERFILE, re.M).group(1)
    if subprocess.run([exe, "image", "inspect", base], capture_output=True).returncode == 0:
        return base, ""
    pulled = subprocess.run([exe, "pull", base], capture_output=True, text=True, timeout=600)
    if pulled.returncode == 0:
        return base, ""
    return None, f"the base image {base} cannot be pulled here: {pulled.stderr.strip()[-200:]}"


def _run(*args, timeout=60, check=True) -> subprocess.CompletedProcess:
    result = subprocess.run(list(args), capture_output=True, text=True, timeout=timeout)
    if check:
        assert result.returncode == 0, " ".join(args) + "\n" + result.stdout[-3000:] + result.stderr[-3000:]
    return result


def _healthcheck(inspected):
    """The image's healthcheck from `image inspect` JSON (docker: Config.Healthcheck; podman: HealthCheck)."""
    if isinstance(inspected, dict):
        for key, value in inspected.items():
            if key.lower() == "healthcheck" and isinstance(value, dict) and "Test" in value:
                return value
        inspected = list(inspected.values())
    if isinstance(inspected, list):
        for item in inspected:
            found = _healthcheck(item)
            if found:
                return found
    return None


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.status, r.read()


def test_the_image_builds_and_serves_the_app():
    """Build, run, and use the container as a reader and as its orchestrator would: health, pages, the
    static embeds built in, the image's own HEALTHCHECK, a non-root process, nothing looked up outside."""
    exe, reason = _engine()
    base = None
    if exe is not None:
        base, reason = _base_image(exe)
    if exe is None or base is None:
        print(f"SKIPPED container build: {reason}")
        pytest.skip(reason)
    fmt = ["--format", "docker"] if exe.endswith("podman") else []  # OCI format drops HEALTHCHECK
    _run(exe, "build", *fmt, "--build-arg", f"BASE_IMAGE={base}", *shlex.split(os.environ.get("SOS_BUILD_ARGS", "")),
         "-t", "sos-dash-test", str(ROOT), timeout=1800)
    health = _healthcheck(json.loads(_run(exe, "image", "inspect", "sos-dash-test").stdout))
    assert health and "/_stcore/health" in " ".join(health["Test"]), health

    port = free_port()
    container = _run(exe, "run", "-d", "-p", f"127.0.0.1:{port}:8501", "sos-dash-test").stdout.strip()
    try:
        base_url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 180
        while True:
            try:
                assert _get(base_url + "/_stcore/health") == (200, b"ok")
                break
            except OSError:
                assert time.monotonic() < deadline, _run(exe, "logs", container, check=False).stdout[-3000:]
                time.sleep(1)
        assert _get(base_url + "/countries?country=KGZ&lang=ru")[0] == 200
        status, index = _get(base_url + "/app/static/embed/index.html")
        assert status == 200
        png = re.search(rb'href="([^"]+\.png)"', index)
        assert png, "the static export in the image has no PNG"
        assert _get(base_url + "/app/static/embed/" + png.group(1).decode())[1][:8] == b"\x89PNG\r\n\x1a\n"
        # the image's own HEALTHCHECK command, run inside the container
        check = health["Test"]
        assert _run(exe, "exec", container, *(["sh", "-c", check[1]] if check[0] == "CMD-SHELL" else check[1:]),
                    check=False).returncode == 0
        assert _run(exe, "exec", container, "id", "-u").stdout.strip() == "10001"
        logs = _run(exe, "logs", container)
        logs = logs.stdout + logs.stderr
        assert "external IP" not in logs and "Traceback" not in logs, logs[-3000:]
    finally:
        _run(exe, "rm", "-f", container, check=False)
