"""A Streamlit server on 127.0.0.1: what the browser tests, the benchmark and the load test start."""

from __future__ import annotations

import collections
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from .. import paths, warmup

ROOT = paths.ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`python -m sos_dash serve <script>` (streamlit run, with no outside request) on a free port of
    127.0.0.1, in cwd (which holds .streamlit/ and static/); returns once /_stcore/health answers. Its
    output is read all the time (a full pipe would block the server) and the last lines are kept for the
    error when it does not start."""

    def __init__(self, script: str = "app.py", cwd: Path = ROOT, timeout: float = 60,
                 command: list[str] | None = None, env: dict[str, str] | None = None, warm: bool = False):
        """command: what starts Streamlit (default `python -m sos_dash serve <script>`); the server flags
        are added to it. env: more environment variables for the server. warm: let the server warm itself up
        as `make run` does (sos_dash.warmup) and return once it has; off, the first views build what they show."""
        warm = warm and warmup.serves_app(script, cwd)  # another script is not warmed
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        command = command or [sys.executable, "-m", "sos_dash", "serve", script]
        self.proc = subprocess.Popen(
            [*command, "--server.headless=true", "--server.address=127.0.0.1", f"--server.port={self.port}",
             "--server.fileWatcherType=none", "--browser.gatherUsageStats=false"],
            cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1", warmup.ENV: "1" if warm else "0", **(env or {}),
                 "PYTHONPATH": os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])})
        self.output: collections.deque[bytes] = collections.deque(maxlen=200)
        reader = threading.Thread(target=lambda: self.output.extend(iter(self.proc.stdout.readline, b"")), daemon=True)
        reader.start()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base + "/_stcore/health", timeout=2) as r:
                    if r.status == 200 and (not warm or self._warmed(deadline)):
                        return
            except OSError:
                time.sleep(0.3)
        self.proc.kill()
        reader.join(timeout=5)
        raise RuntimeError(f"serving {script} did not become healthy:\n"
                           + b"".join(self.output).decode(errors="replace"))

    def _warmed(self, deadline: float) -> bool:
        while time.monotonic() < deadline:
            if warmup.warmed(list(self.output)):
                return True
            time.sleep(0.2)
        return False

    def rss_mb(self) -> float:
        """Resident memory of the server and its children, in MB."""
        import psutil

        proc = psutil.Process(self.proc.pid)
        return round(sum(p.memory_info().rss for p in [proc, *proc.children(recursive=True)]) / 2**20, 1)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def free_ports(count: int, attempts: int = 50) -> int:
    """The first of `count` consecutive free ports of 127.0.0.1 (serve-many's proxy and its workers)."""
    for _ in range(attempts):
        first = free_port()
        if first + count > 65535:
            continue
        try:
            for port in range(first, first + count):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", port))
        except OSError:
            continue
        return first
    raise RuntimeError(f"no {count} consecutive free ports on 127.0.0.1")


class ManyServer:
    """`python -m sos_dash serve-many --workers N` on free ports of 127.0.0.1 (nginx on `port`, the workers on the
    ports after it); returns once /healthz and every worker answer. Its output is kept, as Server's."""

    def __init__(self, workers: int, cwd: Path = ROOT, timeout: float = 120, restart: bool = True,
                 warm: bool = False):
        """warm: the workers warm themselves up (sos_dash.warmup) and this returns once every one has."""
        from .. import serve_many

        self.workers = workers
        self.port = free_ports(workers + 1)
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "sos_dash", "serve-many", "--workers", str(workers), "--port", str(self.port),
             "--address", "127.0.0.1", *([] if restart else ["--no-restart"])],
            cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            env={**os.environ, "PYTHONUNBUFFERED": "1", warmup.ENV: "1" if warm else "0", "PYTHONPATH": os.pathsep.join(
                [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])})
        self.output: collections.deque[bytes] = collections.deque(maxlen=500)
        self._reader = threading.Thread(target=lambda: self.output.extend(iter(self.proc.stdout.readline, b"")),
                                        daemon=True)
        self._reader.start()
        urls = [self.base + serve_many.HEALTH] + [f"{self.base}/_workers/{n}/health" for n in range(1, workers + 1)]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.proc.poll() is None:
            warm_enough = not warm or warmup.warmed(list(self.output)) >= workers
            if all(serve_many.answers(u) for u in urls) and self.state() and warm_enough:
                return
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"serve-many --workers {workers} did not become healthy:\n{self.log()}")

    def state(self) -> dict | None:
        """serve-many's state file: its pid, nginx's, and each worker's number, port and pid."""
        from .. import serve_many

        return serve_many.read_state(self.port)

    def worker_pids(self) -> list[int]:
        return [w["pid"] for w in (self.state() or {}).get("workers", [])]

    @property
    def metric_bases(self) -> list[str]:
        """Each worker directly (its own counts of sessions and cached bytes)."""
        return [f"http://127.0.0.1:{w['port']}" for w in (self.state() or {}).get("workers", [])]

    def rss_mb(self) -> float:
        """Resident memory of the workers (not nginx, a few MB), in MB."""
        return pids_rss_mb(self.worker_pids())

    def log(self) -> str:
        return b"".join(self.output).decode(errors="replace")

    def stop(self) -> None:
        """SIGTERM, as an init system or `docker stop` sends it: serve-many stops nginx and its workers."""
        if self.proc.poll() is None:
            self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._reader.join(timeout=5)


def pids_rss_mb(pids: list[int]) -> float:
    """Resident memory of these processes and their children, in MB (a process gone counts 0)."""
    import psutil

    total = 0
    for pid in pids:
        try:
            proc = psutil.Process(pid)
            total += sum(p.memory_info().rss for p in [proc, *proc.children(recursive=True)])
        except psutil.NoSuchProcess:
            pass
    return round(total / 2**20, 1)


