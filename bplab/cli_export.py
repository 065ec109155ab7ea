"""``bplab export FILE --what KIND --out PATH``: the window's exports, without the window.

A thin face: the kinds are ``bplab.export.kinds``'s.  Tables, weights and
scripts are written by ``bplab.export`` and never import Qt; pictures are drawn
by ``bplab.gui.pictures``, which builds the window unseen (offscreen when there
is no display).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bplab.experiment.io import load_experiment
from bplab.experiment.session import Session
from bplab.export.kinds import KEYS, PICTURES, QT_FREE, get_kind, write_export

WHAT = KEYS  # the keys File ▸ Export uses
DEFAULT_SCALE = 2.0
MAX_SCALE = 8.0  # 8× a 1400×900 window is already a 100-megapixel picture


class ExportUsageError(ValueError):
    """Bad arguments for ``bplab export``: one line on stderr, exit code 2."""


def _scale(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, found {text!r}") from None
    if not 0 < value <= MAX_SCALE:
        raise argparse.ArgumentTypeError(f"expected more than 0 and at most {MAX_SCALE:g}, "
                                         f"found {text}")
    return value


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``export`` with the ``bplab`` command's sub-parsers."""
    p = sub.add_parser(
        "export", help="write a picture, table, weights or script of an experiment",
        description="Write what File ▸ Export writes, without the window. Pictures: "
                    f"{', '.join(PICTURES)} (PNG at --scale times the on-screen size). Tables "
                    f"and scripts (no Qt needed): {', '.join(QT_FREE)}.")
    p.add_argument("file", metavar="FILE", help="experiment (.json)")
    p.add_argument("--what", required=True, choices=WHAT, metavar="KIND",
                   help="what to write: " + ", ".join(WHAT))
    p.add_argument("--out", required=True, metavar="PATH", help="file to write")
    p.add_argument("--scale", type=_scale, default=DEFAULT_SCALE, metavar="S",
                   help=f"PNG size as a multiple of the on-screen size (default "
                        f"{DEFAULT_SCALE:g}; 1, 2 or 3 in the window)")
    p.set_defaults(run=run_export)


def _check_out(path: Path) -> None:
    if path.is_dir():
        raise ExportUsageError(f"cannot write {path}: that is a folder; give a file name")
    if not path.parent.is_dir():
        raise ExportUsageError(f"cannot write {path}: the folder {path.parent} does not exist")


def run_export(args: argparse.Namespace) -> int:
    out = Path(args.out)
    _check_out(out)
    experiment = load_experiment(args.file)  # before Qt: a bad file fails fast
    if not get_kind(args.what).is_picture:
        write_export(args.what, Session(experiment), out)
    else:
        try:
            from bplab.gui.pictures import export_picture  # Qt: only for pictures
        except ImportError as err:
            raise ExportUsageError(f"pictures need PySide6 and pyqtgraph ({err}); the table "
                                   f"and script kinds work without them: "
                                   f"{', '.join(QT_FREE)}") from None
        export_picture(experiment, args.file, args.what, str(out), args.scale)
    print(f"saved {args.what} to {out}")
    return 0
