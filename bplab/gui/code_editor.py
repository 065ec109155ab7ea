"""A read-only code page with line numbers, marked lines and a highlighted stage.

Three kinds of marks, drawn as extra selections so the text stays untouched:
``marked`` lines (the article's corrected lines: a tint and a ● in the
gutter), the ``stage`` lines (what computes the stage being shown) and one
``pointed`` line (what a click on the graph or an equation points at).  A
click on a line emits ``lineClicked``; hovering a word asks ``tooltip_for``
for the text to show.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontDatabase,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from bplab.gui.python_highlighter import PythonHighlighter

MARKED_BG = "#fce8e6"  # a corrected line
MARKER_COLOR = "#c5221f"
STAGE_BG = "#fef7e0"  # the lines computing the stage shown
POINTED_BG = "#fde293"  # the line a click points at
GUTTER_BG = "#f1f3f4"
GUTTER_FG = "#80868b"

TooltipFor = Callable[[str], str]  # word under the mouse -> tooltip ("" for none)


class _Gutter(QWidget):
    def __init__(self, editor: CodeEditor) -> None:
        super().__init__(editor)
        self._editor = editor

    def sizeHint(self) -> QSize:
        return QSize(self._editor.gutter_width(), 0)

    def paintEvent(self, event: QPaintEvent) -> None:
        self._editor.paint_gutter(self, event)


class CodeEditor(QPlainTextEdit):
    lineClicked = Signal(int)  # 0-based line number

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codeText")
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.highlighter = PythonHighlighter(self.document())
        self._gutter = _Gutter(self)
        self._marked: tuple[int, ...] = ()
        self._stage: tuple[int, ...] = ()
        self._pointed: int | None = None
        self.tooltip_for: TooltipFor | None = None
        self.blockCountChanged.connect(self._update_margins)
        self.updateRequest.connect(self._on_update_request)
        self._update_margins()

    # -- content and marks -----------------------------------------------------------
    def set_code(self, text: str, marked: Iterable[int] = ()) -> None:
        """Show ``text``; the reader's place is kept when only numbers changed."""
        if text == self.toPlainText() and tuple(marked) == self._marked:
            return
        position = self.verticalScrollBar().value()
        self.setPlainText(text)
        self._marked = tuple(marked)
        self._pointed = None
        self._refresh_selections()
        self.verticalScrollBar().setValue(position)

    def marked_lines(self) -> tuple[int, ...]:
        return self._marked

    def stage_lines(self) -> tuple[int, ...]:
        return self._stage

    def pointed_line(self) -> int | None:
        return self._pointed

    def set_stage_lines(self, lines: Iterable[int]) -> None:
        self._stage = tuple(lines)
        self._pointed = None
        self._refresh_selections()
        if self._stage:
            self.scroll_to_line(self._stage[0])

    def point_at(self, line: int | None) -> None:
        """Mark one line as the one a click elsewhere is about, and bring it into view."""
        self._pointed = line
        self._refresh_selections()
        if line is not None:
            self.scroll_to_line(line)

    def scroll_to_line(self, line: int) -> None:
        """Show ``line`` with a few lines of context above it, if it is not in view."""
        block = self.document().findBlockByNumber(line)
        if not block.isValid():
            return
        first = self.firstVisibleBlock().blockNumber()
        visible = max(1, int(self.viewport().height() / max(1, self.fontMetrics().height())))
        if first + 1 <= line <= first + visible - 3:
            return  # already well in view
        self.verticalScrollBar().setValue(max(0, line - max(1, visible // 4)))

    def line_text(self, line: int) -> str:
        return self.document().findBlockByNumber(line).text()

    def _refresh_selections(self) -> None:
        selections = []
        for lines, color in ((self._marked, MARKED_BG), (self._stage, STAGE_BG),
                             ((self._pointed,) if self._pointed is not None else (),
                              POINTED_BG)):
            for line in lines:
                block = self.document().findBlockByNumber(line)
                if not block.isValid():
                    continue
                sel = QTextEdit.ExtraSelection()
                sel.format.setBackground(QColor(color))
                sel.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
                sel.cursor = QTextCursor(block)
                selections.append(sel)
        self.setExtraSelections(selections)
        self._gutter.update()

    # -- the gutter ------------------------------------------------------------------
    def gutter_width(self) -> int:
        digits = len(str(max(1, self.blockCount())))
        return 14 + self.fontMetrics().horizontalAdvance("9") * (digits + 1)

    def _update_margins(self, _count: int = 0) -> None:
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)

    def _on_update_request(self, rect: QRect, dy: int) -> None:
        if dy:
            self._gutter.scroll(0, dy)
        else:
            self._gutter.update(0, rect.y(), self._gutter.width(), rect.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        r = self.contentsRect()
        self._gutter.setGeometry(QRect(r.left(), r.top(), self.gutter_width(), r.height()))

    def paint_gutter(self, gutter: QWidget, event: QPaintEvent) -> None:
        p = QPainter(gutter)
        p.fillRect(event.rect(), QColor(GUTTER_BG))
        block = self.firstVisibleBlock()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        height = self.fontMetrics().height()
        width = gutter.width()
        while block.isValid() and top <= event.rect().bottom():
            number = block.blockNumber()
            if block.isVisible() and top + height >= event.rect().top():
                if number in self._marked:
                    p.setPen(QColor(MARKER_COLOR))
                    p.drawText(2, top, 10, height, Qt.AlignmentFlag.AlignCenter, "●")
                p.setPen(QColor("#202124" if number in self._stage else GUTTER_FG))
                p.drawText(0, top, width - 4, height, Qt.AlignmentFlag.AlignRight,
                           str(number + 1))
            top += round(self.blockBoundingRect(block).height())
            block = block.next()
        p.end()

    # -- mouse -----------------------------------------------------------------------
    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            line = self.cursorForPosition(event.position().toPoint()).blockNumber()
            self.lineClicked.emit(line)

    def word_at(self, x: int, y: int) -> str:
        """The identifier under viewport point (x, y), or "" (between words, past a line)."""
        cursor = self.cursorForPosition(QPoint(x, y))
        block = cursor.block()
        text, k = block.text(), cursor.positionInBlock()
        start = end = k
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
            start -= 1
        while end < len(text) and (text[end].isalnum() or text[end] == "_"):
            end += 1
        if start == end:
            return ""
        edge = QTextCursor(block)
        edge.setPosition(block.position() + start)
        left = self.cursorRect(edge)
        edge.setPosition(block.position() + end)
        right = self.cursorRect(edge)
        if not (left.left() <= x <= right.left() and left.top() <= y <= left.bottom()):
            return ""
        return text[start:end]

    def viewportEvent(self, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.ToolTip and self.tooltip_for is not None
                and isinstance(event, QHelpEvent)):
            tip = self.tooltip_for(self.word_at(event.pos().x(), event.pos().y()))
            if tip:
                QToolTip.showText(event.globalPos(), tip, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)
