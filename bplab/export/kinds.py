"""The kinds of export: one list for File ▸ Export and for ``bplab export --what``.

Tables, weights and scripts are written here, from a ``Session`` and without
Qt.  Pictures (PNG or SVG of a view, PNG of the whole window) are only listed:
the window draws them (``bplab.gui.pictures``).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from bplab.experiment.session import Session
from bplab.export import tables
from bplab.export.atomic import write_text
from bplab.export.numpy_script import numpy_script
from bplab.export.runs_csv import runs_csv
from bplab.export.torch_script import torch_script

PathLike = str | os.PathLike[str]
Writer = Callable[[Session, PathLike], object]
PICTURE_FORMATS = ("png", "svg")


@dataclass(frozen=True)
class ExportKind:
    key: str  # as in `bplab export --what`
    title: str  # what it is; File ▸ Export shows it translated, with "…"
    suffix: str  # appended to the experiment's name for the suggested file name
    view: str | None  # "loss", "boundary", "network" or "window": whose right-click menu lists it
    write: Writer | None = None  # None for pictures, which the window draws

    @property
    def fmt(self) -> str:
        return self.suffix.rsplit(".", 1)[1]

    @property
    def is_picture(self) -> bool:
        return self.fmt in PICTURE_FORMATS


def _history(session: Session, path: PathLike) -> object:
    return tables.history_csv(session.trainer.history, path)


def _loss(session: Session, path: PathLike) -> object:
    return tables.loss_csv(session.trainer.history, path)


def _numpy(session: Session, path: PathLike) -> None:
    write_text(path, numpy_script(session))


def _torch(session: Session, path: PathLike) -> None:
    write_text(path, torch_script(session))


KINDS: tuple[ExportKind, ...] = (  # in the order of File ▸ Export
    ExportKind("loss-png", "Loss curve as PNG", "-loss.png", "loss"),
    ExportKind("loss-svg", "Loss curve as SVG", "-loss.svg", "loss"),
    ExportKind("loss-csv", "Loss curve as CSV", "-loss.csv", "loss", _loss),
    ExportKind("boundary-png", "Decision boundary as PNG", "-boundary.png", "boundary"),
    ExportKind("boundary-svg", "Decision boundary as SVG", "-boundary.svg", "boundary"),
    ExportKind("network-png", "Network graph as PNG", "-network.png", "network"),
    ExportKind("network-svg", "Network graph as SVG", "-network.svg", "network"),
    ExportKind("window-png", "Whole window as PNG", "-window.png", "window"),
    ExportKind("history-csv", "Training history as CSV", "-history.csv", None, _history),
    ExportKind("runs-csv", "All runs as CSV", "-runs.csv", None, runs_csv),
    ExportKind("data-csv", "Data set as CSV", "-data.csv", None, tables.data_csv),
    ExportKind("weights-npz", "Weights as NumPy .npz", "-weights.npz", None, tables.weights_npz),
    ExportKind("numpy-script", "Standalone NumPy script", "_numpy.py", None, _numpy),
    ExportKind("torch-script", "PyTorch script", "_torch.py", None, _torch),
)
BY_KEY = {k.key: k for k in KINDS}
KEYS = tuple(BY_KEY)
PICTURES = tuple(k.key for k in KINDS if k.is_picture)
QT_FREE = tuple(k.key for k in KINDS if not k.is_picture)  # written here, without Qt


def get_kind(key: str) -> ExportKind:
    try:
        return BY_KEY[key]
    except KeyError:
        raise ValueError(f"unknown export {key!r}; choose one of {', '.join(KEYS)}") from None


def write_export(key: str, session: Session, path: PathLike) -> None:
    """Write one of ``QT_FREE`` for ``session``; the caller keeps training paused meanwhile."""
    kind = get_kind(key)
    if kind.write is None:
        raise ValueError(f"{key} is a picture: the window draws it (bplab.gui.pictures); "
                         f"written without Qt: {', '.join(QT_FREE)}")
    kind.write(session, path)
