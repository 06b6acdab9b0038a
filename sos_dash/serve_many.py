"""python -m sos_dash serve-many: one Streamlit process per core behind Debian's nginx, on one port.

A Streamlit session lives in the process that holds its websocket, and so do the files it hands out
(`/media/` downloads) and its cached messages (`/_stcore/message`): every request of a reader must reach
the worker its websocket reached. nginx (open source, no `sticky` directive) does it with a cookie of
its own, `sos_route=<worker number>`: a reader without it is sent round robin (page requests) or by
client address (websocket, media; for readers that refuse cookies), and the response sets the cookie
to the worker that answered. A reader with it goes to that worker, or, while it is down, to the
others (the cookie then moves to the one that answered). docs/deploy.md, "Several workers".

nginx runs as a non-daemon child with a generated configuration, its pid, lock and temporary files in
a runtime folder (non-root and root alike); workers listen on 127.0.0.1 only. A worker that exits is
reported and restarted; SIGTERM or SIGINT stops nginx and every worker.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from . import paths

NGINX = "/usr/sbin/nginx"
COOKIE = "sos_route"
WORKER_HEADER = "X-SOS-Worker"
HEALTH = "/healthz"
START_TIMEOUT_S = 120.0
RESTART_AFTER_S = 5.0  # a worker that exits again sooner waits this long before the next try


def worker_ports(port: int, workers: int, first: int | None = None) -> list[int]:
    """The workers' ports on 127.0.0.1: from `first` (default: the port after the proxy's) up."""
    if workers < 1:
        raise ValueError("serve-many needs at least one worker")
    start = first if first is not None else port + 1
    ports = list(range(start, start + workers))
    if port in ports:
        raise ValueError(f"the proxy's port {port} is among the workers' ports {ports}")
    return ports


def worker_command(port: int, python: str = sys.executable) -> list[str]:
    """One worker: `python -m sos_dash serve` (no outside request) on 127.0.0.1 only, no file watcher."""
    return [python, "-m", "sos_dash", "serve", f"--server.port={port}", "--server.address=127.0.0.1",
            "--server.headless=true", "--server.fileWatcherType=none"]


def default_runtime_dir(port: int) -> Path:
    return Path(tempfile.gettempdir()) / f"sos-dash-{os.getuid()}" / f"serve-many-{port}"


def _upstream(name: str, lines: list[str], balance: str = "") -> str:
    body = "".join(f"        {x}\n" for x in ([balance] if balance else []) + lines)
    return f"    upstream {name} {{\n{body}    }}\n"


def nginx_config(port: int, ports: list[int], runtime_dir: Path, *, address: str = "0.0.0.0",
                 user: str | None = None) -> str:
    """nginx.conf for the proxy on address:port in front of workers on 127.0.0.1:`ports` (worker n is
    ports[n-1]); pid, lock and temporary files under runtime_dir. user: the worker processes' user when
    nginx starts as root (nginx's own default, nobody:nobody, has no group on Debian)."""
    d = Path(runtime_dir)
    numbers = range(1, len(ports) + 1)
    server = {n: f"server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for n, p in zip(numbers, ports, strict=True)}
    served = "".join(f"        ~(^|\\s)127\\.0\\.0\\.1:{p}$ {n};\n" for n, p in zip(numbers, ports, strict=True))
    by_cookie = "".join(f"        {n} sos_w{n};\n" for n in numbers)
    upstreams = "".join(_upstream(f"sos_w{n}", [server[n]] + [f"server 127.0.0.1:{ports[m - 1]} backup;"
                                                               for m in numbers if m != n]) for n in numbers)
    upstreams += _upstream("sos_any", list(server.values()))
    upstreams += _upstream("sos_by_address", list(server.values()), "hash $remote_addr consistent;")
    proxy = ("            proxy_http_version 1.1;\n"
             "            proxy_set_header Host $http_host;\n"
             "            proxy_set_header X-Real-IP $remote_addr;\n"
             "            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
             "            proxy_set_header X-Forwarded-Proto $scheme;\n")
    headers = (f"            add_header Set-Cookie $sos_set_cookie;\n"
               f"            add_header {WORKER_HEADER} $sos_served always;\n")
    direct = "".join(f"        location = /_workers/{n}/health {{\n"
                     f"            proxy_pass http://127.0.0.1:{p}/_stcore/health;\n"
                     f"            add_header {WORKER_HEADER} $sos_served always;\n        }}\n"
                     for n, p in zip(numbers, ports, strict=True))
    return f"""# written by python -m sos_dash serve-many at every start (sos_dash/serve_many.py); do not edit
{f"user {user};" if user else "# user: nginx runs as the user who started it"}
worker_processes 1;  # nginx only passes bytes on: the cores are the Streamlit workers'
daemon off;
pid {d}/nginx.pid;
lock_file {d}/nginx.lock;
error_log stderr warn;

events {{
    worker_connections 4096;  # one per open reader (its websocket) and one to its worker
}}

http {{
    access_log off;
    server_tokens off;
    default_type application/octet-stream;
    client_body_temp_path {d}/client_body;
    proxy_temp_path {d}/proxy;
    fastcgi_temp_path {d}/fastcgi;
    uwsgi_temp_path {d}/uwsgi;
    scgi_temp_path {d}/scgi;
    client_max_body_size 2m;    # Streamlit's server.maxUploadSize is 1 MB
    client_body_buffer_size 2m; # request bodies stay in memory
    proxy_max_temp_file_size 0; # responses are passed on as they come, never written to disk
    proxy_connect_timeout 5s;
    proxy_next_upstream error timeout http_502 http_503;

    # Streamlit gzips what it serves from /app/static/ (nginx passes that on as it is) but not its own
    # /static/ bundles nor the page: nginx compresses those (docs/deploy.md, measured)
    gzip on;
    gzip_comp_level 5;
    gzip_min_length 1000;
    gzip_proxied any;
    gzip_vary on;
    gzip_types text/css application/javascript text/javascript application/json image/svg+xml text/csv
               text/plain;

    # the worker that answered, from the address nginx used (after a failover: the last one it tried)
    map $upstream_addr $sos_served {{
        default "";
{served}    }}
    # sticky sessions: a reader's cookie names its worker
    map $cookie_{COOKIE} $sos_pages {{
        default sos_any;
{by_cookie}    }}
    map $cookie_{COOKIE} $sos_session {{
        default sos_by_address;
{by_cookie}    }}
    # the cookie is set when the reader has none, or names another worker than the one that answered
    map "$cookie_{COOKIE}:$sos_served" $sos_set_cookie {{
        "~^(\\d+):\\1$" "";
        "~:$" "";
        default "{COOKIE}=$sos_served; Path=/; HttpOnly; SameSite=Lax";
    }}
    map $http_upgrade $connection_upgrade {{
        default upgrade;
        "" close;
    }}

{upstreams}
    server {{
        listen {address}:{port};

        # the page, Streamlit's scripts, /app/static/ (embeds): any worker serves them, the cookie keeps
        # a reader on one
        location / {{
            proxy_pass http://$sos_pages;
{proxy}{headers}        }}
        # the session itself, its cached messages, its downloads and uploads: only its worker has them
        location = /_stcore/stream {{
            proxy_pass http://$sos_session;
{proxy}            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_read_timeout 24h;  # a reader may leave a page open all day
            proxy_send_timeout 24h;
{headers}        }}
        location ~ ^/(media/|_stcore/message|_stcore/upload_file/) {{
            proxy_pass http://$sos_session;
{proxy}{headers}        }}
        # answers while at least one worker does (a container's or load balancer's health check)
        location = {HEALTH} {{
            proxy_pass http://sos_any/_stcore/health;
            add_header {WORKER_HEADER} $sos_served always;
        }}
        # each worker, directly
{direct}    }}
}}
"""


def nginx_command(conf: Path, runtime_dir: Path, nginx: str = NGINX) -> list[str]:
    return [nginx, "-e", "stderr", "-p", f"{runtime_dir}/", "-c", str(conf)]


def state_file(runtime_dir: Path) -> Path:
    return Path(runtime_dir) / "state.json"


def read_state(port: int, runtime_dir: Path | None = None) -> dict | None:
    """What a serve-many on `port` (of this user) runs: its pid, nginx's, each worker's number, port and pid;
    None when none runs there (a state file left by a serve-many that was killed names a process gone)."""
    try:
        state = json.loads(state_file(runtime_dir or default_runtime_dir(port)).read_text(encoding="utf-8"))
        os.kill(state["pid"], 0)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return state


def _die_with_parent() -> None:
    """In the child before exec: SIGTERM when serve-many itself dies, even by SIGKILL (Linux prctl)."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def answers(url: str, timeout: float = 2) -> bool:
    """Whether the URL answers 200 now (a health check: serve-many's workers, the warm-up, the test servers)."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never through an HTTP proxy
    try:
        with opener.open(url, timeout=timeout) as r:
            return r.status == 200
    except OSError:
        return False


def log(message: str) -> None:
    print(f"serve-many: {message}", file=sys.stderr, flush=True)


class ServeMany:
    """N workers and nginx in front of them; start(), then watch() until stopped, then stop()."""

    def __init__(self, workers: int, port: int, *, address: str = "0.0.0.0", runtime_dir: Path | None = None,
                 first_worker_port: int | None = None, nginx: str = NGINX, restart: bool = True):
        self.port, self.address, self.nginx, self.restart = port, address, nginx, restart
        self.ports = worker_ports(port, workers, first_worker_port)
        self.runtime_dir = Path(runtime_dir) if runtime_dir else default_runtime_dir(port)
        self.procs: dict[int, subprocess.Popen] = {}
        self.reported: set[int] = set()  # workers whose exit was reported
        self.next_start: dict[int, float] = {}  # earliest restart of each (monotonic seconds)
        self.proxy: subprocess.Popen | None = None
        # one cookie secret for all: Streamlit's XSRF cookie stays valid when a reader moves to another worker
        self.env = {**os.environ, "PYTHONUNBUFFERED": "1",
                    "STREAMLIT_SERVER_COOKIE_SECRET": os.environ.get("STREAMLIT_SERVER_COOKIE_SECRET")
                    or os.urandom(24).hex()}

    def _prepare_dir(self) -> Path:
        d = self.runtime_dir
        d.parent.mkdir(mode=0o711, exist_ok=True)
        if d.parent.stat().st_uid != os.getuid():
            raise RuntimeError(f"{d.parent} belongs to another user; give --runtime-dir")
        d.mkdir(mode=0o711, exist_ok=True)  # nginx's workers (www-data when started by root) make temp dirs
        conf = d / "nginx.conf"
        user = "www-data" if os.geteuid() == 0 else None
        conf.write_text(nginx_config(self.port, self.ports, d, address=self.address, user=user), encoding="utf-8")
        return conf

    def _start_worker(self, n: int) -> None:
        self.procs[n] = subprocess.Popen(worker_command(self.ports[n - 1]), cwd=paths.ROOT, env=self.env,
                                         stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent)

    def worker_url(self, n: int) -> str:
        return f"http://127.0.0.1:{self.ports[n - 1]}/_stcore/health"

    def write_state(self) -> None:
        state = {"pid": os.getpid(), "port": self.port, "address": self.address,
                 "nginx_pid": self.proxy.pid if self.proxy else None,
                 "workers": [{"n": n, "port": self.ports[n - 1], "pid": p.pid} for n, p in sorted(self.procs.items())]}
        tmp = state_file(self.runtime_dir).with_suffix(".tmp")
        tmp.write_text(json.dumps(state, indent=1) + "\n", encoding="utf-8")
        tmp.replace(state_file(self.runtime_dir))

    def start(self, timeout: float = START_TIMEOUT_S) -> None:
        """Workers first (nginx opens its port once every one answers its health check), then nginx."""
        if not os.access(self.nginx, os.X_OK):
            raise RuntimeError(f"{self.nginx} is missing: `make nginx` (as root) or `sudo apt-get install nginx`")
        conf = self._prepare_dir()
        test = subprocess.run([*nginx_command(conf, self.runtime_dir, self.nginx), "-t", "-q"], capture_output=True,
                              text=True)
        if test.returncode:
            raise RuntimeError(f"nginx refused its configuration {conf}:\n{test.stderr}")
        for n in range(1, len(self.ports) + 1):
            self._start_worker(n)
        deadline = time.monotonic() + timeout
        waiting = set(self.procs)
        while waiting and time.monotonic() < deadline:
            for n in sorted(waiting):
                if self.procs[n].poll() is not None:
                    raise RuntimeError(f"worker {n} (port {self.ports[n - 1]}) exited at start with code "
                                       f"{self.procs[n].returncode}")
                if answers(self.worker_url(n)):
                    waiting.discard(n)
            time.sleep(0.3)
        if waiting:
            raise RuntimeError(f"workers {sorted(waiting)} did not answer within {timeout:g} s")
        self.proxy = subprocess.Popen(nginx_command(conf, self.runtime_dir, self.nginx), cwd=self.runtime_dir,
                                      stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent)
        self.write_state()
        host = "127.0.0.1" if self.address in ("0.0.0.0", "") else self.address
        log(f"http://{host}:{self.port} ({self.address}) -> {len(self.ports)} workers on 127.0.0.1:"
            f"{', '.join(map(str, self.ports))}; health {HEALTH}")

    def check(self) -> bool:
        """Reports (and restarts) workers that exited; False when nginx itself exited."""
        now = time.monotonic()
        for n, proc in sorted(self.procs.items()):
            if proc.poll() is None:
                continue
            if n not in self.reported:
                self.reported.add(n)
                log(f"worker {n} (port {self.ports[n - 1]}, pid {proc.pid}) exited with code {proc.returncode}"
                    + ("; restarting it" if self.restart else "; not restarted (--no-restart)"))
            if self.restart and now >= self.next_start.get(n, 0):
                self._start_worker(n)
                self.reported.discard(n)
                self.next_start[n] = now + RESTART_AFTER_S  # one that keeps exiting is started every few seconds
                log(f"worker {n} restarted (pid {self.procs[n].pid})")
                self.write_state()
        return self.proxy is None or self.proxy.poll() is None

    def stop(self) -> None:
        """nginx, then every worker: SIGTERM, SIGKILL after 10 s."""
        procs = ([self.proxy] if self.proxy else []) + list(self.procs.values())
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGQUIT if p is self.proxy else signal.SIGTERM)  # nginx: finish, then exit
        deadline = time.monotonic() + 10
        for p in procs:
            try:
                p.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        shutil.rmtree(self.runtime_dir, ignore_errors=True)


class _Stop(Exception):
    pass


def _raise_stop(signum, frame) -> None:
    raise _Stop(signal.Signals(signum).name)


def main(workers: int, port: int, *, address: str = "0.0.0.0", runtime_dir: Path | None = None,
         first_worker_port: int | None = None, restart: bool = True) -> int:
    """Serve until SIGTERM or SIGINT (0), or until nginx exits or the start fails (1)."""
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, _raise_stop)
    try:
        many = ServeMany(workers, port, address=address, runtime_dir=runtime_dir,
                         first_worker_port=first_worker_port, restart=restart)
    except ValueError as e:
        log(str(e))
        return 2
    code = 0
    try:
        many.start()
        while many.check():
            time.sleep(1)
        log(f"nginx exited with code {many.proxy.returncode}; stopping the workers")
        code = 1
    except _Stop as e:
        log(f"{e}: stopping nginx and the workers")
    except RuntimeError as e:
        log(str(e))
        code = 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        many.stop()
    return code


def health(url: str, timeout: float = 4) -> tuple[bool, str]:
    """GET url (default path /_stcore/health): (answered 200, one line saying so)."""
    from urllib.parse import urlsplit

    if urlsplit(url).path in ("", "/"):
        url = url.rstrip("/") + "/_stcore/health"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    t0 = time.perf_counter()
    try:
        with opener.open(url, timeout=timeout) as r:
            body = r.read(200).decode(errors="replace").strip()
            ms = round((time.perf_counter() - t0) * 1000)
            return r.status == 200, f"{url}: {r.status} {body!r} in {ms} ms"
    except urllib.error.HTTPError as e:
        return False, f"{url}: unhealthy: {e.code} {e.reason}"
    except OSError as e:
        return False, f"{url}: unhealthy: {getattr(e, 'reason', None) or e}"
