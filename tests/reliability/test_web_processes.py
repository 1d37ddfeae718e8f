"""`renkei serve --web-processes 2 --workers 2`: two web processes (gunicorn) behind one port, two
task workers, all supervised. Which process answered is read from outside, never from a page:
the processes are found in /proc, and each web process that counted a request has its own file
of /metrics counters under the data dir (named by its pid), which a scrape sums."""

import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from renkei.lib.liveserver import Server, http, migrate, renkei_env

pytestmark = pytest.mark.xdist_group("web_processes")
TOKEN = "metrics-token-of-the-test"


def _parent(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The process name is in parentheses and may hold spaces: the fields after it are fixed.
    fields = stat.rsplit(")", 1)[1].split()
    return None if fields[0] == "Z" else int(fields[1])


def _children(pid: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit() and _parent(int(entry)) == pid:
            found.add(int(entry))
    return found


def _descendants(pid: int) -> set[int]:
    found, todo = set(), [pid]
    while todo:
        for child in _children(todo.pop()):
            found.add(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    return _parent(pid) is not None  # a zombie has ended: only its exit status is left


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _gunicorn(server: Server) -> int:
    assert server.process is not None
    masters = [p for p in _children(server.process.pid) if "gunicorn" in _command(p)]
    assert len(masters) == 1, masters
    return masters[0]


def _wait(condition, seconds: float = 60):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"not within {seconds:.0f} s")


def _web_processes(server: Server, count: int = 2) -> set[int]:
    def ready() -> set[int] | None:
        try:
            workers = _children(_gunicorn(server))
        except AssertionError:  # gunicorn being started again
            return None
        return workers if len(workers) == count else None

    found: set[int] = _wait(ready)
    return found


def _answers(server: Server) -> bool:
    try:
        return http("GET", server.url + "/healthz", timeout=5)[0] == 200
    except OSError:
        return False


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    data = tmp_path_factory.mktemp("web-processes")
    env = renkei_env(data, RENKEI_METRICS_TOKEN=TOKEN)
    migrate(env)
    with Server(env, args=["--web-processes", "2", "--workers", "2"]) as server:
        yield server, data


def test_two_web_processes_answer_on_one_port_and_metrics_add_them_up(site):
    server, data = site
    web = _web_processes(server)
    assert server.process is not None
    workers = [p for p in _children(server.process.pid) if " worker " in _command(p)]
    assert len(workers) == 2

    # Many requests at once: a process busy with some leaves the next to the other.
    with ThreadPoolExecutor(16) as pool:
        statuses = list(pool.map(lambda _n: http("GET", server.url + "/healthz")[0], range(400)))
    assert statuses == [200] * 400
    counted = {int(f.stem.split("_")[1]) for f in (data / "prometheus").glob("counter_*.db")}
    assert len(counted & web) == 2, (counted, web)

    status, _headers, body = http(
        "GET", server.url + "/metrics", headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert status == 200
    total = sum(
        float(line.rsplit(" ", 1)[1])
        for line in body.decode().splitlines()
        if line.startswith("renkei_http_requests_total{")
    )
    assert total >= 400  # both processes' requests, whichever answered the scrape
    assert http("GET", server.url + "/metrics")[0] == 404  # still never public


def test_a_killed_web_process_is_started_again_and_so_is_gunicorn(site):
    server, _data = site
    before = _web_processes(server)
    victim = min(before)
    os.kill(victim, signal.SIGKILL)
    after = _wait(lambda: (w := _web_processes(server)) != before and victim not in w and w)
    assert len(after) == 2
    assert _answers(server)

    # The whole web server (gunicorn's master): the supervisor starts it again on the port.
    master = _gunicorn(server)
    os.kill(master, signal.SIGKILL)
    _wait(lambda: _gunicorn_again(server, master))
    _web_processes(server)
    _wait(lambda: _answers(server), 90)
    assert "starting it again" in server.log()


def _gunicorn_again(server: Server, old: int) -> bool:
    try:
        return _gunicorn(server) != old
    except AssertionError:
        return False


def test_sigterm_stops_every_process(tmp_path):
    env = renkei_env(tmp_path)
    migrate(env)
    server = Server(env, args=["--web-processes", "2", "--workers", "2"]).start()
    try:
        assert server.process is not None
        _web_processes(server)
        family = _descendants(server.process.pid)
        assert len(family) >= 6  # gunicorn, its 2 processes, 2 workers, the periodic checks
        server.process.send_signal(signal.SIGTERM)
        assert server.process.wait(timeout=30) == 0
        _wait(lambda: not any(_alive(p) for p in family), 15)
        assert not _answers(server)
    finally:
        server.stop()
