#!/usr/bin/env bash
# Build bplab with PyInstaller and smoke-test the result.
#
#   packaging/build.sh                    onedir build: dist/bplab/bplab
#   BPLAB_ONEFILE=1 packaging/build.sh    the onedir build, then the onefile: dist/onefile/bplab
#
# VENV (default .venv, shared with `make test`) gets bplab and PyInstaller ('.[package]');
# PYTHON (default python3) creates it when missing.  Then each build must pass
# `bplab --version`, `bplab --self-test` and a headless `bplab train`; the script
# reports its size (and fails above BPLAB_MAX_MIB, default 180) and the median time
# from launch to the first painted window over 5 runs (target: under 1 s).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
VENV="${VENV:-.venv}"
MAX_MIB="${BPLAB_MAX_MIB:-180}"

if [ ! -d "$VENV" ]; then
  echo "== creating $VENV"
  "$PYTHON" -m venv "$VENV"
fi
bin="$VENV/bin"
[ -d "$bin" ] || bin="$VENV/Scripts"  # Windows (Git Bash)
echo "== installing bplab and PyInstaller into $VENV"
"$bin/python" -m pip install --quiet -e '.[package]'

# Qt needs no display on its offscreen platform; a build machine often has none.
if [[ "$(uname -s)" == Linux* ]] && [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
fi
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
export XDG_CONFIG_HOME="$scratch/config"  # the checks never touch the user's settings

# check NAME EXE: the smoke tests of one build.
check() {
  local name="$1" exe="$2"
  echo "== $name: $exe --version"
  "$exe" --version
  echo "== $name: $exe --self-test"
  "$exe" --self-test
  if command -v xvfb-run >/dev/null && [[ "$(uname -s)" == Linux* ]]; then
    # The desktop path: the xcb platform plugin and its bundled X libraries, on a virtual screen.
    echo "== $name: $exe --self-test on X11 (xvfb-run, QT_QPA_PLATFORM=xcb)"
    xvfb-run -a env QT_QPA_PLATFORM=xcb "$exe" --self-test
  fi
  echo "== $name: headless train (no Qt)"
  "$exe" train resources/examples/xor.json --epochs 20 --out "$scratch/xor-trained.json"
}

# report NAME PATH EXE: size and startup time.
report() {
  local name="$1" path="$2" exe="$3" mib
  mib="$(du -sm "$path" | cut -f1)"
  echo "== $name: size $(du -sh "$path" | cut -f1) ($mib MiB) at $path"
  "$bin/python" packaging/startup_time.py --runs 5 -- "$exe"
  if [ "$mib" -gt "$MAX_MIB" ]; then
    echo "FAIL: $name is $mib MiB, over the $MAX_MIB MiB budget (BPLAB_MAX_MIB)" >&2
    exit 1
  fi
}

start=$SECONDS
want_onefile="${BPLAB_ONEFILE:-0}"
echo "== PyInstaller: onedir"
BPLAB_ONEFILE=0 "$bin/pyinstaller" packaging/bplab.spec --noconfirm --clean --log-level WARN
onedir="dist/bplab/bplab"
[ -x "$onedir" ] || onedir="dist/bplab/bplab.exe"
check onedir "$onedir"
report onedir dist/bplab "$onedir"

if [ "$want_onefile" = "1" ]; then
  echo "== PyInstaller: onefile"
  BPLAB_ONEFILE=1 "$bin/pyinstaller" packaging/bplab.spec --noconfirm --clean --log-level WARN \
    --distpath dist/onefile --workpath build/onefile
  onefile="dist/onefile/bplab"
  [ -x "$onefile" ] || onefile="dist/onefile/bplab.exe"
  check onefile "$onefile"
  report onefile "$onefile" "$onefile"
fi
echo "== build and checks passed in $((SECONDS - start)) s"
