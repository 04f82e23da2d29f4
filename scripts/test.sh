#!/usr/bin/env bash
# Install what zhibu's tests need and run them. README's test command and .ci/run both use this script.
#
#   scripts/test.sh                  everything: setup, lint, unit, browser
#   scripts/test.sh setup            Debian's Chromium + a CJK font when missing (apt, as root or via sudo),
#                                    the virtualenv .venv (or $ZHIBU_VENV) and `pip install -e '.[test]'`
#   scripts/test.sh lint             ruff check .
#   scripts/test.sh unit [ARGS…]     every test except the browser ones, on ZHIBU_DATABASE_URL
#                                    (unset: SQLite in memory); ARGS go to pytest
#   scripts/test.sh browser [ARGS…]  the browser tests (pytest -m browser) in headless Chromium
#
# Environment: ZHIBU_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/zhibu_ci, Django tests in
# test_<name>), ZHIBU_SCREENSHOTS (folder for the browser tests' screenshots), ZHIBU_TEST_WORKERS
# (pytest-xdist workers for the unit and browser stages: a number, "auto", or 0 for none; default auto).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

header() { printf '\n=== %s ===\n' "$*"; }

# Always this checkout's own virtualenv (ZHIBU_VENV to choose another), never whichever one is active.
venv="${ZHIBU_VENV:-$PWD/.venv}"
py="$venv/bin/python"

as_root() {
    if [ "$(id -u)" = 0 ]; then
        "$@"
    elif command -v sudo >/dev/null; then
        sudo "$@"
    else
        echo "需要 root 权限来安装系统软件包 / need root to run: $*" >&2
        return 1
    fi
}

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

setup() {
    header "setup: system packages"
    local missing=()
    if command -v dpkg-query >/dev/null; then
        installed chromium || [ -x /usr/bin/chromium ] || missing+=(chromium)
        installed fonts-wqy-microhei || missing+=(fonts-wqy-microhei)
        # Debian's python3 makes virtualenvs only with python3-venv
        [ -x "$py" ] || python3 -c "import ensurepip" 2>/dev/null || missing+=(python3-venv)
    elif [ ! -x /usr/bin/chromium ]; then
        echo "not a Debian system: install Chromium as /usr/bin/chromium and a CJK font yourself" >&2
    fi
    if [ ${#missing[@]} -gt 0 ]; then
        echo "installing ${missing[*]}"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
            "${missing[@]}" >/dev/null
    else
        echo "the system packages are installed"
    fi

    header "setup: python packages"
    if [ ! -x "$py" ]; then
        echo "creating the virtualenv $venv"
        python3 -m venv "$venv"
    fi
    # (pip's notes about configured package folders that do not exist are noise, not problems)
    "$py" -m pip install --quiet --disable-pip-version-check -e '.[test]' 2>&1 \
        | { grep -v "^WARNING: Location 'file:" || true; }
    "$py" -m pip --disable-pip-version-check list 2>/dev/null \
        | grep -iE '^(django|django-ninja|pytest|pytest-django|pytest-xdist|playwright|ruff) ' || true
}

lint() {
    header "ruff check"
    "$py" -m ruff check .
}

# pytest exits 5 when it collected no test: that is a failure here, never a quiet success.
run_pytest() {
    local rc=0
    "$py" -m pytest "$@" || rc=$?
    if [ "$rc" = 5 ]; then
        echo "pytest collected no test: treating that as a failure" >&2
    fi
    return "$rc"
}

database_label() {
    case "${ZHIBU_DATABASE_URL:-}" in
        "") echo "SQLite (in memory)" ;;
        *) echo "${ZHIBU_DATABASE_URL%%://*} (${ZHIBU_DATABASE_URL##*@})" ;;
    esac
}

# pytest-xdist workers: ZHIBU_TEST_WORKERS (default auto: one per core; 0: none)
xdist_args() {
    local workers="${ZHIBU_TEST_WORKERS:-auto}"
    if [ "$workers" != 0 ] && "$py" -c "import xdist" 2>/dev/null; then
        echo "-n $workers"
    fi
}

unit() {
    header "tests on $(database_label)"
    # --create-db: a test database left by an interrupted run is dropped and made anew
    # shellcheck disable=SC2046
    run_pytest -m "not browser" --create-db $(xdist_args) "$@"
}

browser() {
    header "browser tests (Chromium)"
    # Each worker has its own live server, database and Chromium; the tests wait on pages, so two share a
    # two-core machine well.
    # shellcheck disable=SC2046
    run_pytest -m browser --create-db $(xdist_args) "$@"
}

stage="${1:-all}"
[ $# -gt 0 ] && shift
case "$stage" in
    setup) setup ;;
    lint) lint ;;
    unit) unit "$@" ;;
    browser) browser "$@" ;;
    all)
        # Setup must work; then every stage runs even when an earlier one failed, so that one
        # run reports everything, and the script fails at the end if any stage did.
        setup
        failed=()
        lint || failed+=(lint)
        unit "$@" || failed+=(unit)
        browser "$@" || failed+=(browser)
        if [ ${#failed[@]} -gt 0 ]; then
            header "FAILED: ${failed[*]}"
            exit 1
        fi
        header "all passed: lint, unit ($(database_label)), browser"
        ;;
    *)
        sed -n '2,15p' "$0" >&2
        exit 2
        ;;
esac
