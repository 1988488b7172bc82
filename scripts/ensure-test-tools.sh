#!/usr/bin/env bash
# Installs what the browser and HTML-validity tests need, where it can:
#   - Debian's chromium (Playwright drives /usr/bin/chromium; `playwright install`
#     would download a browser, which this project never does),
#   - the Nu Html Checker from npm (vnu-jar, run with the machine's Java),
#   - gettext (xgettext), which the catalogue check's makemessages runs.
# Without root or npm it says what is missing; the tests then skip with that
# reason locally and fail under CI=true, so CI can never pass without them.
#
# System packages are installed only with root or password-less sudo, and
# the script says which before it runs apt-get. NEWSBLOCKS_NO_SYSTEM_PACKAGES=1
# tells it to install none: it then only reports what is missing.
set -uo pipefail
cd "$(dirname "$0")/.."

NO_SYSTEM_PACKAGES=${NEWSBLOCKS_NO_SYSTEM_PACKAGES:-}

as_root() {
  if [ -n "$NO_SYSTEM_PACKAGES" ] && [ "$NO_SYSTEM_PACKAGES" != 0 ]; then return 1; fi
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo "$@"; else return 1; fi
}

# Says, before apt-get runs, what it installs and how not to.
announce() {
  if [ -n "$NO_SYSTEM_PACKAGES" ] && [ "$NO_SYSTEM_PACKAGES" != 0 ]; then
    echo "NEWSBLOCKS_NO_SYSTEM_PACKAGES is set: not installing $1 ($2)." >&2
  else
    echo "Installing the system package $1 with apt-get ($2); NEWSBLOCKS_NO_SYSTEM_PACKAGES=1 skips this."
  fi
}

if [ ! -x /usr/bin/chromium ]; then
  announce chromium "Debian's Chromium, for the browser tests"
  if ! { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }; then
    echo "!! Could not install chromium (needs root: apt-get install chromium); browser tests will not run." >&2
  fi
fi

if ! command -v xgettext >/dev/null 2>&1; then
  announce gettext "xgettext, for the catalogue check"
  { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; } \
    || echo "!! No gettext: the catalogue check will not run." >&2
fi

if ! command -v java >/dev/null 2>&1; then
  announce default-jre-headless "a Java runtime, for the Nu Html Checker"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null \
    || echo "!! No Java: the HTML validity tests will not run." >&2
fi

if [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ]; then
  if command -v npm >/dev/null 2>&1; then
    npm ci --no-audit --no-fund --loglevel=error || echo "!! npm ci failed: the HTML validity tests will not run." >&2
  else
    announce npm "to install the Nu Html Checker from package-lock.json"
    if as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; then
      npm ci --no-audit --no-fund --loglevel=error
    else
      echo "!! No npm: the HTML validity tests will not run (install Node.js and npm, then 'npm ci')." >&2
    fi
  fi
fi
exit 0
