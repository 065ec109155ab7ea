"""The message banner and the status-bar texts of the main window."""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QToolButton, QWidget

from bplab.experiment.snapshot import Snapshot
from bplab.gui.i18n import Retranslatable

BANNER_STYLES = {  # kind -> (background, border, text)
    "error": ("#fdecea", "#e57373", "#8e1c1c"),
    "warning": ("#fff4e5", "#f0a040", "#7a4100"),
    "info": ("#e8f1fb", "#6ea8dc", "#0d3c6e"),
}


class MessageBanner(Retranslatable, QFrame):
    """A coloured strip above the views for errors and divergence; never modal."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBanner")
        self.text = QLabel()
        self.text.setObjectName("messageBannerText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.close_button = close = QToolButton()
        close.setObjectName("messageBannerClose")
        close.setText("✕")
        close.setAutoRaise(True)
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.text, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.kind = ""
        self.hide()
        self.retranslate()

    def retranslate(self) -> None:
        self.close_button.setToolTip(self.tr("Hide this message"))

    def show_message(self, text: str, kind: str = "error") -> None:
        bg, border, fg = BANNER_STYLES.get(kind, BANNER_STYLES["error"])
        self.kind = kind
        self.setStyleSheet(
            f"QFrame#messageBanner {{ background: {bg}; border: 1px solid {border};"
            f" border-radius: 4px; }} QLabel {{ color: {fg}; font-weight: 600; }}")
        self.text.setText(text)
        self.show()

    def message(self) -> str:
        return self.text.text() if self.isVisible() else ""


class StatusNotice(QLabel):
    """A short note in the status bar that fades after a few seconds.

    Unlike ``QStatusBar.showMessage`` it leaves the epoch, loss and accuracy
    labels visible, so training stays readable while the note shows.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusNotice")
        self.setStyleSheet("color: #0d3c6e;")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear)

    def show_notice(self, text: str, ms: int = 6000) -> None:
        self.setText(text)
        self._timer.start(ms)


def format_loss(x: float) -> str:
    if math.isnan(x):
        return "–"
    if math.isinf(x):
        return "∞"
    return f"{x:.4g}"  # 0.4401, 0.000685, 6.85e-05: four significant digits


def epoch_text(snap: Snapshot) -> str:
    # Its only number is the epoch (tests rely on it).
    return QCoreApplication.translate("status", "Epoch {0}").format(snap.epoch)


translate = QCoreApplication.translate  # lupdate finds translate("status", …) calls


def loss_text(snap: Snapshot, has_test: bool) -> str:
    test = (translate("status", "Test loss {0}").format(format_loss(snap.test_loss))
            if has_test else translate("status", "no test set"))
    return translate("status", "Train loss {0} · {1}").format(format_loss(snap.train_loss), test)


def accuracy_text(snap: Snapshot, has_test: bool) -> str:
    if snap.status == "diverged":  # outputs are NaN or infinite: any share would be chance
        return QCoreApplication.translate("status", "Accuracy – (not meaningful: training "
                                                    "diverged)")
    def pct(a: float) -> str:
        return "–" if math.isnan(a) else f"{100 * a:.1f}%"
    if has_test:
        return translate("status", "Accuracy {0} train · {1} test").format(
            pct(snap.train_accuracy), pct(snap.test_accuracy))
    return translate("status", "Accuracy {0} train").format(pct(snap.train_accuracy))


def article_mse_text(snap: Snapshot) -> str:
    """The article's printed figure, mean (y − ŷ)² on the training points ("–": none)."""
    return QCoreApplication.translate("status", "Article's MSE {0}").format(
        format_loss(snap.article_mse))


def figures_tip(snap: Snapshot) -> str:
    """What the loss and accuracy figures were measured on (the labels' tooltip)."""
    if snap.measured_now:
        return QCoreApplication.translate(
            "status", "Measured on the weights shown now. They changed since the loss curve's "
            "last point (a weight set by hand, or a pause between epochs).")
    return QCoreApplication.translate(
        "status", "Measured at the end of the latest epoch, like the loss curve's last point.")


def speed_text(steps_per_second: float, running: bool) -> str:
    if not running:
        return QCoreApplication.translate("status", "Paused")
    if steps_per_second <= 0:
        return QCoreApplication.translate("status", "Starting…")
    return QCoreApplication.translate("status", "{0} steps/s").format(f"{steps_per_second:,.0f}")


class SpeedMeter:
    """The speed label's figure while training runs, shown as soon as one exists.

    The worker measures steps per second between its snapshots, but a frame may
    come without a figure (the first of a big net's slow chunks, a frame sent
    from the GUI thread); then the last figure stands, or one measured here from
    the steps the frames show since Play.  "Starting…" only until any step is done.
    """

    def __init__(self) -> None:
        self._start: tuple[int, float] | None = None  # (step, time) when Play was pressed
        self._last = 0.0  # the newest figure, steps per second

    def started(self, step: int, now: float) -> None:
        self._start, self._last = (step, now), 0.0

    def text(self, running: bool, reported: float, step: int, now: float) -> str:
        if not running:
            self._start = None
            return speed_text(0.0, False)
        if reported > 0:
            self._last = reported
        elif self._start is not None and step > self._start[0] and now > self._start[1]:
            measured = (step - self._start[0]) / (now - self._start[1])
            self._last = self._last or measured
        return speed_text(self._last, True)


class StepProgress(Retranslatable, QWidget):
    """A Step's progress in the status bar, with Cancel; shown only if it takes a while.

    A small net's Step is over before anything could be seen, so the bar appears
    ``SHOW_AFTER_MS`` after ``begin`` (if the Step still runs) and never flashes.
    """

    SHOW_AFTER_MS = 300

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stepProgress")
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setObjectName("stepProgressBar")
        self.bar.setMaximumWidth(160)
        self.bar.setMaximumHeight(14)
        self.bar.setTextVisible(False)
        self.cancel = QToolButton()
        self.cancel.setObjectName("stepCancelButton")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.show)
        self.hide()
        self._epoch: int | None = None  # the epoch the Step is in, once begun
        self._figures = (0, 0)  # mini-batches done, of how many
        self.retranslate()

    def retranslate(self) -> None:
        self.label.setText(self.tr("Epoch {0}").format(self._epoch) if self._epoch is not None
                           else self.tr("Step"))
        self.cancel.setText(self.tr("Cancel"))
        self.cancel.setToolTip(self.tr("Stop this Step where it is; the next Step finishes "
                                       "the epoch"))
        if self._figures[1]:
            self.bar.setToolTip(self.tr("{0} of {1} mini-batches").format(*self._figures))

    def begin(self, epoch: int) -> None:
        self._epoch = epoch
        self.label.setText(self.tr("Epoch {0}").format(epoch))
        self.bar.setRange(0, 0)  # busy until the first figure
        self.cancel.setEnabled(True)
        self._timer.start(self.SHOW_AFTER_MS)

    def set_progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        self._figures = (done, total)
        self.bar.setToolTip(self.tr("{0} of {1} mini-batches").format(done, total))

    def end(self) -> None:
        self._timer.stop()
        self.hide()
