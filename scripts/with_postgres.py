"""Run a command against PostgreSQL: ``python scripts/with_postgres.py -- pytest -q``.

With ``DATABASE_URL`` set, the command runs as it is, against that database.
Without it, a throwaway server is started for the command and removed after
it: a new cluster in a temporary folder (``initdb`` from Debian's
``postgresql``, installed with apt-get when it is missing and we are root),
listening on a free port of 127.0.0.1 only, trusted local logins, no fsync
(the data is thrown away anyway). ``DATABASE_URL`` points the command at it.

PostgreSQL refuses to run as root, so as root the server runs as the
``postgres`` system user (or ``nobody``), which owns the temporary folder.

Standard library only, so that any Python can run it before anything is
installed.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--":
        argv = argv[1:]
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    if os.environ.get("DATABASE_URL"):
        return subprocess.call(argv)
    with ThrowawayPostgres() as url:
        print(f"with_postgres: throwaway PostgreSQL at {url}", flush=True)
        return subprocess.call(argv, env={**os.environ, "DATABASE_URL": url})


def postgres_bin() -> Path:
    found = _installed_bin_dirs()
    if not found and os.geteuid() == 0:
        print("with_postgres: installing Debian's postgresql...", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "postgresql"],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        found = _installed_bin_dirs()
    if not found:
        sys.exit(
            "with_postgres: PostgreSQL's server programs are missing "
            "(apt-get install postgresql), and DATABASE_URL is not set."
        )
    return found[-1]


def _installed_bin_dirs() -> list[Path]:
    dirs = [Path(p).parent for p in glob.glob("/usr/lib/postgresql/*/bin/initdb")]
    if not dirs and shutil.which("initdb"):
        dirs = [Path(shutil.which("initdb")).parent]
    return sorted(dirs, key=lambda d: _version_key(d.parent.name))


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.split(".") if part.isdigit())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ThrowawayPostgres:
    """A PostgreSQL cluster that lives for one ``with`` block."""

    def __init__(self) -> None:
        self.bin = postgres_bin()
        self.root = Path(tempfile.mkdtemp(prefix="newsblocks-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = free_port()
        self.user = None
        if os.geteuid() == 0:
            self.user = _system_user()
            entry = pwd.getpwnam(self.user)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
        self.root.chmod(0o700)

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, cwd=self.root)
        if result.returncode:
            log = self.log.read_text() if self.log.exists() else ""
            raise RuntimeError(
                f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}\n{log}"
            )

    def __enter__(self) -> str:
        try:
            self._run(
                "initdb",
                "--pgdata",
                str(self.data),
                "--username",
                "postgres",
                "--auth",
                "trust",
                "--encoding",
                "UTF8",
                "--locale",
                "C.UTF-8",
                "--no-sync",
            )
            options = " ".join(
                [
                    f"-p {self.port}",
                    "-c listen_addresses=127.0.0.1",
                    f"-c unix_socket_directories={self.root}",
                    "-c fsync=off",
                    "-c synchronous_commit=off",
                    "-c full_page_writes=off",
                    "-c max_connections=50",
                ]
            )
            self._run(
                "pg_ctl",
                "start",
                "--wait",
                "--pgdata",
                str(self.data),
                "--log",
                str(self.log),
                "-o",
                options,
            )
        except BaseException:
            shutil.rmtree(self.root, ignore_errors=True)
            raise
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def __exit__(self, *exc_info: object) -> None:
        try:
            self._run("pg_ctl", "stop", "--wait", "--mode", "fast", "--pgdata", str(self.data))
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def _system_user() -> str:
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    sys.exit("with_postgres: as root, PostgreSQL needs an unprivileged user (postgres or nobody).")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
