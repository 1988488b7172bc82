#!/usr/bin/env bash
# Installs what the browser and HTML-validity tests need, where it can:
#   - Debian's chromium (Playwright drives /usr/bin/chromium; `playwright install`
#     would download a browser, which this project never does),
#   - the Nu Html Checker from npm (vnu-jar, run with the machine's Java),
#   - gettext (xgettext), which the catalogue check's makemessages runs.
# Without root or npm it says what is missing; the tests then skip with that
# reason locally and fail under CI=true, so CI can never pass without them.
set -uo pipefail
cd "$(dirname "$0")/.."

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo "$@"; else return 1; fi
}

if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Debian's chromium for the browser tests..."
  if ! { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }; then
    echo "!! Could not install chromium (needs root: apt-get install chromium); browser tests will not run." >&2
  fi
fi

if ! command -v xgettext >/dev/null 2>&1; then
  echo "Installing gettext for the catalogue check (makemessages)..."
  { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; } \
    || echo "!! No gettext: the catalogue check will not run." >&2
fi

if ! command -v java >/dev/null 2>&1; then
  echo "Installing a Java runtime for the Nu Html Checker..."
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null \
    || echo "!! No Java: the HTML validity tests will not run." >&2
fi

if [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ]; then
  if command -v npm >/dev/null 2>&1; then
    npm ci --no-audit --no-fund --loglevel=error || echo "!! npm ci failed: the HTML validity tests will not run." >&2
  else
    if as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; then
      npm ci --no-audit --no-fund --loglevel=error
    else
      echo "!! No npm: the HTML validity tests will not run (install Node.js and npm, then 'npm ci')." >&2
    fi
  fi
fi
exit 0
