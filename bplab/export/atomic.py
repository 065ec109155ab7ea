"""Atomic file writes: a reader sees the old file or the new one, never half of one.

The data goes to a temporary file in the same folder (so ``os.replace`` is a
rename on one file system), which replaces the target only once complete.
"""

from __future__ import annotations

import contextlib
import io
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import IO


@contextlib.contextmanager
def atomic_binary(path: str | os.PathLike[str]) -> Iterator[IO[bytes]]:
    """Open a temporary file for writing bytes; on success it becomes ``path``."""
    target = Path(path)
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    # os.open with 0o666 lets the umask decide the permissions, as for a plain open();
    # tempfile.mkstemp would leave a private 0o600 file behind the rename.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def atomic_text(path: str | os.PathLike[str], newline: str | None = None) -> Iterator[IO[str]]:
    """Like ``atomic_binary`` for UTF-8 text; ``newline=""`` for the csv module."""
    with atomic_binary(path) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline=newline)
        try:
            yield text
        finally:
            text.flush()
            text.detach()  # leave the binary file open for atomic_binary to finish


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` atomically (an exported script, say)."""
    with atomic_text(path) as f:
        f.write(text)
