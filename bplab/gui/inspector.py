"""The step-through inspector: one training step as a worked example, with its numbers.

The panel shows ``explain_step``'s lines as a textbook page: each equation
first in the article's symbols, then on a second line with the numbers of
this moment, ending in the engine's value (its full precision on hover).
"Apply this step" performs exactly that update through ``apply_step``.

It only works while training is paused: the worker owns the session while
it runs.  The window tells it with ``set_running`` (or passes an
``is_running`` callable) and listens to ``stepApplied`` to publish a
snapshot, and to ``highlight`` to point at the neuron a line is about.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QSize, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from bplab.experiment import Session
from bplab.experiment.walkthrough import (
    Line,
    StaleWalkthrough,
    Walkthrough,
    apply_step,
    explain_step,
    num,
)
from bplab.gui.i18n import QT_TRANSLATE_NOOP, Retranslatable
from bplab.gui.minibatch_view import MiniBatchView

# Shown translated; the English text is what tests compare against.
PAUSE_TEXT = QT_TRANSLATE_NOOP("InspectorPanel", "Pause training to step through a pass")
KIND_COLORS = {  # symbol colours, one per phase of the step
    "forward": "#1a73e8",
    "loss": "#8430ce",
    "backward": "#c26401",
    "gradient": "#c5221f",
    "update": "#137333",
}
STYLE = """
body { font-family: 'DejaVu Sans'; font-size: 10pt; color: #202124; }
h3 { font-size: 11.5pt; margin-top: 14px; margin-bottom: 2px; color: #202124; }
.head { color: #3c4043; margin-bottom: 4px; }
.note { color: #5f6368; font-size: 9pt; margin-top: 0px; margin-bottom: 2px; }
.layer { color: #5f6368; font-size: 9pt; font-weight: bold; padding-top: 6px; }
.sym { font-family: 'DejaVu Serif'; font-size: 11pt; }
.num { font-family: 'DejaVu Sans Mono'; font-size: 9.5pt; }
.rel { font-family: 'DejaVu Serif'; font-size: 11pt; color: #5f6368; }
.comment { color: #80868b; font-size: 8.5pt; }
"""
SELECTED_BG = "#fef7e0"


def _a(index: int, text: str, color: str = "#202124") -> str:
    # Every cell of a line is a link to it: hovering anywhere on the line highlights it.
    # Its name lets the graph's step-through scroll the page to the line.
    return (f'<a name="line{index}" href="line:{index}" '
            f'style="color:{color}; text-decoration:none">{text}</a>')


def math_html(text: str) -> str:
    """Escape, and write powers of e as exp(…): e^(−net₁) → exp(−net₁).

    Superscripts would be the textbook form, but Qt shrinks them until
    numbers like e^(−0.3372) are hard to read.
    """
    text = _PAREN_POWER.sub(r"exp(\1)", text)
    return html.escape(_BARE_POWER.sub(r"exp(\1)", text))


_PAREN_POWER = re.compile(r"\be\^\(((?:[^()]|\([^()]*\))*)\)")  # one level of nesting
_BARE_POWER = re.compile(r"\be\^([^\s()/+]+)")


def _line_rows(index: int, line: Line, selected: bool) -> str:
    bg = f' bgcolor="{SELECTED_BG}"' if selected else ""
    sym = _a(index, html.escape(line.symbol), KIND_COLORS.get(line.kind, "#202124"))
    rel = "←" if line.kind == "update" else "="
    shown = num(line.value, line.digits)
    value = f"<b>{html.escape(shown)}</b>"
    if line.substituted and line.substituted != shown:
        numbers = f"{math_html(line.substituted)} = {value}"
    else:
        numbers = value
    cells = (f'<td align="right" class="sym"{bg}>{sym}</td>'
             f'<td class="rel"{bg}>&nbsp;{rel}&nbsp;</td>')
    if line.formula:
        rows = (f'<tr>{cells}<td class="sym"{bg}>{_a(index, math_html(line.formula))}</td></tr>'
                f'<tr><td{bg}></td><td class="rel"{bg}>&nbsp;=&nbsp;</td>'
                f'<td class="num"{bg}>{_a(index, numbers)}</td></tr>')
    else:
        rows = f'<tr>{cells}<td class="num"{bg}>{_a(index, numbers)}</td></tr>'
    if line.comment:
        rows += (f'<tr><td{bg}></td><td{bg}></td>'
                 f'<td class="comment"{bg}>{html.escape(line.comment)}</td></tr>')
    return rows


def header_text(wt: Walkthrough) -> str:
    """What the page is about: which step, which batch, which sample."""
    points = ", ".join(f"#{int(i)}" for i in wt.batch_indices[:12])
    if wt.batch_size > 12:
        points += QCoreApplication.translate("InspectorPanel", ", … ({0} in all)").format(
            wt.batch_size)
    x = ", ".join(num(v) for v in wt.x)
    y = num(wt.y[0]) if len(wt.y) == 1 else f"({', '.join(num(v) for v in wt.y)})"
    return QCoreApplication.translate(
        "InspectorPanel", "<b>Next: training step {0}</b> ({1} steps, {2} epochs done so far). "
        "Its mini-batch: training points {3}.<br>Following sample {4} of {5} (point #{6}): "
        "x = ({7}), target y = {8}.").format(
        wt.step + 1, wt.step, wt.epoch, points, wt.sample + 1, wt.batch_size, wt.point, x, y)


def render_html(wt: Walkthrough, selected: int | None = None) -> str:
    """The whole page; lines are numbered in ``wt.lines()`` order for the links."""
    parts = [f'<p class="head">{header_text(wt)}</p>']
    index = 0
    for number, section in enumerate(wt.sections, start=1):
        parts.append(f"<h3>{number}. {html.escape(section.title)}</h3>")
        parts += [f'<p class="note">{html.escape(note)}</p>' for note in section.notes]
        parts.append('<table cellspacing="0" cellpadding="1">')
        layer = None
        for line in section.lines:
            if line.layer != layer and section.kind != "loss":
                layer = line.layer
                parts.append(f'<tr><td colspan="3" class="layer">'
                             f'{html.escape(wt.layer_titles[layer])}</td></tr>')
            parts.append(_line_rows(index, line, index == selected))
            index += 1
        parts.append("</table>")
    return "".join(parts)


class InspectorPanel(Retranslatable, QWidget):
    """Step through one forward and backward pass; see the module docstring."""

    stepApplied = Signal()  # the session changed: the window should publish a snapshot
    highlight = Signal(str, int, int)  # kind, node layer (0 = inputs), neuron (-1: whole layer)
    highlightCleared = Signal()
    explained = Signal()  # a new walkthrough is shown (another step, sample or network)
    lineClicked = Signal(int)  # the reader clicked an equation (its index in lines())

    def __init__(self, session: Session | Callable[[], Session],
                 is_running: Callable[[], bool] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspectorPanel")
        # A callable follows the window's current session across Open/Reset.
        self._session: Callable[[], Session] = (
            session if callable(session) else (lambda: session))
        self._is_running = is_running
        self._running_flag = False  # used when no is_running callable was given
        self._walkthrough: Walkthrough | None = None
        self._lines: list[Line] = []
        self._selected: int | None = None

        self.sample_spin = QSpinBox()
        self.sample_spin.setObjectName("sampleSpin")
        self.sample_spin.valueChanged.connect(self._on_sample_changed)
        self.explain_button = QPushButton()  # texts: retranslate()
        self.explain_button.setObjectName("explainButton")
        self.explain_button.clicked.connect(self.explain)
        self.apply_button = QPushButton()
        self.apply_button.setObjectName("applyStepButton")
        self.apply_button.clicked.connect(self.apply)
        self.status = QLabel()
        self.status.setObjectName("inspectorStatus")
        self.status.setWordWrap(True)
        self.browser = QTextBrowser()
        self.browser.setObjectName("inspectorText")
        self.browser.setOpenLinks(False)
        self.browser.document().setDefaultStyleSheet(STYLE)
        self.browser.anchorClicked.connect(self._on_clicked)
        self.browser.highlighted.connect(self._on_hovered)
        self.exact = QLabel()
        self.exact.setObjectName("exactValueLabel")
        self.exact.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.exact.setStyleSheet("color: #5f6368;")
        # How the batch's samples make one weight's update (the weight of the line clicked).
        self.mini_batch = MiniBatchView(self._session, self.is_running)

        # One row of controls, or two when the panel is narrow (a small window): the
        # panel can then be narrower than the row, leaving the network its room.
        self._controls = QGridLayout()
        self._controls.setContentsMargins(0, 0, 0, 0)
        self._two_rows: bool | None = None
        self._place_controls(two_rows=False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(self._controls)
        layout.addWidget(self.status)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.exact)
        layout.addWidget(self.mini_batch)
        self._shown_pause_text = ""  # PAUSE_TEXT in the language it was last shown in
        self.retranslate()
        self._update_controls()

    def retranslate(self) -> None:
        self.sample_spin.setPrefix(self.tr("sample "))
        self.sample_spin.setToolTip(self.tr("Which sample of the mini-batch the equations "
                                            "follow"))
        self.explain_button.setText(self.tr("Explain next step"))
        self.explain_button.setToolTip(self.tr("Write out the step the trainer will take next, "
                                               "for the network as it is now"))
        self.apply_button.setText(self.tr("Apply this step"))
        self.apply_button.setToolTip(self.tr("Perform exactly this update: the weights become "
                                             "the new values shown under Update"))
        if self._walkthrough is not None:
            self.sample_spin.setSuffix(self.tr(" of {0}").format(self._walkthrough.batch_size))
            # The page again, in the new language (same numbers: nothing is recomputed
            # when the session has not moved on).
            session = self._session()
            if not self.is_running() and self._walkthrough.is_current(session):
                self._show(explain_step(session, self._walkthrough.sample))
        if self.status.text() and self.status.text() != self._shown_pause_text:
            self._set_status("")  # a passing note ("Step 3 applied …") goes with its language
        self._shown_pause_text = self.tr(PAUSE_TEXT)
        self._update_controls()  # the pause note, if training runs
        if self._selected is not None and self._selected < len(self._lines):
            self._point_at(self._selected)
        else:
            self.exact.clear()

    # -- state ---------------------------------------------------------------------
    @property
    def walkthrough(self) -> Walkthrough | None:
        return self._walkthrough

    def lines(self) -> list[Line]:
        return list(self._lines)

    def is_running(self) -> bool:
        return self._is_running() if self._is_running is not None else self._running_flag

    @Slot(bool)
    def set_running(self, running: bool) -> None:
        """Training started or paused (connect ``TrainingController.runningChanged``)."""
        self._running_flag = running
        self._update_controls()
        if not running:
            self.refresh()

    def _update_controls(self) -> None:
        running = self.is_running()
        for w in (self.explain_button, self.sample_spin):
            w.setEnabled(not running)
        self.apply_button.setEnabled(not running and self._walkthrough is not None)
        self.browser.setEnabled(not running)
        if running:
            self._set_status(self.tr(PAUSE_TEXT), "warning")
        elif self.status.text() in (self.tr(PAUSE_TEXT), self._shown_pause_text):
            self._set_status("")

    def _set_status(self, text: str, kind: str = "info") -> None:
        color = {"info": "#3c4043", "warning": "#b06000", "error": "#c5221f"}[kind]
        sheet = f"color: {color};"
        if self.status.styleSheet() != sheet:  # refresh() runs on every frame while training:
            self.status.setStyleSheet(sheet)  # setting a style sheet re-polishes the label
        self.status.setText(text)
        self.status.setVisible(bool(text))

    # -- actions ------------------------------------------------------------------
    @Slot()
    def refresh(self) -> None:
        """Explain again if the session moved on (a snapshot arrived, the window paused…)."""
        self._update_controls()
        if self.is_running() or not self.isVisible():
            return
        wt = self._walkthrough
        if wt is None or not wt.is_current(self._session()):
            self.explain()

    @Slot()
    def explain(self) -> Walkthrough | None:
        """Write out the next step for the sample chosen in the spin box."""
        if self.is_running():
            self._update_controls()
            return None
        session = self._session()
        sample = max(0, self.sample_spin.value() - 1)
        try:
            batch = len(session.trainer.next_batch()[0])  # an epoch's last batch may be short
            wt = explain_step(session, min(sample, batch - 1))
        except Exception as exc:  # never let the panel take the window down
            self._set_status(self.tr("Cannot explain this step: {0}").format(exc), "error")
            return None
        self._show(wt)
        return wt

    @Slot()
    def apply(self) -> bool:
        """Perform the explained step; True if the network changed."""
        if self.is_running() or self._walkthrough is None:
            self._update_controls()
            return False
        session, wt = self._session(), self._walkthrough
        try:
            done = apply_step(session, wt)
        except StaleWalkthrough:
            self.explain()
            self._set_status(self.tr("The network changed since that explanation. Here is the "
                                     "step as it stands now; press Apply again to perform it."),
                             "warning")
            return False
        if not done:
            self._set_status(session.trainer.message
                             or self.tr("The trainer did not take the step."), "error")
            return False
        self.stepApplied.emit()
        self.explain()
        self._set_status(self.tr("Step {0} applied: every weight and bias now holds the new "
                                 "value that was shown under Update. Below: step {1}.").format(
            wt.step + 1, wt.step + 2))
        return True

    def select_line(self, index: int) -> None:
        """Select a line (as a click does): mark it and emit ``highlight``."""
        if not 0 <= index < len(self._lines):
            return
        self._selected = index
        self._render()
        self._point_at(index)
        self.mini_batch.choose_line(self._lines[index])

    def scroll_to_line(self, index: int) -> None:
        """Bring a line's equation into view (the graph's step-through points at it)."""
        if 0 <= index < len(self._lines):
            self.browser.scrollToAnchor(f"line{index}")

    # -- drawing -------------------------------------------------------------------
    def _show(self, wt: Walkthrough) -> None:
        new_step = self._walkthrough is None or self._walkthrough.step != wt.step
        self._walkthrough = wt
        self._lines = wt.lines()
        if new_step or (self._selected is not None and self._selected >= len(self._lines)):
            self._selected = None
        self.sample_spin.blockSignals(True)  # no echo: the value already is wt.sample + 1
        self.sample_spin.setRange(1, wt.batch_size)
        self.sample_spin.setSuffix(self.tr(" of {0}").format(wt.batch_size))
        self.sample_spin.setValue(wt.sample + 1)
        self.sample_spin.blockSignals(False)
        self._set_status("")
        self._render()
        self.mini_batch.show_batch(wt.sample)
        self._update_controls()
        self.explained.emit()

    def _render(self) -> None:
        if self._walkthrough is None:
            return
        bar = self.browser.verticalScrollBar()
        position = bar.value()  # keep the reader's place across samples and steps
        self.browser.setHtml(render_html(self._walkthrough, self._selected))
        bar.setValue(position)

    def _point_at(self, index: int) -> None:
        line = self._lines[index]
        self.exact.setText(self.tr("{0} = {1}  (the engine's value, full precision)").format(
            line.symbol, repr(line.value)))
        self.highlight.emit(line.kind, line.layer, line.neuron)

    # -- slots ------------------------------------------------------------------
    def _index(self, url: QUrl) -> int | None:
        text = url.toString()
        if not text.startswith("line:"):
            return None
        try:
            index = int(text[5:])
        except ValueError:
            return None
        return index if 0 <= index < len(self._lines) else None

    def _on_clicked(self, url: QUrl) -> None:
        index = self._index(url)
        if index is not None:
            self.select_line(index)
            self.lineClicked.emit(index)

    def _on_hovered(self, url: QUrl) -> None:
        index = self._index(url)
        if index is not None:
            self._point_at(index)
        elif self._selected is not None:
            self._point_at(self._selected)  # back to the selected line
        else:
            self.exact.clear()
            self.highlightCleared.emit()

    def _on_sample_changed(self, value: int) -> None:
        if not self.is_running():
            self.explain()

    def _place_controls(self, two_rows: bool) -> None:
        if two_rows == self._two_rows:
            return
        self._two_rows = two_rows
        for w in (self.sample_spin, self.explain_button, self.apply_button):
            self._controls.removeWidget(w)
        self._controls.addWidget(self.sample_spin, 0, 0)
        row, col = (1, 0) if two_rows else (0, 2)
        self._controls.addWidget(self.explain_button, row, col)
        self._controls.addWidget(self.apply_button, row, col + 1)
        for c in range(4):
            self._controls.setColumnStretch(c, 0)
        self._controls.setColumnStretch(1 if not two_rows else 2, 1)

    def _one_row_width(self) -> int:
        margins = self.layout().contentsMargins() if self.layout() else None
        extra = (margins.left() + margins.right()) if margins else 8
        spacing = 2 * max(self._controls.horizontalSpacing(), 6)
        return (self.sample_spin.sizeHint().width() + self.explain_button.sizeHint().width()
                + self.apply_button.sizeHint().width() + spacing + 3 * 6 + extra)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        margins = 8 + 6
        narrow = max(self.sample_spin.sizeHint().width(),
                     self.explain_button.sizeHint().width()
                     + self.apply_button.sizeHint().width() + 6) + margins
        return QSize(narrow, hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._place_controls(two_rows=event.size().width() < self._one_row_width())
        super().resizeEvent(event)

    def sizeHint(self) -> QSize:
        return QSize(620, 700)  # wide enough that most equations fit on their two lines

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()
