#!/usr/bin/env python
"""Load and faults on the example site as it runs in production: ``make bench-load``.

Starts, on this machine only (127.0.0.1), a throwaway PostgreSQL server (as
``scripts/with_postgres.py`` does), a throwaway Redis and gunicorn serving
the example site with its production settings (``DJANGO_DEBUG=0``,
``DATABASE_URL``, ``REDIS_URL``, several sync workers), loads the demo
content (``load_demo_content``) and runs ``wrk`` against the home page, the
stories, the pages API, share pages and quote cards, in phases of a bounded
length:

* ``steady``: load alone;
* ``worker killed``: one worker killed (SIGKILL) during the load;
* ``redis down``: Redis stopped for a few seconds, then started again;
* ``postgres down``: PostgreSQL stopped for a few seconds, then started again.

Each phase prints requests/s, the latency's p50/p95/p99, its errors (HTTP
status ≥ 400, broken connections, time-outs) and every worker's resident
memory afterwards. Everything it started is stopped when it ends.

Needs ``redis-server`` and ``wrk`` (Debian: ``apt-get install redis-server
wrk``), PostgreSQL's server (``apt-get install postgresql``) and gunicorn in
the virtualenv (``pip install gunicorn``). Not part of ``make test``. ::

    python scripts/bench_load.py [--workers 4] [--connections 8] [--seconds 10] [--outage 4]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "example_site"
sys.path.insert(0, str(Path(__file__).resolve().parent))

from with_postgres import ThrowawayPostgres, free_port  # noqa: E402

WRK_SCRIPT = """
local paths = {PATHS}
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  io.write(string.format(
    "RESULT %d %d %d %d %d %d %.3f %.3f %.3f\\n",
    summary.requests, summary.duration, summary.errors.connect,
    summary.errors.read + summary.errors.write, summary.errors.status,
    summary.errors.timeout, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


def missing_tools(python: Path) -> list[str]:
    missing = []
    for tool, package in (("redis-server", "redis-server"), ("wrk", "wrk")):
        if not shutil.which(tool):
            missing.append(f"{tool} (apt-get install {package})")
    if not (python.parent / "gunicorn").exists():
        missing.append(f"gunicorn ({python.parent / 'pip'} install gunicorn)")
    return missing


class Redis:
    """A Redis server on a free port of 127.0.0.1, nothing written to disk."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_for_port(self.port)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process = None


class Postgres(ThrowawayPostgres):
    """with_postgres's throwaway server, which can also be stopped and started in between."""

    def stop(self) -> None:
        self._run("pg_ctl", "stop", "--wait", "--mode", "fast", "--pgdata", str(self.data))

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 "
            f"-c unix_socket_directories={self.root} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=50"
        )
        self._run(
            "pg_ctl", "start", "--wait", "--pgdata", str(self.data), "--log", str(self.log),
            "-o", options,
        )  # fmt: skip


def wait_for_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")


def manage(python: Path, env: dict, *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [str(python), "manage.py", *args],
        cwd=SITE,
        env=env,
        check=True,
        text=True,
        capture_output=capture,
    )
    return result.stdout if capture else ""


FIND_PATHS = """
import json
from django.urls import reverse
from news.models import NewsStoryPage
stories = list(NewsStoryPage.objects.live().public().specific())
paths = ["/"] + [story.url for story in stories]
quotes = []
for story in stories:
    for child in story.body:
        if child.block_type == "pull_quote":
            quotes.append((story.pk, child.id))
for page_id, block_id in quotes[:3]:
    paths.append(reverse("wagtail_newsblocks:quote_share", args=[page_id, block_id]))
    paths.append(reverse("wagtail_newsblocks:quote_card", args=[page_id, block_id]))
paths.append("/api/v2/pages/?type=news.NewsStoryPage&fields=body")
print("PATHS " + json.dumps(paths))
"""


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    try:
        return [int(pid) for pid in children.read_text().split()]
    except OSError:
        return []


def resident_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run_wrk(port: int, script: Path, connections: int, seconds: int) -> dict:
    result = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "5s",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}",
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    line = next(x for x in result.stdout.splitlines() if x.startswith("RESULT "))
    fields = line.split()[1:]
    requests, duration_us, connect, broken, status, timeouts = (int(x) for x in fields[:6])
    p50, p95, p99 = (float(x) for x in fields[6:])
    return {
        "requests": requests,
        "rps": requests / (duration_us / 1e6),
        "p50": p50,
        "p95": p95,
        "p99": p99,
        "status_errors": status,
        "connection_errors": connect + broken,
        "timeouts": timeouts,
    }


def phase(name, port, script, args, master, fault=None) -> dict:
    """``wrk`` for ``args.seconds``; ``fault()`` runs in a thread two seconds in."""
    thread = None
    if fault is not None:

        def later():
            time.sleep(2)
            fault()

        thread = threading.Thread(target=later)
        thread.start()
    result = run_wrk(port, script, args.connections, args.seconds)
    if thread is not None:
        thread.join()
    time.sleep(1)
    result["memory"] = [round(resident_mb(pid)) for pid in worker_pids(master)]
    result["name"] = name
    return result


def print_table(results: list[dict], args) -> None:
    print(
        f"\ngunicorn: {args.workers} sync workers; wrk: 2 threads, {args.connections} "
        f"connections, {args.seconds} s per phase; outages of {args.outage} s\n"
    )
    header = (
        f"{'phase':<16}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"
        f"{'HTTP≥400':>10}{'conn.':>7}{'t/o':>5}  memory per worker (MB)"
    )
    print(header)
    print("-" * (len(header) + 10))
    for r in results:
        print(
            f"{r['name']:<16}{r['rps']:>8.1f}{r['p50']:>8.1f}{r['p95']:>8.1f}{r['p99']:>8.1f}"
            f"{r['status_errors']:>10}{r['connection_errors']:>7}{r['timeouts']:>5}  "
            f"{', '.join(str(m) for m in r['memory'])}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--outage", type=float, default=4.0)
    args = parser.parse_args()
    python = Path(sys.executable)
    missing = missing_tools(python)
    if missing:
        print("bench_load: missing " + "; ".join(missing), file=sys.stderr)
        return 2

    media = Path(tempfile.mkdtemp(prefix="newsblocks-load-media-"))
    redis = Redis()
    gunicorn = None
    try:
        pg = Postgres()
        with pg as database_url:
            redis.start()
            port = free_port()
            env = {
                **os.environ,
                "DATABASE_URL": database_url,
                "REDIS_URL": redis.url,
                "DJANGO_DEBUG": "0",
                "DJANGO_SECRET_KEY": "bench-load-" + os.urandom(8).hex(),
                "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
                "NEWSBLOCKS_DEMO_MEDIA": str(media),
                "DJANGO_SETTINGS_MODULE": "example_site.settings",
            }
            print("bench_load: migrating and loading the demo content...", flush=True)
            manage(python, env, "migrate", "--noinput", "-v0")
            manage(python, env, "load_demo_content")
            found = manage(python, env, "shell", "-c", FIND_PATHS, capture=True)
            paths = json.loads(found.split("PATHS ", 1)[1])
            script = media / "rotate.lua"
            lua_paths = "{" + ", ".join(json.dumps(path) for path in paths) + "}"
            script.write_text(WRK_SCRIPT.replace("{PATHS}", lua_paths))
            gunicorn = subprocess.Popen(
                [
                    str(python.parent / "gunicorn"),
                    "example_site.wsgi",
                    "--workers",
                    str(args.workers),
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--timeout",
                    "30",
                    "--log-level",
                    "warning",
                ],
                cwd=SITE,
                env=env,
            )
            wait_for_port(port)
            # Every URL once, so that renditions, placeholders and cards exist.
            for path in paths:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as r:
                    r.read()
            print(f"bench_load: {len(paths)} URLs: {', '.join(paths)}", flush=True)

            def kill_worker():
                pids = worker_pids(gunicorn.pid)
                if pids:
                    os.kill(pids[0], signal.SIGKILL)

            def redis_outage():
                redis.stop()
                time.sleep(args.outage)
                redis.start()

            def postgres_outage():
                pg.stop()
                time.sleep(args.outage)
                pg.start()

            results = [
                phase("steady", port, script, args, gunicorn.pid),
                phase("worker killed", port, script, args, gunicorn.pid, kill_worker),
                phase("redis down", port, script, args, gunicorn.pid, redis_outage),
                phase("postgres down", port, script, args, gunicorn.pid, postgres_outage),
                phase("after faults", port, script, args, gunicorn.pid),
            ]
            print_table(results, args)
    finally:
        if gunicorn is not None and gunicorn.poll() is None:
            gunicorn.terminate()
            try:
                gunicorn.wait(15)
            except subprocess.TimeoutExpired:
                gunicorn.kill()
        redis.stop()
        shutil.rmtree(media, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
