# Shared set-up for the ci/ scripts: sourced, not run.
#
# Makes (or reuses) the project virtual environment and installs what the
# build and the tests need from PyPI.  Nothing is installed system-wide.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${CZMQ_VENV:-$ROOT/.venv}"
PYTHON_FOR_VENV="${CZMQ_PYTHON:-python3}"
export PATH="$VENV/bin:$PATH"

BUILD_REQUIREMENTS=(
  "scikit-build-core>=0.10"
  "nanobind==3.1.0"
  "cmake>=3.18"
  "ninja"
  "build"
)
TEST_REQUIREMENTS=("pytest>=8" "pytest-timeout>=2.3" "pyzmq>=26")
LINT_REQUIREMENTS=(
  "ruff==0.17.6"
  "mypy"
  "check-jsonschema"
  "zizmor"
  "cibuildwheel==4.3.5"
  "clang-format==19.*"
)

say() { printf '\n== %s\n' "$*" >&2; }

need_system_tools() {
  local missing=()
  for tool in c++ cc apt-get nm; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing system packages for: ${missing[*]}"
    apt-get update -qq
    apt-get install -y -qq g++ binutils >/dev/null
  fi
}

make_venv() {
  if [ ! -x "$VENV/bin/python" ]; then
    say "creating $VENV"
    "$PYTHON_FOR_VENV" -m venv "$VENV"
  fi
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check "$@"
}

fetch_sources() {
  say "fetching and verifying the vendored sources"
  "$VENV/bin/python" "$ROOT/vendor/fetch.py"
}
