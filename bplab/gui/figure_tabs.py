"""The figures under the boundary view: the loss (with accuracy or R² under it, on demand),
the confusion matrices, and the hidden space, as tabs.

Only the page shown is computed: ``wants_metrics`` and ``hidden_request`` say
what the worker should add to its snapshots (``bplab.experiment.view_requests``),
and ``requestChanged`` tells the window when that changes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QSplitter, QTabWidget, QWidget

from bplab.experiment import Session
from bplab.experiment.scores import ScoreCurve
from bplab.experiment.snapshot import Snapshot
from bplab.experiment.view_requests import HiddenRequest
from bplab.gui.i18n import Retranslatable
from bplab.gui.views.confusion_view import ConfusionMatrixView
from bplab.gui.views.hidden_space_view import HiddenSpaceView
from bplab.gui.views.loss_plot import LossPlot
from bplab.gui.views.score_plot import ScorePlot


class FigureTabs(Retranslatable, QTabWidget):
    requestChanged = Signal()  # the page shown, or what it shows, changed

    def __init__(self, loss_plot: LossPlot, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("figureTabs")
        self.setDocumentMode(True)
        self.loss_plot = loss_plot
        self.score_plot = ScorePlot()
        self.score_plot.link_x(loss_plot.plot_item())
        self.score_plot.hide()
        self.loss_page = QSplitter(Qt.Orientation.Vertical)
        self.loss_page.setObjectName("lossPage")
        self.loss_page.setChildrenCollapsible(False)
        self.loss_page.addWidget(loss_plot)
        self.loss_page.addWidget(self.score_plot)
        self.loss_page.setStretchFactor(0, 3)
        self.loss_page.setStretchFactor(1, 2)
        self.confusion = ConfusionMatrixView()
        self.hidden_space = HiddenSpaceView()
        self.addTab(self.loss_page, "")
        self.addTab(self.confusion, "")
        self.addTab(self.hidden_space, "")
        self.show_score = QCheckBox()
        self.show_score.setObjectName("showScoreCheck")
        self.show_score.toggled.connect(self.score_plot.setVisible)
        self.setCornerWidget(self.show_score, Qt.Corner.TopRightCorner)
        self.currentChanged.connect(self._on_page)
        self.hidden_space.requestChanged.connect(self.requestChanged)
        self._task = "classification"
        self.retranslate()

    def retranslate(self) -> None:
        self.setTabText(0, self.tr("Loss"))
        self.setTabText(2, self.tr("Hidden space"))
        self.setTabToolTip(0, self.tr("Train and test loss over the epochs"))
        self.setTabToolTip(2, self.tr(
            "The training points as a hidden layer sees them, with the input plane's grid "
            "bent by the layers below"))
        self._task_texts()

    def _set_task(self, task: str) -> None:
        if task == self._task:
            return
        self._task = task
        self._task_texts()

    def _task_texts(self) -> None:
        """The texts that depend on the task: accuracy or R², confusion matrix or R²."""
        regression = self._task == "regression"
        self.show_score.setText(self.tr("R²") if regression else self.tr("Accuracy"))
        self.show_score.setToolTip(
            self.tr("Plot R² over the epochs under the loss") if regression
            else self.tr("Plot the accuracy over the epochs under the loss"))
        self.setTabText(1, self.tr("R² and RMSE") if regression else self.tr("Confusion matrix"))
        self.setTabToolTip(1, self.tr("R² and RMSE of the training and test points")
                           if regression else self.tr(
                               "How many points of each class the network puts in each "
                               "class, for the training and the test points"))

    def _on_page(self, _index: int) -> None:
        self.show_score.setVisible(self.currentWidget() is self.loss_page)
        self.requestChanged.emit()

    # -- the window's side ----------------------------------------------------------------
    def install(self, session: Session) -> None:
        """A new session: score its data, forget the old figures, offer its hidden layers."""
        ds = session.dataset
        self._set_task(ds.task)
        self.score_plot.set_curve(ScoreCurve.of(session))
        self.confusion.set_metrics(None)
        self.hidden_space.set_network(session.network.sizes, session.network.activation_names,
                                      ds.task)

    def show_snapshot(self, snap: Snapshot) -> None:
        self.score_plot.replace_from(snap.history_start, snap.history)
        if snap.metrics is not None:
            self.confusion.set_metrics(snap.metrics)
        if snap.hidden_space is not None:
            self.hidden_space.update_space(snap.hidden_space)

    def wants_metrics(self) -> bool:
        return self.currentWidget() is self.confusion

    def hidden_request(self) -> HiddenRequest | None:
        if self.currentWidget() is not self.hidden_space:
            return None
        return self.hidden_space.request()

    def show_page(self, name: str) -> None:
        """'loss', 'confusion' or 'hidden'."""
        page = {"loss": self.loss_page, "confusion": self.confusion,
                "hidden": self.hidden_space}[name]
        self.setCurrentWidget(page)
