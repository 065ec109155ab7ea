"""Form sections for the output layer and the training settings."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QSpinBox,
    QWidget,
)

from bplab.engine import (
    ACTIVATIONS,
    INITIALIZERS,
    LOSSES,
    OPTIMIZERS,
    REGULARIZERS,
    valid_losses,
)
from bplab.engine.losses import REDUCTIONS
from bplab.experiment import Experiment
from bplab.experiment.adapt import allowed_outputs, fit_output_to_data, task_of, train_size
from bplab.gui.form_widgets import ErrorLabel, LearningRateCombo, SciSpinBox, seed_spin
from bplab.gui.i18n import QT_TRANSLATE_NOOP, Retranslatable
from bplab.gui.names import shown

MAX_REGULARIZATION_RATE = 10.0

# What each optimizer hyper-parameter is called in the form (translated where shown).
PARAM_LABELS = {
    "momentum": QT_TRANSLATE_NOOP("TrainingSection", "momentum"),
    "rho": QT_TRANSLATE_NOOP("TrainingSection", "rho"),
    "beta1": QT_TRANSLATE_NOOP("TrainingSection", "beta1"),
    "beta2": QT_TRANSLATE_NOOP("TrainingSection", "beta2"),
    "eps": QT_TRANSLATE_NOOP("TrainingSection", "eps"),
}
# Range of each optimizer hyper-parameter (all lie in [0, 1)).
PARAM_RANGES: dict[str, tuple[float, float]] = {
    "momentum": (0.0, 0.9999), "rho": (0.0, 0.9999), "beta1": (0.0, 0.9999),
    "beta2": (0.0, 0.99999), "eps": (1e-12, 1.0),
}


def _combo(object_name: str, items: list[tuple[str, str]], tooltip: str = "") -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(object_name)
    for name, label in items:
        combo.addItem(shown(label), name)
    combo.setToolTip(tooltip)
    return combo


def _relabel(combo: QComboBox, labels: dict[str, str]) -> None:
    """Each item's text again, in the current language (``labels``: key -> English label)."""
    for index in range(combo.count()):
        key = combo.itemData(index)
        if key in labels:
            combo.setItemText(index, shown(labels[key]))


def _select(combo: QComboBox, key: str) -> None:
    combo.blockSignals(True)
    combo.setCurrentIndex(max(0, combo.findData(key)))
    combo.blockSignals(False)


class OutputSection(Retranslatable, QGroupBox):
    """Output activation, loss (only pairs the engine accepts) and reduction."""

    edited = Signal(bool)  # needs_rebuild

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)  # texts: retranslate()
        self._exp = Experiment()
        self.activation = _combo("outputActivationCombo", [])
        self.loss = _combo("lossCombo", [])
        self.reduction = _combo("reductionCombo", [(r, "") for r in REDUCTIONS])
        self.note = QLabel()
        self.note.setObjectName("outputNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #666; font-size: 11px;")
        form = self._form = QFormLayout(self)
        form.addRow(QLabel(), self.activation)
        form.addRow(self.note)
        form.addRow(QLabel(), self.loss)
        form.addRow(QLabel(), self.reduction)
        self.activation.currentIndexChanged.connect(self._on_activation)
        self.loss.currentIndexChanged.connect(self._on_loss)
        self.reduction.currentIndexChanged.connect(self._on_reduction)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Output and loss"))
        self.activation.setToolTip(self.tr("Activation of the output layer"))
        self.loss.setToolTip(self.tr("Loss L to minimise; only losses that fit the output "
                                     "activation are offered"))
        self.reduction.setToolTip(self.tr("How per-sample losses are combined"))
        for index, key in enumerate(REDUCTIONS):
            self.reduction.setItemText(index, self.tr("Mean over the batch") if key == "mean"
                                       else self.tr("Sum over the batch"))
        for field, text in ((self.activation, self.tr("Activation")),
                            (self.loss, self.tr("Loss")), (self.reduction, self.tr("Reduction"))):
            self._form.labelForField(field).setText(text)
        _relabel(self.activation, {k: a.label for k, a in ACTIVATIONS.items()})
        _relabel(self.loss, {k: loss.label for k, loss in LOSSES.items()})
        self._set_note()

    def _set_note(self) -> None:
        task, n_classes = task_of(self._exp)
        self.note.setText(self.tr("%n classes need a softmax output with one neuron per class.",
                                  "", n_classes)
                          if allowed_outputs(task, n_classes) == ["softmax"] else "")
        self.note.setVisible(bool(self.note.text()))

    def fill(self, exp: Experiment) -> None:
        self._exp = exp
        task, n_classes = task_of(exp)
        allowed = allowed_outputs(task, n_classes)
        self.activation.blockSignals(True)
        self.activation.clear()
        for a in allowed:
            self.activation.addItem(shown(ACTIVATIONS[a].label), a)
        self.activation.blockSignals(False)
        _select(self.activation, exp.architecture.output_activation)
        self.activation.setEnabled(len(allowed) > 1)
        self._set_note()
        self._fill_losses()
        _select(self.reduction, exp.training.reduction)

    def _fill_losses(self) -> None:
        self.loss.blockSignals(True)
        self.loss.clear()
        for name in valid_losses(self._exp.architecture.output_activation):
            self.loss.addItem(shown(LOSSES[name].label), name)
        self.loss.blockSignals(False)
        _select(self.loss, self._exp.training.loss)

    def _on_activation(self, _index: int) -> None:
        self._exp.architecture.output_activation = self.activation.currentData()
        fit_output_to_data(self._exp)  # the loss list is refilled with valid losses
        self._fill_losses()
        self.edited.emit(True)

    def _on_loss(self, _index: int) -> None:
        self._exp.training.loss = self.loss.currentData()
        self.edited.emit(True)

    def _on_reduction(self, _index: int) -> None:
        self._exp.training.reduction = self.reduction.currentData()
        self.edited.emit(False)


class TrainingSection(Retranslatable, QGroupBox):
    """Optimizer and its hyper-parameters, learning rate, batch, regularization, weights."""

    edited = Signal(bool)  # needs_rebuild

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)  # texts: retranslate()
        self._exp = Experiment()
        self.optimizer = _combo("optimizerCombo", [(n, c.label) for n, c in OPTIMIZERS.items()])
        self.learning_rate = LearningRateCombo()
        self.lr_error = ErrorLabel("learningRateError")
        self.batch = QSpinBox()
        self.batch.setObjectName("batchSizeSpin")
        self.batch.setKeyboardTracking(False)
        self.regularization = _combo("regularizationCombo", list(REGULARIZERS.items()))
        self.reg_rate = QDoubleSpinBox()
        self.reg_rate.setObjectName("regularizationRateSpin")
        self.reg_rate.setRange(0.0, MAX_REGULARIZATION_RATE)
        self.reg_rate.setDecimals(4)
        self.reg_rate.setSingleStep(0.001)
        self.reg_rate.setKeyboardTracking(False)
        self.initializer = _combo("initializerCombo",
                                  [(n, label) for n, (label, _fn) in INITIALIZERS.items()])
        self.weight_seed = seed_spin("weightSeedSpin", "")
        self.param_spins: dict[str, QDoubleSpinBox] = {}

        self.form = QFormLayout(self)
        self.form.addRow(QLabel(), self.optimizer)
        self._params_row = self.form.rowCount()  # hyper-parameter rows go here
        self.form.addRow(QLabel(), self.learning_rate)
        self.form.addRow(self.lr_error)
        self.form.addRow(QLabel(), self.batch)
        self.form.addRow(QLabel(), self.regularization)
        self.form.addRow(QLabel(), self.reg_rate)
        self.form.addRow(QLabel(), self.initializer)
        self.form.addRow(QLabel(), self.weight_seed)

        self.optimizer.currentIndexChanged.connect(self._on_optimizer)
        self.learning_rate.committed.connect(self._on_learning_rate)
        self.learning_rate.refused.connect(self.lr_error.show_error)
        self.batch.valueChanged.connect(lambda v: self._set("batch_size", int(v), False))
        self.regularization.currentIndexChanged.connect(self._on_regularization)
        self.reg_rate.valueChanged.connect(
            lambda v: self._set("regularization_rate", float(v), False))
        self.initializer.currentIndexChanged.connect(
            lambda _i: self._set("initializer", self.initializer.currentData(), True))
        self.weight_seed.valueChanged.connect(lambda v: self._set("seed", int(v), True))
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Training"))
        self.optimizer.setToolTip(self.tr("How gradients update the weights (applies without "
                                          "a reset)"))
        self.regularization.setToolTip(self.tr("Penalty on the weights (never the biases)"))
        self.reg_rate.setToolTip(self.tr("Regularization rate λ (0 to {0})").format(
            f"{MAX_REGULARIZATION_RATE:g}"))
        self.initializer.setToolTip(self.tr("How the first weights are drawn"))
        self.weight_seed.setToolTip(self.tr("Seed of the first weights and of the mini-batch "
                                            "order"))
        for field, text in ((self.optimizer, self.tr("Optimizer")),
                            (self.learning_rate, self.tr("Learning rate")),
                            (self.batch, self.tr("Batch size")),
                            (self.regularization, self.tr("Regularization")),
                            (self.reg_rate, self.tr("Reg. rate")),
                            (self.initializer, self.tr("Initializer")),
                            (self.weight_seed, self.tr("Weight seed"))):
            self.form.labelForField(field).setText(text)
        _relabel(self.optimizer, {n: c.label for n, c in OPTIMIZERS.items()})
        _relabel(self.regularization, dict(REGULARIZERS))
        _relabel(self.initializer, {n: label for n, (label, _fn) in INITIALIZERS.items()})
        self.sync_batch_range()  # its tooltip
        self._make_param_spins()  # theirs

    def fill(self, exp: Experiment) -> None:
        self._exp = exp
        tr = exp.training
        _select(self.optimizer, tr.optimizer)
        self._make_param_spins()
        self.learning_rate.set_value(tr.learning_rate)
        self.sync_batch_range()
        _select(self.regularization, tr.regularization)
        for spin, value in ((self.reg_rate, tr.regularization_rate), (self.weight_seed, tr.seed)):
            spin.blockSignals(True)
            spin.setValue(value)
            spin.blockSignals(False)
        self.reg_rate.setEnabled(tr.regularization != "none")
        _select(self.initializer, tr.initializer)

    def sync_batch_range(self) -> None:
        """Batch size goes from 1 to the training-set size; clamps the experiment's value."""
        n = train_size(self._exp)
        tr = self._exp.training
        tr.batch_size = max(1, min(tr.batch_size, n))
        self.batch.blockSignals(True)
        self.batch.setRange(1, n)
        self.batch.setValue(tr.batch_size)
        self.batch.blockSignals(False)
        self.batch.setToolTip(self.tr("Points per gradient step (1 to {0}, the training-set "
                                      "size)").format(n))

    def _make_param_spins(self) -> None:
        for _ in self.param_spins:
            self.form.removeRow(self._params_row)
        self.param_spins = {}
        tr = self._exp.training
        cls = OPTIMIZERS[tr.optimizer]
        for k, (key, default) in enumerate(cls.defaults.items()):
            lo, hi = PARAM_RANGES.get(key, (0.0, 1e6))
            spin = SciSpinBox(lo, hi) if key == "eps" else QDoubleSpinBox()
            if key != "eps":
                spin.setRange(lo, hi)
                spin.setDecimals(4 if hi < 0.9999 + 1e-9 else 5)
                spin.setSingleStep(0.01)
                spin.setKeyboardTracking(False)
            spin.setObjectName(f"optimizerParam_{key}")
            spin.setValue(tr.optimizer_params.get(key, default))
            label = self.tr(PARAM_LABELS.get(key, key))
            spin.setToolTip(self.tr("{0}: {1} ({2} to {3}; default {4})").format(
                shown(cls.label), label, f"{lo:g}", f"{hi:g}", f"{default:g}"))
            spin.valueChanged.connect(lambda v, key=key: self._on_param(key, float(v)))
            self.form.insertRow(self._params_row + k, f"  {label}", spin)
            self.param_spins[key] = spin

    def _on_optimizer(self, _index: int) -> None:
        self._exp.training.optimizer = self.optimizer.currentData()
        self._exp.training.optimizer_params = {}  # the new optimizer's defaults
        self._make_param_spins()
        self.edited.emit(False)

    def _on_param(self, key: str, value: float) -> None:
        self._exp.training.optimizer_params[key] = value
        self.edited.emit(False)

    def _on_learning_rate(self, value: float) -> None:
        self._exp.training.learning_rate = value
        self.edited.emit(False)

    def _on_regularization(self, _index: int) -> None:
        self._exp.training.regularization = self.regularization.currentData()
        self.reg_rate.setEnabled(self._exp.training.regularization != "none")
        self.edited.emit(False)

    def _set(self, attr: str, value: object, rebuild: bool) -> None:
        setattr(self._exp.training, attr, value)
        self.edited.emit(rebuild)
