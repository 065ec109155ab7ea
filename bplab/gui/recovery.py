"""Autosave files that survive a crash, and finding them again at the next start.

Each window writes its unsaved experiment to ``autosave-<token>.json`` in the
``recovery`` folder of the user's data folder (``$BPLAB_DATA_DIR`` if set,
else Qt's AppDataLocation), with a side-car ``autosave-<token>.meta.json``
naming the file it came from.  While the window lives it holds the lock file
``autosave-<token>.lock`` (a QLockFile): a file whose lock can be taken
belongs to a window that is gone without cleaning up, i.e. one that crashed.
Several bplab processes can run at once without taking each other's files.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLockFile, QStandardPaths

from bplab.experiment import Experiment, load_experiment, save_experiment
from bplab.experiment.io import write_atomically

DATA_DIR_ENV = "BPLAB_DATA_DIR"  # overrides the data folder (tests point it at tmp_path)
PREFIX = "autosave-"
SIDECAR_SUFFIX = ".meta.json"
SIDECAR_FORMAT = "bplab-recovery"


def data_dir() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    loc = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(loc) if loc else Path.home() / ".bplab"


def recovery_dir() -> Path:
    return data_dir() / "recovery"


def _lock(stem: Path) -> QLockFile:
    lock = QLockFile(str(stem) + ".lock")
    lock.setStaleLockTime(0)  # stale only when its process is gone, however old the file is
    return lock


class RecoveryFile:
    """One window's autosave: the experiment, its side-car, and the lock held meanwhile."""

    def __init__(self, folder: Path | None = None, stem: str | None = None,
                 lock: QLockFile | None = None) -> None:
        self._folder = folder  # None: recovery_dir(), looked up at the first write
        self._stem = stem  # file name without extension; chosen at the first write
        self._lock = lock  # held from the first write until remove()

    @property
    def path(self) -> Path | None:
        """The experiment file, once one has been written (or adopted)."""
        if self._stem is None:
            return None
        return (self._folder or recovery_dir()) / f"{self._stem}.json"

    @property
    def sidecar(self) -> Path | None:
        path = self.path
        return None if path is None else path.with_name(self._stem + SIDECAR_SUFFIX)

    def exists(self) -> bool:
        return self.path is not None and self.path.is_file()

    def _claim(self) -> None:
        if self._stem is not None:
            return
        self._folder = self._folder or recovery_dir()
        self._folder.mkdir(parents=True, exist_ok=True)
        while True:  # a fresh token per window; retried in the unlikely case it is taken
            stem = f"{PREFIX}{secrets.token_hex(6)}"
            lock = _lock(self._folder / stem)
            if lock.tryLock(0):
                self._stem, self._lock = stem, lock
                return
            if lock.error() != QLockFile.LockError.LockFailedError:
                raise OSError(f"cannot create a lock file in {self._folder}")

    def write(self, exp: Experiment, original_path: str | None) -> Path:
        """Save ``exp`` atomically, then the side-car; raises OSError or ExperimentFileError."""
        self._claim()
        path, sidecar = self.path, self.sidecar
        assert path is not None and sidecar is not None
        save_experiment(exp, path)
        meta = {
            "format": SIDECAR_FORMAT,
            "original_path": original_path,
            "name": exp.name,
            "saved_at": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        }
        text = (json.dumps(meta, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        write_atomically(sidecar, lambda f: f.write(text))
        return path

    def remove(self) -> None:
        """Delete the files and give up the lock (a clean exit, a save, a new file)."""
        for p in (self.path, self.sidecar):
            if p is not None:
                with contextlib.suppress(OSError):
                    p.unlink()
        self.release()
        self._stem = None

    def release(self) -> None:
        """Give up the lock but keep the files (they become a leftover for the next start)."""
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None


@dataclass
class Leftover:
    """An autosave from a window that did not exit cleanly; its lock is ours now."""

    file: RecoveryFile
    original_path: str | None  # the file the experiment was opened from, if any
    name: str  # the experiment's name
    saved_at: str  # ISO time of the autosave, "" if unknown

    def load(self) -> Experiment:
        assert self.file.path is not None
        return load_experiment(self.file.path)

    def describe(self) -> str:
        where = (os.path.basename(self.original_path) if self.original_path
                 else QCoreApplication.translate("FileActions", "Untitled"))
        if self.saved_at:
            return QCoreApplication.translate(
                "Leftover", "bplab did not close normally last time. Unsaved work was "
                            "recovered: “{0}”, {1} (autosaved {2}).\n\nRestore it?").format(
                self.name, where, _readable_time(self.saved_at))
        return QCoreApplication.translate(
            "Leftover", "bplab did not close normally last time. Unsaved work was recovered: "
                        "“{0}”, {1}.\n\nRestore it?").format(self.name, where)


def _readable_time(iso: str) -> str:
    try:
        return datetime.datetime.fromisoformat(iso).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso


def _read_sidecar(path: Path) -> dict:
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return meta if isinstance(meta, dict) and meta.get("format") == SIDECAR_FORMAT else {}


def find_leftover(folder: Path | None = None) -> Leftover | None:
    """The newest autosave whose window is gone, locked for the caller; None if there is none."""
    folder = folder or recovery_dir()
    if not folder.is_dir():
        return None
    candidates = [p for p in folder.glob(f"{PREFIX}*.json")
                  if not p.name.endswith(SIDECAR_SUFFIX)]
    candidates.sort(key=lambda p: p.stat().st_mtime if p.exists() else 0.0, reverse=True)
    for path in candidates:
        lock = _lock(path.with_suffix(""))
        if not lock.tryLock(0):
            continue  # a running window owns it
        if not path.is_file():  # removed meanwhile by its owner
            lock.unlock()
            continue
        meta = _read_sidecar(path.with_name(path.stem + SIDECAR_SUFFIX))
        original = meta.get("original_path")
        name = meta.get("name")
        saved_at = meta.get("saved_at")
        return Leftover(
            file=RecoveryFile(folder, path.stem, lock),
            original_path=original if isinstance(original, str) and original else None,
            name=name if isinstance(name, str) and name else path.stem,
            saved_at=saved_at if isinstance(saved_at, str) else "",
        )
    return None
