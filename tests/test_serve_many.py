"""serve-many (sos_dash/serve_many.py): the nginx configuration it writes (pure), and, with Debian's nginx (marker
`nginx`), two workers behind it on 127.0.0.1: health checks, sticky sessions by cookie, a websocket session and a
download through the proxy, a worker that dies, and a stop that leaves no process behind."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from sos_dash import serve_many, visit
from sos_dash.__main__ import main as cli
from sos_dash.chromium import run_async
from sos_dash.tools import loadtest
from sos_dash.tools.local_server import ManyServer, free_port

ROOT = serve_many.paths.ROOT
NGINX_MISSING = not os.access(serve_many.NGINX, os.X_OK)
WHY = f"{serve_many.NGINX} is missing: `make test` installs Debian's nginx as root (make nginx)"


def needs_nginx(test):
    return pytest.mark.nginx(pytest.mark.skipif(NGINX_MISSING, reason=WHY)(test))

PORTS = [9101, 9102, 9103]


def block(conf: str, head: str) -> str:
    """The body of the first `head { ... }` block of an nginx configuration (braces balanced)."""
    start = conf.index(head + " {") + len(head) + 2
    depth, i = 1, start
    while depth:
        depth += {"{": 1, "}": -1}.get(conf[i], 0)
        i += 1
    return conf[start:i - 1]


@pytest.fixture(scope="module")
def conf(tmp_path_factory) -> str:
    return serve_many.nginx_config(9100, PORTS, tmp_path_factory.mktemp("run"), address="127.0.0.1")


def test_workers_listen_after_the_proxy_port_on_127_0_0_1_only():
    assert serve_many.worker_ports(8501, 2) == [8502, 8503]
    assert serve_many.worker_ports(8501, 3, first=9000) == [9000, 9001, 9002]
    with pytest.raises(ValueError):
        serve_many.worker_ports(8501, 0)
    with pytest.raises(ValueError):
        serve_many.worker_ports(9001, 2, first=9000)  # the proxy's own port
    command = serve_many.worker_command(8502)
    assert command[1:4] == ["-m", "sos_dash", "serve"]
    assert {"--server.port=8502", "--server.address=127.0.0.1", "--server.headless=true"} <= set(command)


def test_config_listens_on_one_port_with_every_worker_upstream(conf):
    assert re.search(r"^\s*listen 127\.0\.0\.1:9100;", conf, re.M)
    for name in ("sos_any", "sos_by_address"):
        assert re.findall(r"server 127\.0\.0\.1:(\d+)", block(conf, f"upstream {name}")) == [str(p) for p in PORTS]
    assert "hash $remote_addr consistent;" in block(conf, "upstream sos_by_address")
    # each worker's own upstream: itself, and the others only as backups while it is down
    w2 = block(conf, "upstream sos_w2")
    assert re.search(r"server 127\.0\.0\.1:9102 max_fails", w2)
    assert sorted(re.findall(r"server 127\.0\.0\.1:(\d+) backup;", w2)) == ["9101", "9103"]


def test_config_passes_websockets_to_the_session_worker(conf):
    ws = block(conf, "location = /_stcore/stream")
    assert "proxy_pass http://$sos_session;" in ws
    assert "proxy_http_version 1.1;" in ws
    assert "proxy_set_header Upgrade $http_upgrade;" in ws
    assert "proxy_set_header Connection $connection_upgrade;" in ws
    assert "proxy_set_header Host $http_host;" in ws  # Streamlit compares the websocket's Origin with Host
    assert re.search(r"proxy_read_timeout (\d+)h;", ws) and int(re.search(r"proxy_read_timeout (\d+)h", ws)[1]) >= 1


def test_config_routes_by_cookie_and_sets_it(conf):
    for var, default in (("$sos_pages", "sos_any"), ("$sos_session", "sos_by_address")):
        body = block(conf, f"map $cookie_{serve_many.COOKIE} {var}")
        assert f"default {default};" in body
        assert re.findall(r"^\s+(\d+) sos_w(\d+);", body, re.M) == [("1", "1"), ("2", "2"), ("3", "3")]
    served = block(conf, "map $upstream_addr $sos_served")
    assert [(p, n) for p, n in re.findall(r"127\\\.0\\\.0\\\.1:(\d+)\$ (\d+);", served)] == [
        ("9101", "1"), ("9102", "2"), ("9103", "3")]
    # downloads and cached messages are the session's: they follow it, not round robin
    session_files = block(conf, "location ~ ^/(media/|_stcore/message|_stcore/upload_file/)")
    assert "proxy_pass http://$sos_session;" in session_files
    assert "proxy_pass http://$sos_pages;" in block(conf, "location /")
    assert "add_header Set-Cookie $sos_set_cookie;" in block(conf, "location /")


def test_config_health_checks(conf, tmp_path):
    assert "proxy_pass http://sos_any/_stcore/health;" in block(conf, f"location = {serve_many.HEALTH}")
    for n, port in enumerate(PORTS, 1):
        assert f"proxy_pass http://127.0.0.1:{port}/_stcore/health;" in block(conf, f"location = /_workers/{n}/health")
    d = tmp_path / "rt"
    own = serve_many.nginx_config(9100, PORTS, d)
    assert f"pid {d}/nginx.pid;" in own and f"proxy_temp_path {d}/proxy;" in own
    assert "listen 0.0.0.0:9100;" in own and not re.search(r"^user ", own, re.M)
    assert re.search(r"^user www-data;$", serve_many.nginx_config(9100, PORTS, d, user="www-data"), re.M)


@needs_nginx
def test_nginx_accepts_the_config(tmp_path):
    tmp_path.chmod(0o711)
    conf = tmp_path / "nginx.conf"
    conf.write_text(serve_many.nginx_config(free_port(), PORTS, tmp_path, address="127.0.0.1",
                                            user="www-data" if os.geteuid() == 0 else None))
    out = subprocess.run([*serve_many.nginx_command(conf, tmp_path), "-t"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


def test_health_says_unhealthy_when_nothing_answers(capsys):
    url = f"http://127.0.0.1:{free_port()}"
    ok, line = serve_many.health(url)
    assert not ok and line.startswith(f"{url}/_stcore/health: unhealthy")
    assert cli(["health", url + "/healthz", "--timeout", "1"]) == 1
    assert "unhealthy" in capsys.readouterr().err


def test_the_state_of_a_serve_many_that_is_gone_is_not_read(tmp_path):
    state = {"pid": os.getpid(), "port": 9100, "nginx_pid": 1, "workers": [{"n": 1, "port": 9101, "pid": 2}]}
    serve_many.state_file(tmp_path).write_text(json.dumps(state))
    assert serve_many.read_state(9100, tmp_path) == state
    dead = subprocess.Popen(["true"])
    dead.wait()
    serve_many.state_file(tmp_path).write_text(json.dumps({**state, "pid": dead.pid}))
    assert serve_many.read_state(9100, tmp_path) is None  # killed, its file left behind: its pids are not its


def report(workers: int, median: float, per_worker: dict, rss: float | None) -> dict:
    return {"clients": "websocket", "workers": workers, "rounds": 1, "sessions": 4, "ramp_s": 5, "settle_s": 10,
            "failures": 0, "problems": [], "first_view_s": {"median": median, "p95": median * 2, "max": median * 3},
            "second_view_s": None, "per_round": [{"all_loaded_s": 9.5, "rss_open_mb": rss, "rss_closed_mb": rss,
                                                  "server_open": {}, "server_closed": {},
                                                  **loadtest.views_by_page([])}],
            "rss_idle_mb": rss, "rss_1_mb": rss, "per_session_mb": None, "per_worker": per_worker,
            "warmed_workers": workers}


def test_the_load_against_1_and_2_workers_side_by_side():
    text = loadtest.side_by_side([report(1, 5.5, {"1": 4}, 300.0), report(2, 2.5, {"1": 2, "2": 2}, None)])
    lines = text.splitlines()
    assert lines[0] == "1 rounds of 4 websocket sessions (arriving over 5 s) against serve-many:"
    assert lines[1].split() == ["1", "worker", "2", "workers"]
    rows = {cells[0]: cells[1:] for cells in (re.split(r"\s{2,}", line.strip()) for line in lines[2:])}
    assert rows["first view median s"] == ["5.5", "2.5"]
    assert rows["round 1: RSS open MB"] == ["300.0", "-"]  # not measured
    assert rows["sessions per worker (all rounds)"] == ["1: 4", "1: 2, 2: 2"]


def test_a_url_whose_processes_are_not_found_has_its_memory_not_measured():
    target = loadtest.Target(f"http://127.0.0.1:{free_port()}/")
    assert target.base.endswith(str(target.port)) and target.rss_mb() is None
    assert target.metric_bases == [target.base]
    assert loadtest.Target("https://dashboard.example").rss_mb() is None  # not this machine: never looked for
    lines = loadtest.report_lines({**report(2, 1.0, {}, None), "workers": None, "url": target.base})
    assert f"against {target.base}: 0 failed" in lines and "idle not measured" in lines


def make_dry_run(*args: str) -> str:
    if not shutil.which("make"):
        pytest.skip("no make on this machine")
    out = subprocess.run(["make", "-n", "-B", *args, "VENV=/nonexistent/venv"], cwd=ROOT, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_make_serve_many_is_one_command_and_make_test_installs_nginx():
    commands = make_dry_run("serve-many", "WORKERS=3", "PORT=9000")
    assert "apt-get install -y -q nginx" in commands
    assert "-m sos_dash export" in commands  # the embeds, as make run builds them
    assert re.search(r"-m sos_dash serve-many --workers 3 --port 9000$", commands, re.M)
    assert "apt-get install -y -q nginx" in make_dry_run("test")


# ---------------------------------------------------------------- with nginx: two workers on 127.0.0.1

def get(url: str, cookie: str = "") -> tuple[int, dict, bytes]:
    """(status, headers, body) of a GET through no HTTP proxy, as curl would."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with opener.open(request, timeout=30) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def route(n: int) -> str:
    return f"{serve_many.COOKIE}={n}"


async def render_and_get(base: str, path: str, cookie: str, fetch) -> tuple[visit.RunResult, list]:
    """One run of `path` over a websocket that carries `cookie`; then, while the session is still open,
    fetch(result) (its download files live as long as it does)."""
    import websockets

    async with websockets.connect(visit.stream_url(base), subprotocols=["streamlit"], max_size=None,
                                  additional_headers={"Cookie": cookie}, proxy=None, ping_interval=None) as ws:
        result, _ = await visit._run(ws, base, path, time.monotonic() + 90)
        return result, await asyncio.to_thread(fetch, result)


@pytest.fixture(scope="module")
def many():
    if NGINX_MISSING:
        pytest.skip(WHY)
    srv = ManyServer(2)
    yield srv
    srv.stop()


@pytest.mark.nginx
def test_healthz_and_each_worker_directly(many):
    status, _, body = get(many.base + serve_many.HEALTH)
    assert (status, body) == (200, b"ok")
    for n in (1, 2):
        status, headers, body = get(f"{many.base}/_workers/{n}/health")
        assert (status, body, headers.get("x-sos-worker")) == (200, b"ok", str(n))
    assert serve_many.health(many.base + serve_many.HEALTH)[0]
    assert cli(["health", many.base + serve_many.HEALTH]) == 0


@pytest.mark.nginx
def test_a_reader_without_cookie_gets_one_naming_the_worker_that_answered(many):
    seen = set()
    for _ in range(4):
        status, headers, _ = get(many.base + "/")
        cookie = headers.get("set-cookie", "")
        m = re.match(rf"{serve_many.COOKIE}=(\d+); Path=/; HttpOnly; SameSite=Lax", cookie)
        assert status == 200 and m, cookie
        assert m[1] == headers["x-sos-worker"]
        seen.add(m[1])
    assert seen == {"1", "2"}  # new readers are spread over the workers


@pytest.mark.nginx
@pytest.mark.parametrize("n", [1, 2])
def test_the_same_cookie_always_lands_on_the_same_worker(many, n):
    for path in ["/", "/_stcore/host-config", "/app/static/topo/world_110m.json", "/_stcore/health"] * 3:
        status, headers, _ = get(many.base + path, route(n))
        assert (status, headers.get("x-sos-worker")) == (200, str(n)), path
        assert serve_many.COOKIE not in headers.get("set-cookie", "")  # it is right already: not set again


@pytest.mark.nginx
def test_a_websocket_session_through_the_proxy_renders_its_page_on_its_worker(many):
    async def session() -> tuple[visit.SessionResult, dict]:
        release, loaded = asyncio.Event(), asyncio.Event()
        task = asyncio.create_task(visit.open_session(many.base, "/map", 90, release, loaded.set, cookie=route(2)))
        await loaded.wait()
        counts = {n: loadtest.server_metrics(base).get("active_sessions")
                  for n, base in enumerate(many.metric_bases, 1)}
        release.set()
        return await task, counts

    result, counts = run_async(session())
    assert result.ok, result.problem
    assert result.worker == "2"
    assert counts == {1: 0, 2: 1}  # the websocket reached the worker its cookie names
    # and a reader as the load test opens it (page request first, its cookie in the handshake)
    fresh = run_async(visit.open_session(many.base, "/trends", 90))
    assert fresh.ok and fresh.worker in {"1", "2"}, fresh.problem


@pytest.mark.nginx
def test_a_download_link_of_a_page_works_through_the_proxy_and_only_on_its_worker(many):
    other = f"http://127.0.0.1:{many.state()['workers'][1]['port']}"  # worker 2, directly

    def fetch(result):
        url = result.downloads[0] if result.downloads else "/media/none"
        return [get(many.base + url, route(1)), get(other + url)]

    result, [(status, headers, body), (elsewhere, _, _)] = run_async(
        render_and_get(many.base, "/data", route(1), fetch))
    assert result.problem("data") is None
    assert result.downloads and all(u.startswith("/media/") for u in result.downloads)
    assert status == 200 and headers["x-sos-worker"] == "1" and body
    assert headers.get("content-disposition", "").startswith("attachment")
    # the file lives in the worker that drew the page: another worker does not have it (why readers stick)
    assert elsewhere == 404


@pytest.mark.nginx
def test_what_streamlit_does_not_compress_the_proxy_does(many):
    _, _, page = get(many.metric_bases[0] + "/")
    script = re.search(rb'src="\.?/?(static/js/index[^"]+\.js)"', page)[1].decode()
    gz = {"Accept-Encoding": "gzip"}
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    for base, encoded in ((many.metric_bases[0], None), (many.base, "gzip")):
        with opener.open(urllib.request.Request(f"{base}/{script}", headers=gz), timeout=30) as r:
            assert r.headers.get("Content-Encoding") == encoded, base
    # what Streamlit compresses itself passes through as it is, not twice
    sizes = []
    for base in (many.metric_bases[0], many.base):
        topo = urllib.request.Request(base + "/app/static/topo/world_110m.json", headers=gz)
        with opener.open(topo, timeout=30) as r:
            assert r.headers.get("Content-Encoding") == "gzip"
            sizes.append(len(r.read()))
    assert sizes[0] == sizes[1]


@pytest.mark.nginx
def test_a_worker_restarts_after_it_dies(many):
    before = many.state()["workers"][1]["pid"]
    os.kill(before, signal.SIGKILL)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        state = many.state()
        if state["workers"][1]["pid"] != before and get(f"{many.base}/_workers/2/health")[0] == 200:
            break
        time.sleep(0.5)
    else:
        pytest.fail("worker 2 did not come back:\n" + many.log())
    port = state["workers"][1]["port"]
    assert f"worker 2 (port {port}, pid {before}) exited with code -9; restarting it" in many.log()
    assert run_async(visit.open_session(many.base, "/map", 90, cookie=route(2))).ok


@needs_nginx
def test_a_dead_worker_leaves_the_others_serving_and_stopping_leaves_no_process():
    import psutil

    srv = ManyServer(2, restart=False)
    try:
        state = srv.state()
        nginx = psutil.Process(state["nginx_pid"])
        pids = [srv.proc.pid, nginx.pid, *(p.pid for p in nginx.children()), *srv.worker_pids()]
        assert nginx.children(), "nginx has its worker process"
        os.kill(state["workers"][0]["pid"], signal.SIGKILL)
        time.sleep(2.5)  # serve-many looks every second
        assert "worker 1 (port" in srv.log() and "not restarted" in srv.log()
        status, _, body = get(srv.base + serve_many.HEALTH)
        assert (status, body) == (200, b"ok")
        assert get(f"{srv.base}/_workers/1/health")[0] == 502
        # a reader of the dead worker moves to the other one, and its cookie with it
        status, headers, _ = get(srv.base + "/", route(1))
        assert (status, headers["x-sos-worker"]) == (200, "2")
        assert headers["set-cookie"].startswith(route(2) + ";")
        for cookie in (route(1), ""):
            r = run_async(visit.open_session(srv.base, "/countries", 90, cookie=cookie))
            assert r.ok and r.worker == "2", r.problem
        # and with no worker left, the health check says so
        os.kill(state["workers"][1]["pid"], signal.SIGKILL)
        time.sleep(1)
        assert get(srv.base + serve_many.HEALTH)[0] == 502
        ok, line = serve_many.health(srv.base + serve_many.HEALTH)
        assert not ok and line.endswith("unhealthy: 502 Bad Gateway")
    finally:
        srv.stop()
    assert srv.proc.returncode == 0, srv.log()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(psutil.pid_exists(p) for p in pids):
        time.sleep(0.2)
    assert [p for p in pids if psutil.pid_exists(p)] == []
    assert serve_many.read_state(srv.port) is None  # the runtime folder is gone with it
