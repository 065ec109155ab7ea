"""The Open Recent list: the last files opened or saved, newest first, kept in QSettings."""

from __future__ import annotations

import os

from PySide6.QtCore import QSettings

MAX_RECENT = 10
KEY = "files/recent"


def _normalized(path: str) -> str:
    return os.path.normcase(os.path.abspath(path))


class RecentFiles:
    """A list of absolute paths in the application's QSettings."""

    def __init__(self, organization: str = "bplab", application: str = "bplab") -> None:
        self._names = (organization, application)

    def _settings(self) -> QSettings:
        # A fresh object each time: another window may have changed the list.
        return QSettings(*self._names)

    def paths(self) -> list[str]:
        value = self._settings().value(KEY, [])
        if isinstance(value, str):  # some back-ends return a one-element list as a string
            value = [value] if value else []
        if not isinstance(value, list):
            return []
        return [p for p in value if isinstance(p, str) and p][:MAX_RECENT]

    def _store(self, paths: list[str]) -> None:
        s = self._settings()
        s.setValue(KEY, paths[:MAX_RECENT])
        s.sync()

    def add(self, path: str) -> None:
        """Put ``path`` first; an older entry for the same file goes."""
        path = os.path.abspath(path)
        key = _normalized(path)
        self._store([path, *(p for p in self.paths() if _normalized(p) != key)])

    def remove(self, path: str) -> None:
        key = _normalized(path)
        self._store([p for p in self.paths() if _normalized(p) != key])

    def clear(self) -> None:
        self._store([])
