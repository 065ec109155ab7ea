"""Drawing data by hand on the boundary view (Edit ▸ Draw data, ``actionDrawData``).

In draw mode a click on the plane adds a point of the class chosen beside the
view (for regression: of the value chosen), a drag sprays points around the
pen, a right-click removes the nearest point (a right-drag, or a drag in Erase
mode, removes the points it passes over) and Clear empties the set.  Each
stroke, from press to release, is one change on the window's undo stack.

While a stroke is drawn only the points are redrawn; on release the new points
become the experiment's data (``bplab.experiment.drawn``, which also says how
each point joins the training or the test set).  If the network's size and
output stay the same the weights are kept and training goes on where it was,
on the new points; a class added or removed changes the output layer, and the
network starts over.  A teacher can draw while the network trains: each stroke
pauses training for the change (a few milliseconds) and resumes it.

An empty drawing cannot be trained on: Play waits for a point, and the
experiment keeps its last points until then.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QMouseEvent, QPainter, QPixmap, QUndoCommand
from PySide6.QtWidgets import (
    QButtonGroup,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QWidget,
)

from bplab.data.dataset import MAX_CLASSES
from bplab.experiment import Experiment
from bplab.experiment.drawn import DrawnPoints, experiment_with_points, session_for_data
from bplab.gui.i18n import Retranslatable
from bplab.gui.views.colors import CLASS_COLORS, DIVERGING_LUT, class_color, lut_index

if TYPE_CHECKING:
    from bplab.gui.main_window import MainWindow
    from bplab.gui.views.boundary_view import BoundaryView

SPRAY_STEP_PX = 6.0  # a drag adds a point each time the pen moves this far
SPRAY_RADIUS_PX = 10.0  # sprayed points land within this distance of the pen
REMOVE_RADIUS_PX = 14.0  # a right-click removes the nearest point within this distance
ERASE_RADIUS_PX = 10.0  # an erasing drag removes the points this close to the pen
SWATCH = 18  # px of a class button's colour disc
CLASSES_PER_ROW = 5  # more classes take a second row, so the panel fits a small window


def swatch_icon(color: str, text: str = "") -> QIcon:
    """A disc of ``color``, with ``text`` (a class number) in white on it."""
    pixmap = QPixmap(SWATCH, SWATCH)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor("white"))
    painter.setBrush(QColor(color))
    painter.drawEllipse(QRectF(1, 1, SWATCH - 2, SWATCH - 2))
    if text:
        font = painter.font()
        font.setPixelSize(SWATCH - 7)
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(QRectF(0, 0, SWATCH, SWATCH), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return QIcon(pixmap)


def draw_icon() -> QIcon:
    """Three dots of the first class colours: what draw mode puts on the plane."""
    pixmap = QPixmap(24, 24)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor("white"))
    for (x, y), color in zip(((3, 12), (11, 3), (12, 13)), CLASS_COLORS[:3], strict=True):
        painter.setBrush(QColor(color))
        painter.drawEllipse(QRectF(x, y, 9, 9))
    painter.end()
    return QIcon(pixmap)


class DrawPanel(Retranslatable, QWidget):
    """The row above the boundary view in draw mode: class (or value), Erase and Clear."""

    clearRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("drawPanel")
        self._classes = QButtonGroup(self)
        self._classes.setExclusive(True)
        self._buttons: list[QToolButton] = []
        self._class_grid = QGridLayout()
        self._class_grid.setContentsMargins(0, 0, 0, 0)
        self._class_grid.setSpacing(1)
        for k in range(MAX_CLASSES):
            button = QToolButton()
            button.setObjectName(f"drawClass{k}")
            button.setCheckable(True)
            button.setAutoRaise(True)
            button.setIcon(swatch_icon(class_color(k), str(k)))
            button.setIconSize(QSize(SWATCH, SWATCH))
            button.setText(str(k))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
            self._classes.addButton(button, k)
            self._class_grid.addWidget(button, k // CLASSES_PER_ROW, k % CLASSES_PER_ROW)
            self._buttons.append(button)
        self._buttons[0].setChecked(True)
        self.value_label = QLabel()
        self.value = QDoubleSpinBox()
        self.value.setObjectName("drawValueSpin")
        self.value.setDecimals(3)
        self.value.setRange(-1e6, 1e6)
        self.value.setSingleStep(0.1)
        self.value.setMaximumWidth(90)
        self.value_swatch = QLabel()
        self.value.valueChanged.connect(self._update_value_swatch)
        self.erase = QToolButton()
        self.erase.setObjectName("drawEraseButton")
        self.erase.setCheckable(True)
        self.clear = QToolButton()
        self.clear.setObjectName("drawClearButton")
        self.clear.clicked.connect(self.clearRequested)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 2, 6, 2)
        row.setSpacing(4)
        row.addLayout(self._class_grid)
        row.addWidget(self.value_label)
        row.addWidget(self.value)
        row.addWidget(self.value_swatch)
        row.addStretch(1)
        row.addWidget(self.erase)
        row.addWidget(self.clear)
        self._task = "classification"
        self._n_classes = 2
        self._value_range = (-1.0, 1.0)
        self.set_task("classification", 2)
        self.retranslate()

    def retranslate(self) -> None:
        self.value_label.setText(self.tr("Value"))
        self.value.setToolTip(self.tr("The target value of the points you draw"))
        self.erase.setText(self.tr("Erase"))
        self.erase.setToolTip(self.tr("Remove points: click or drag over them (a right-click "
                                      "removes the nearest point in any mode)"))
        self.clear.setText(self.tr("Clear"))
        self.clear.setToolTip(self.tr("Remove every point (Undo brings them back)"))
        self.setToolTip(self.tr("Click: add a point · drag: spray points · right-click: "
                                "remove the nearest point"))
        self._class_tips()

    def _class_tips(self) -> None:
        for k, button in enumerate(self._buttons):
            button.setToolTip(self.tr("Draw points of class {0}").format(k)
                              if k < self._n_classes
                              else self.tr("Draw points of a new class, {0}").format(k))

    def set_task(self, task: str, n_classes: int,
                 value_range: tuple[float, float] = (-1.0, 1.0)) -> None:
        """Offer the data's classes and one more (a new class), or a value for regression."""
        self._task = task
        self._n_classes = n_classes
        classification = task == "classification"
        offered = min(MAX_CLASSES, n_classes + 1) if classification else 0
        for k, button in enumerate(self._buttons):
            button.setVisible(k < offered)
        self._class_tips()
        if classification and self._classes.checkedId() >= offered:
            self._buttons[offered - 1].setChecked(True)
        for w in (self.value_label, self.value, self.value_swatch):
            w.setVisible(not classification)
        self._value_range = value_range
        self._update_value_swatch()

    def set_class(self, k: int) -> None:
        self._buttons[k].setChecked(True)

    def current_class(self) -> int:
        return max(0, self._classes.checkedId())

    def current_label(self) -> float | int:
        """What the next point gets: the chosen class, or value for regression."""
        return self.value.value() if self._task == "regression" else self.current_class()

    def _update_value_swatch(self, *_args: object) -> None:
        row = int(lut_index(np.array([self.value.value()]), *self._value_range)[0])
        r, g, b = DIVERGING_LUT[row, :3].tolist()
        self.value_swatch.setPixmap(swatch_icon(QColor(r, g, b).name()).pixmap(SWATCH, SWATCH))

    def erasing(self) -> bool:
        return self.erase.isChecked()


class DrawEdit(QUndoCommand):
    """One stroke (or Clear): the experiment's data before and after it."""

    def __init__(self, drawing: DataDrawing, before: Experiment, after: Experiment,
                 text: str) -> None:
        super().__init__(text)
        self._drawing, self._before, self._after = drawing, before, after

    def redo(self) -> None:
        self._drawing.apply(self._after)

    def undo(self) -> None:
        self._drawing.apply(self._before)


class DataDrawing(QObject):
    """Draw mode of one window: the action, the panel, the mouse, and applying the points."""

    def __init__(self, window: MainWindow, view: BoundaryView) -> None:
        super().__init__(window)
        self._window = window
        self._view = view
        self.panel = DrawPanel()
        self.panel.hide()
        self.panel.clearRequested.connect(self.clear)
        self.action = QAction(draw_icon(), "", window)
        self.action.setObjectName("actionDrawData")
        self.action.setCheckable(True)
        self.action.setShortcut("Ctrl+D")
        self.retranslate()
        self.action.toggled.connect(self._on_toggled)
        window.addAction(self.action)
        self._viewport = view.plot_widget().viewport()
        self._viewport.installEventFilter(self)
        self._empty: Experiment | None = None  # the spec of an empty drawing, while shown
        # The stroke being drawn: the set it started from, the set now, the pen's last
        # spray position (view units) and the button that draws it.
        self._start: DrawnPoints | None = None
        self._stroke: DrawnPoints | None = None
        self._last: QPointF | None = None
        self._removing = False
        self._strokes = 0  # seeds each stroke's spray, so a stroke is reproducible
        # The batch size asked for: the form clips it to a small training set (after Clear,
        # say), and it comes back as the drawing grows.
        self._wanted_batch: int | None = None

    def retranslate(self) -> None:
        """The action's texts (a QObject gets no LanguageChange: the window calls this)."""
        self.action.setText(self.tr("Draw data"))
        self.action.setToolTip(self.tr(
            "Draw your own points on the boundary view: click to add, drag to spray, "
            "right-click to remove (Ctrl+D)"))

    # -- state ---------------------------------------------------------------------------
    def is_on(self) -> bool:
        return self.action.isChecked()

    def is_empty(self) -> bool:
        """Whether the drawing has no point (Clear): nothing to train on or save."""
        return self._empty is not None

    def refuse_empty(self) -> bool:
        """Say why an empty drawing cannot train or be saved; True if it is empty."""
        if self._empty is not None:
            self._window.show_message(self.tr(
                "The drawing has no points: click on the plane to add some, or Undo."), "info")
        return self._empty is not None

    def current(self) -> tuple[Experiment, DrawnPoints]:
        """The data spec in force and its points as a drawn set."""
        exp = self._empty if self._empty is not None else self._window.form.experiment()
        drawn = DrawnPoints.of_experiment(exp)
        if drawn is None:
            drawn = DrawnPoints.of_session(self._window.session)
        return exp, drawn

    def on_install(self) -> None:
        """A session was installed: draw mode needs a 2-D plane; the panel follows the data."""
        session = self._window.session
        can_draw = session.plane is not None
        self.action.setEnabled(can_draw)
        if not can_draw and self.action.isChecked():
            self.action.setChecked(False)
        self._empty = None  # data was installed: the drawing is not empty (any more)
        ds = session.dataset
        y = session.dataset.y.astype(float)
        value_range = (float(y.min()), float(y.max())) if len(y) else (-1.0, 1.0)
        self.panel.set_task(ds.task, ds.n_classes, value_range)

    # -- mode ------------------------------------------------------------------------------
    def _on_toggled(self, on: bool) -> None:
        self.panel.setVisible(on)
        self._view.plot_widget().setCursor(Qt.CursorShape.CrossCursor if on
                                           else Qt.CursorShape.ArrowCursor)
        if self._stroke is not None:  # a stroke cut short: its points were never applied
            self._start = self._stroke = None
            s = self._window.session
            if self._empty is None and s.plane is not None:
                self._view.set_points(s.train_set.x, s.train_set.y, s.test_set.x,
                                      s.test_set.y)

    # -- the mouse ---------------------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is not self._viewport or not self.action.isChecked():
            return False
        kind = event.type()
        # A quick second click comes as a double-click: it is a second point, not a zoom.
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            return self._press(event)
        if kind == QEvent.Type.MouseMove and self._stroke is not None:
            self._move(event)
            return True
        if kind == QEvent.Type.MouseButtonRelease and self._stroke is not None:
            self._release()
            return True
        return False

    def _to_plane(self, event: QMouseEvent) -> QPointF | None:
        """The event's position in data units, if it is on the plane."""
        widget = self._view.plot_widget()
        scene = widget.mapToScene(event.position().toPoint())
        vb = self._view.plot_item().vb
        if not vb.sceneBoundingRect().contains(scene):
            return None
        p = vb.mapSceneToView(scene)
        plane = self._window.session.plane
        if plane is None or not (plane.xmin <= p.x() <= plane.xmax
                                 and plane.ymin <= p.y() <= plane.ymax):
            return None
        return p

    def _pixel(self) -> tuple[float, float]:
        """Data units per pixel along x and y."""
        px = self._view.plot_item().vb.viewPixelSize()
        return (float(px[0]) or 1.0, float(px[1]) or 1.0)

    def _press(self, event: QMouseEvent) -> bool:
        button = event.button()
        if button not in (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton):
            return False
        p = self._to_plane(event)
        if p is None:
            return True  # off the plane: nothing to draw, and no panning in draw mode
        _exp, drawn = self.current()
        self._start = self._stroke = drawn
        self._strokes += 1
        self._rng = np.random.default_rng(self._strokes)
        self._removing = button == Qt.MouseButton.RightButton or self.panel.erasing()
        self._last = p
        if self._removing:
            self._remove_near(p, nearest=True)
        else:
            self._add_at([(p.x(), p.y())])
        return True

    def _move(self, event: QMouseEvent) -> None:
        p = self._to_plane(event)
        if p is None:
            return
        if self._removing:
            self._remove_near(p, nearest=False)
            return
        sx, sy = self._pixel()
        last = self._last
        assert last is not None
        if math.hypot((p.x() - last.x()) / sx, (p.y() - last.y()) / sy) < SPRAY_STEP_PX:
            return
        self._last = p
        angle = self._rng.uniform(0, 2 * math.pi)
        r = SPRAY_RADIUS_PX * math.sqrt(self._rng.uniform())  # even over the disc
        plane = self._window.session.plane
        x = min(max(p.x() + r * math.cos(angle) * sx, plane.xmin), plane.xmax)
        y = min(max(p.y() + r * math.sin(angle) * sy, plane.ymin), plane.ymax)
        self._add_at([(x, y)])

    def _add_at(self, points: list[tuple[float, float]]) -> None:
        exp, _ = self.current()
        assert self._stroke is not None
        label = self.panel.current_label()
        self._stroke = self._stroke.added(np.array(points), [label] * len(points),
                                          exp.data.train_fraction)
        self._preview()

    def _remove_near(self, p: QPointF, nearest: bool) -> None:
        stroke = self._stroke
        assert stroke is not None
        sx, sy = self._pixel()
        if nearest:
            i = stroke.nearest((p.x(), p.y()), (sx, sy), REMOVE_RADIUS_PX)
            gone = [] if i is None else [i]
        else:
            d = np.hypot((stroke.x[:, 0] - p.x()) / sx, (stroke.x[:, 1] - p.y()) / sy)
            gone = np.flatnonzero(d <= ERASE_RADIUS_PX).tolist()
        if gone:
            self._stroke = stroke.without(gone)
            self._preview()

    def _preview(self) -> None:
        s = self._stroke
        assert s is not None
        self._view.set_points(s.x[s.is_train], s.y[s.is_train], s.x[~s.is_train],
                              s.y[~s.is_train])

    def _release(self) -> None:
        start, stroke = self._start, self._stroke
        self._start = self._stroke = self._last = None
        if start is None or stroke is None or stroke is start:
            return
        if len(stroke) > len(start):
            text = self.tr("Draw %n point(s)", "", len(stroke) - len(start))
        else:
            text = self.tr("Remove %n point(s)", "", len(start) - len(stroke))
        self.commit(stroke, text)

    # -- changes -----------------------------------------------------------------------------
    def commit(self, drawn: DrawnPoints, text: str) -> None:
        """Make ``drawn`` the experiment's data, as one step on the undo stack."""
        before, old = self.current()
        after = experiment_with_points(before, drawn)
        after.training.batch_size = self._batch_size(before, old)
        self._window.undo_stack.push(DrawEdit(self, before, after, text))

    def _batch_size(self, before: Experiment, drawn: DrawnPoints) -> int:
        """The batch size for the next data: the one asked for, unless the user set another
        (a batch the size of the whole training set was clipped to it, not chosen)."""
        batch = before.training.batch_size
        clipped = batch >= int(drawn.is_train.sum())
        if self._wanted_batch is None or not clipped or batch > self._wanted_batch:
            self._wanted_batch = batch
        return max(batch, self._wanted_batch)

    def clear(self) -> None:
        """Remove every point (one undoable step)."""
        _exp, drawn = self.current()
        if len(drawn):
            self.commit(drawn.cleared(), self.tr("Clear the points"))

    def add_points(self, points: list[tuple[float, float]], label: float | int) -> None:
        """Add points of ``label`` as one step, as a click or a spray does (for scripts)."""
        exp, drawn = self.current()
        self.commit(drawn.added(np.array(points, float), [label] * len(points),
                                exp.data.train_fraction),
                    self.tr("Draw %n point(s)", "", len(points)))

    def apply(self, exp: Experiment) -> bool:
        """Install ``exp``'s data (undo and redo come here): keep the weights when the network
        fits the new data, pause training for the change and resume it.  An empty drawing
        is shown but not trained on."""
        from bplab.gui.worker import TrainingBusy

        w = self._window
        drawn = DrawnPoints.of_experiment(exp)
        if drawn is not None and not len(drawn):
            if not w.controller.pause():
                w._refuse_busy(TrainingBusy(w.controller.pause_timeout_ms / 1000))
                return False
            self._empty = exp
            w.form.set_experiment(exp)
            w._form_state = w.form.experiment()
            self._view.set_points(drawn.x, drawn.y, drawn.x, drawn.y)
            w.show_message(self.tr("No points: click on the plane to add some (Undo brings "
                                   "the old ones back)."), "info")
            w.setWindowModified(True)
            return True
        try:
            with w.controller.paused():
                session, kept = session_for_data(w.session, exp, plane=w.session.plane)
                w.form.set_experiment(exp)
                w._form_state = w.form.experiment()
                w._install(session, same_network=kept)
        except TrainingBusy as exc:
            w._refuse_busy(exc)
            return False
        except ValueError as exc:
            w.show_message(self.tr("These points cannot be trained on: {0}").format(exc),
                           "error")
            return False
        w.setWindowModified(True)
        if not kept:
            w.status_notice.show_notice(self.tr(
                "Network rebuilt for the new output: training restarts from epoch 0"))
        self._say_missing(drawn)
        return True

    def _say_missing(self, drawn: DrawnPoints | None) -> None:
        if drawn is None or drawn.task != "classification":
            return
        missing = drawn.missing_classes()
        present = [k for k in range(drawn.n_classes) if k not in missing]
        if len(present) == 1:
            self._window.show_message(self.tr(
                "Only class {0} has points: draw points of another class too, or the "
                "network has nothing to tell apart.").format(present[0]), "warning")
        elif missing:
            names = ", ".join(str(k) for k in missing)
            self._window.show_message(self.tr(
                "Class {0} has no points: the network keeps an output for it that no point "
                "teaches. Draw some, or remove the points of the classes above it.").format(
                names), "warning")
