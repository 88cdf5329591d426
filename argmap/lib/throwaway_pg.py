"""A throwaway PostgreSQL cluster for the test suite and the benchmarks (never for serving).

initdb and pg_ctl refuse to run as root, and CI runs as root: the commands then run as the
`postgres` OS account. The cluster listens on 127.0.0.1 only, on a free port, with durability
switched off (it is deleted afterwards), and is always stopped, even when the caller fails.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from argmap.lib import postgres

PG_BIN = Path(os.environ.get("ARGMAP_PG_BIN", "/usr/lib/postgresql/15/bin"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_postgres(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


@contextmanager
def throwaway_postgres() -> Iterator[dict[str, Any]]:
    """Start a cluster; yield Django DATABASES settings for it; stop and delete it."""
    if not (PG_BIN / "initdb").exists():
        raise RuntimeError(f"PostgreSQL binaries not found in {PG_BIN}; set ARGMAP_PG_BIN.")
    tmp = tempfile.mkdtemp(prefix="argmap-pg-")
    if os.geteuid() == 0:
        shutil.chown(tmp, "postgres")
    data, port = os.path.join(tmp, "data"), _free_port()
    initdb = [str(PG_BIN / "initdb"), "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8"]
    options = (
        f"-p {port} -k {tmp} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )
    start = [
        str(PG_BIN / "pg_ctl"),
        "-D",
        data,
        "-w",
        "-l",
        os.path.join(tmp, "log"),
        "-o",
        options,
    ]
    stop = [str(PG_BIN / "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop"]
    try:
        subprocess.run(_as_postgres([*initdb, "--no-sync"]), check=True, stdout=subprocess.DEVNULL)
        subprocess.run(_as_postgres([*start, "start"]), check=True, stdout=subprocess.DEVNULL)
        yield {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "argmap",
            "USER": "postgres",
            "PASSWORD": "",
            "HOST": "127.0.0.1",
            "PORT": str(port),
            "OPTIONS": dict(postgres.OPTIONS),
        }
    finally:
        # Stop first and touch no database API: nothing may keep the server alive.
        subprocess.run(_as_postgres(stop), check=False, capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)
