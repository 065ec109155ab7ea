"""Python colours for the code view: keywords, built-ins, numbers, strings, comments.

A line-by-line highlighter is enough for the programs the view shows (no
string spans lines except docstrings, which it colours one line at a time by
tracking whether a triple quote is open).
"""

from __future__ import annotations

import keyword
import re

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument


def _format(color: str, bold: bool = False, italic: bool = False) -> QTextCharFormat:
    f = QTextCharFormat()
    f.setForeground(QColor(color))
    if bold:
        f.setFontWeight(QFont.Weight.Bold)
    f.setFontItalic(italic)
    return f


KEYWORD = _format("#8430ce", bold=True)
BUILTIN = _format("#1a73e8")
NUMBER = _format("#c26401")
STRING = _format("#137333")
COMMENT = _format("#80868b", italic=True)
DEFINED = _format("#1967d2", bold=True)

_BUILTINS = ("print", "range", "len", "float", "int", "zip", "sum", "abs", "min", "max",
             "True", "False", "None", "np")
_RULES: list[tuple[re.Pattern[str], QTextCharFormat]] = [
    (re.compile(r"\b(" + "|".join(keyword.kwlist) + r")\b"), KEYWORD),
    (re.compile(r"\b(" + "|".join(_BUILTINS) + r")\b"), BUILTIN),
    (re.compile(r"\b\d+(\.\d*)?([eE][-+]?\d+)?\b"), NUMBER),
    (re.compile(r"(?<=\bdef )\w+"), DEFINED),
    (re.compile(r"[fr]?\"[^\"\n]*\"|[fr]?'[^'\n]*'"), STRING),
]
_TRIPLE = '"""'
IN_DOCSTRING = 1  # block state: a triple-quoted string is still open at the line's end


class PythonHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)

    def highlightBlock(self, text: str) -> None:
        start = 0
        if self.previousBlockState() == IN_DOCSTRING:
            end = text.find(_TRIPLE)
            if end < 0:
                self.setFormat(0, len(text), STRING)
                self.setCurrentBlockState(IN_DOCSTRING)
                return
            self.setFormat(0, end + 3, STRING)
            start = end + 3
        self.setCurrentBlockState(0)
        rest = text[start:]
        for rx, fmt in _RULES:
            for m in rx.finditer(rest):
                self.setFormat(start + m.start(), m.end() - m.start(), fmt)
        opened = rest.find(_TRIPLE)
        if opened >= 0:
            closed = rest.find(_TRIPLE, opened + 3)
            if closed < 0:
                self.setFormat(start + opened, len(rest) - opened, STRING)
                self.setCurrentBlockState(IN_DOCSTRING)
                return
            self.setFormat(start + opened, closed + 3 - opened, STRING)
        comment = _comment_start(rest)
        if comment >= 0:
            self.setFormat(start + comment, len(rest) - comment, COMMENT)


def _comment_start(text: str) -> int:
    """Where a # comment starts, ignoring # inside a string."""
    quote = ""
    for k, ch in enumerate(text):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            return k
    return -1
