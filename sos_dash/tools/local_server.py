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
            if any(line.startswith(warmup.WARMED.encode()) for line in list(self.output)):
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
