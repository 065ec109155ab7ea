#!/usr/bin/env bash
# Install bplab's launcher, icons and file type for the current user (Linux desktops).
#
#   packaging/install-desktop.sh [BPLAB]      install; BPLAB is the program the launcher runs
#   packaging/install-desktop.sh --uninstall  remove what this script installed
#
# BPLAB defaults to dist/bplab/bplab when a build exists, else to `bplab` on PATH.
# Files go under ${XDG_DATA_HOME:-~/.local/share}; nothing needs root.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
res="$root/resources"
data="${XDG_DATA_HOME:-$HOME/.local/share}"
sizes=(16 32 48 64 128 256)

refresh() {
  # Each cache tool is optional: desktops re-scan on their own, only more slowly.
  if command -v update-mime-database >/dev/null; then update-mime-database "$data/mime"; fi
  if command -v update-desktop-database >/dev/null; then
    update-desktop-database "$data/applications" || true
  fi
  if command -v gtk-update-icon-cache >/dev/null; then
    gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
  fi
}

if [ "${1:-}" = "--uninstall" ]; then
  rm -f "$data/applications/bplab.desktop" "$data/mime/packages/bplab-mime.xml" \
        "$data/icons/hicolor/scalable/apps/bplab.svg" \
        "$data/icons/hicolor/scalable/mimetypes/application-x-bplab-experiment.svg"
  for s in "${sizes[@]}"; do
    rm -f "$data/icons/hicolor/${s}x${s}/apps/bplab.png" \
          "$data/icons/hicolor/${s}x${s}/mimetypes/application-x-bplab-experiment.png"
  done
  mkdir -p "$data/mime" "$data/applications"
  refresh
  echo "removed bplab's launcher, icons and file type from $data"
  exit 0
fi

if [ $# -ge 1 ]; then
  exe="$1"
elif [ -x "$root/dist/bplab/bplab" ]; then
  exe="$root/dist/bplab/bplab"
else
  exe="bplab"
fi
case "$exe" in
  */*) exe="$(cd "$(dirname "$exe")" && pwd)/$(basename "$exe")" ;;  # absolute: menus have no cwd
  *) command -v "$exe" >/dev/null || echo "warning: '$exe' is not on PATH; the launcher will fail" >&2 ;;
esac

# Icons: the same picture for the program and for its files.
for s in "${sizes[@]}"; do
  install -Dm644 "$res/icons/bplab-$s.png" "$data/icons/hicolor/${s}x${s}/apps/bplab.png"
  install -Dm644 "$res/icons/bplab-$s.png" \
    "$data/icons/hicolor/${s}x${s}/mimetypes/application-x-bplab-experiment.png"
done
install -Dm644 "$res/icons/bplab.svg" "$data/icons/hicolor/scalable/apps/bplab.svg"
install -Dm644 "$res/icons/bplab.svg" \
  "$data/icons/hicolor/scalable/mimetypes/application-x-bplab-experiment.svg"

# File type, then the launcher (Exec and TryExec point at the chosen program).
install -Dm644 "$res/bplab-mime.xml" "$data/mime/packages/bplab-mime.xml"
mkdir -p "$data/applications"
quoted="$exe"
case "$exe" in *" "*) quoted="\"$exe\"" ;; esac  # desktop-entry quoting for spaces
sed -e "s|^Exec=bplab |Exec=$quoted |" -e "s|^TryExec=bplab$|TryExec=$exe|" \
  "$res/bplab.desktop" > "$data/applications/bplab.desktop"
chmod 644 "$data/applications/bplab.desktop"

refresh
if command -v xdg-mime >/dev/null; then
  xdg-mime default bplab.desktop application/x-bplab-experiment || true
fi
echo "installed bplab into $data (runs: $exe)"
