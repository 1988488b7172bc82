"""Django's system checks and a migrations check, for the package and the example site.

``python scripts/django_checks.py`` (run by ``make check`` and every nox test
session) runs, once with the test settings (the package as a site installs it)
and once with the example site's own settings:

- ``manage.py check`` (warnings fail too),
- ``manage.py makemigrations --check --dry-run``: no model change without its
  migration. Run with the lowest supported Wagtail and Django (the matrix's
  "lowest" jobs), this is also what proves the package's migrations are made
  with them.

It imports whatever ``wagtail_newsblocks`` the interpreter finds: the checkout
in the dev venv, the installed wheel in the wheel job.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ("tests.settings", "example_site.settings")


def main() -> int:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "example_site")])}
    failed = []
    for settings in SETTINGS:
        for command in (
            ["check", "--fail-level", "WARNING"],
            ["makemigrations", "--check", "--dry-run", "--no-input"],
        ):
            argv = [sys.executable, "-m", "django", *command, f"--settings={settings}"]
            print(
                f"$ DJANGO_SETTINGS_MODULE={settings} django-admin {' '.join(command)}", flush=True
            )
            if subprocess.call(argv, env=env, cwd=ROOT):
                failed.append(f"{settings}: {' '.join(command)}")
    if failed:
        print("Failed:\n  " + "\n  ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
