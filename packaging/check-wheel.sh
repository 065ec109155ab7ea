#!/usr/bin/env bash
# Build the sdist and the wheel, install the wheel into a clean virtual environment outside
# the checkout, and use it as someone who ran `pip install bplab` would:
# `bplab --version`, `--help`, `--self-test`, a headless `bplab train` of an installed
# example and a picture of the window on the default experiment.  A file the build leaves
# out fails one of them.
#
#   packaging/check-wheel.sh          the wheel goes to dist/ as well
#
# VENV (default .venv, shared with `make test`) runs `python -m build` (installed there if
# missing); PYTHON (default python3) creates VENV when missing and the clean environment.
# pip's cache is used as usual, so PySide6 and NumPy are downloaded once per machine.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
VENV="${VENV:-.venv}"
start=$SECONDS

if [ ! -d "$VENV" ]; then
  echo "== creating $VENV"
  "$PYTHON" -m venv "$VENV"
fi
bin="$VENV/bin"
[ -d "$bin" ] || bin="$VENV/Scripts"  # Windows (Git Bash)
"$bin/python" -c "import build" 2>/dev/null || "$bin/python" -m pip install --quiet build

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
echo "== python -m build: the sdist, then the wheel from the sdist"
"$bin/python" -m build --outdir "$scratch/dist" . >"$scratch/build.log" 2>&1 \
  || { tail -40 "$scratch/build.log"; echo "FAIL: python -m build" >&2; exit 1; }
sdist=("$scratch"/dist/bplab-*.tar.gz)
wheel=("$scratch"/dist/bplab-*.whl)
ls -l "${sdist[0]}" "${wheel[0]}"
mkdir -p dist
cp "${sdist[0]}" "${wheel[0]}" dist/

echo "== the sdist holds every file of resources/ and bplab/"
"$bin/python" - "${sdist[0]}" <<'EOF'
import sys
import tarfile
from pathlib import Path

with tarfile.open(sys.argv[1]) as tar:
    names = {"/".join(n.split("/")[1:]) for n in tar.getnames()}
wanted = [p.as_posix() for top in ("resources", "bplab") for p in Path(top).rglob("*")
          if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"]
missing = sorted(set(wanted) - names)
if missing:
    sys.exit(f"FAIL: the sdist lacks {missing}")
print(f"ok: {len(wanted)} files")
EOF

echo "== a clean virtual environment outside the checkout: pip install ${wheel[0]##*/}"
"$PYTHON" -m venv "$scratch/venv"
env_bin="$scratch/venv/bin"
[ -d "$env_bin" ] || env_bin="$scratch/venv/Scripts"
"$env_bin/python" -m pip install --quiet --disable-pip-version-check "${wheel[0]}"

# Nothing of the checkout may be found: another folder, no PYTHONPATH.
mkdir -p "$scratch/work"
cd "$scratch/work"
unset PYTHONPATH
export XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data"  # not the user's
if [[ "$(uname -s)" == Linux* ]] && [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
fi
bplab="$env_bin/bplab"
examples="$("$env_bin/python" -c "
import bplab
from bplab.experiment import examples_dir
from bplab.resources import resources_origin
assert resources_origin() == 'installed package', (resources_origin(), bplab.__file__)
print(examples_dir())")"
echo "ok: examples installed in $examples"

echo "== bplab --version; bplab --help names every headless command"
"$bplab" --version
help="$("$bplab" --help | tr -s ' \n' '  ')"
for command in train predict export-weights export; do
  [[ "$help" == *"'bplab $command "* ]] || { echo "FAIL: --help lacks $command" >&2; exit 1; }
done

echo "== bplab --self-test"
"$bplab" --self-test | tee "$scratch/self-test.log"
grep -q "resource files found in the installed package" "$scratch/self-test.log" \
  || { echo "FAIL: the self-test did not read the installed resources" >&2; exit 1; }

echo "== headless bplab train of an installed example"
"$bplab" train "$examples/xor.json" --epochs 20 --out "$scratch/xor-trained.json"
test -s "$scratch/xor-trained.json"

echo "== the window on the default experiment: bplab --screenshot"
"$bplab" --screenshot "$scratch/window.png" --epochs 5
test -s "$scratch/window.png"
echo "== the wheel works installed ($((SECONDS - start)) s)"
