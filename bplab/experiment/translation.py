"""A translation hook for the words this layer writes for the window, without Qt.

The step-through's sentences (``walkthrough``) are written here, below the
window, and must not import Qt.  They call ``translate(context, text)``, which
``pyside6-lupdate`` finds like Qt's own call, so the phrases land in the .ts
files; the window plugs Qt's translator in with ``set_translator`` when it
picks a language.  Until then (headless commands, tests) the text stays
English, with ``%n`` filled in.
"""

from __future__ import annotations

from collections.abc import Callable

Translator = Callable[[str, str, "str | None", int], str]


def english(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """The source text itself (English), with ``%n`` replaced as Qt does."""
    return text.replace("%n", str(n)) if n >= 0 else text


_translator: Translator = english


def set_translator(translator: Translator | None) -> None:
    """Use ``translator`` (e.g. ``QCoreApplication.translate``) from now on; None: English."""
    global _translator
    _translator = translator or english


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """``text`` in the reader's language (see the module docstring)."""
    return _translator(context, text, disambiguation, n)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for translation in ``context``; ``translate`` it where it is used."""
    return text
