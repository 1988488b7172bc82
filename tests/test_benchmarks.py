"""The benchmark scripts run (their figures are read by people, not asserted here)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_make_bench_runs_every_row():
    # On its own in-memory SQLite database: on PostgreSQL the script's test
    # database would be this suite's.
    # The script picks its own settings (the example site's test settings),
    # not this suite's.
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    result = subprocess.run(
        [sys.executable, "benchmarks/story_blocks.py", "--sizes", "10", "--repeat", "1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    rows = [
        "render body (cold)",
        "render body, warm cache",
        "serve page (test client)",
        "save, admin form",
        "save new content from code",
        "save loaded story again",
        "queries per render",
        "quote card: draw",
        "quote card: serve stored",
        "import an article",
        "anchors: same subhead",
    ]
    for row in rows:
        assert f"\n{row}" in result.stdout, (row, result.stdout)
