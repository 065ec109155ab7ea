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
from bplab.experiment.adapt import allowed_outputs, fit_output_to_data, task_of
from bplab.gui.form_data import train_size
from bplab.gui.form_widgets import ErrorLabel, LearningRateCombo, SciSpinBox, seed_spin

MAX_REGULARIZATION_RATE = 10.0

# Range of each optimizer hyper-parameter (all lie in [0, 1)).
PARAM_RANGES: dict[str, tuple[float, float]] = {
    "momentum": (0.0, 0.9999), "rho": (0.0, 0.9999), "beta1": (0.0, 0.9999),
    "beta2": (0.0, 0.99999), "eps": (1e-12, 1.0),
}


def _combo(object_name: str, items: list[tuple[str, str]], tooltip: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(object_name)
    for name, label in items:
        combo.addItem(label, name)
    combo.setToolTip(tooltip)
    return combo


def _select(combo: QComboBox, key: str) -> None:
    combo.blockSignals(True)
    combo.setCurrentIndex(max(0, combo.findData(key)))
    combo.blockSignals(False)


class OutputSection(QGroupBox):
    """Output activation, loss (only pairs the engine accepts) and reduction."""

    edited = Signal(bool)  # needs_rebuild

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Output and loss", parent)
        self._exp = Experiment()
        self.activation = _combo("outputActivationCombo", [], "Activation of the output layer")
        self.loss = _combo("lossCombo", [], "Loss L to minimise; only losses that fit the "
                           "output activation are offered")
        self.reduction = _combo("reductionCombo",
                                [(r, "Mean over the batch" if r == "mean" else "Sum over the batch")
                                 for r in REDUCTIONS], "How per-sample losses are combined")
        self.note = QLabel()
        self.note.setObjectName("outputNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #666; font-size: 11px;")
        form = QFormLayout(self)
        form.addRow("Activation", self.activation)
        form.addRow(self.note)
        form.addRow("Loss", self.loss)
        form.addRow("Reduction", self.reduction)
        self.activation.currentIndexChanged.connect(self._on_activation)
        self.loss.currentIndexChanged.connect(self._on_loss)
        self.reduction.currentIndexChanged.connect(self._on_reduction)

    def fill(self, exp: Experiment) -> None:
        self._exp = exp
        task, n_classes = task_of(exp)
        allowed = allowed_outputs(task, n_classes)
        self.activation.blockSignals(True)
        self.activation.clear()
        for a in allowed:
            self.activation.addItem(ACTIVATIONS[a].label, a)
        self.activation.blockSignals(False)
        _select(self.activation, exp.architecture.output_activation)
        self.activation.setEnabled(len(allowed) > 1)
        self.note.setText(f"{n_classes} classes need a softmax output with one neuron per class."
                          if allowed == ["softmax"] else "")
        self.note.setVisible(bool(self.note.text()))
        self._fill_losses()
        _select(self.reduction, exp.training.reduction)

    def _fill_losses(self) -> None:
        self.loss.blockSignals(True)
        self.loss.clear()
        for name in valid_losses(self._exp.architecture.output_activation):
            self.loss.addItem(LOSSES[name].label, name)
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


class TrainingSection(QGroupBox):
    """Optimizer and its hyper-parameters, learning rate, batch, regularization, weights."""

    edited = Signal(bool)  # needs_rebuild

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Training", parent)
        self._exp = Experiment()
        self.optimizer = _combo("optimizerCombo", [(n, c.label) for n, c in OPTIMIZERS.items()],
                                "How gradients update the weights (applies without a reset)")
        self.learning_rate = LearningRateCombo()
        self.lr_error = ErrorLabel("learningRateError")
        self.batch = QSpinBox()
        self.batch.setObjectName("batchSizeSpin")
        self.batch.setKeyboardTracking(False)
        self.regularization = _combo("regularizationCombo", list(REGULARIZERS.items()),
                                     "Penalty on the weights (never the biases)")
        self.reg_rate = QDoubleSpinBox()
        self.reg_rate.setObjectName("regularizationRateSpin")
        self.reg_rate.setRange(0.0, MAX_REGULARIZATION_RATE)
        self.reg_rate.setDecimals(4)
        self.reg_rate.setSingleStep(0.001)
        self.reg_rate.setKeyboardTracking(False)
        self.reg_rate.setToolTip(f"Regularization rate λ (0 to {MAX_REGULARIZATION_RATE:g})")
        self.initializer = _combo("initializerCombo",
                                  [(n, label) for n, (label, _fn) in INITIALIZERS.items()],
                                  "How the first weights are drawn")
        self.weight_seed = seed_spin("weightSeedSpin",
                                     "Seed of the first weights and of the mini-batch order")
        self.param_spins: dict[str, QDoubleSpinBox] = {}

        self.form = QFormLayout(self)
        self.form.addRow("Optimizer", self.optimizer)
        self._params_row = self.form.rowCount()  # hyper-parameter rows go here
        self.form.addRow("Learning rate", self.learning_rate)
        self.form.addRow(self.lr_error)
        self.form.addRow("Batch size", self.batch)
        self.form.addRow("Regularization", self.regularization)
        self.form.addRow("Reg. rate", self.reg_rate)
        self.form.addRow("Initializer", self.initializer)
        self.form.addRow("Weight seed", self.weight_seed)

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
        self.batch.setToolTip(f"Points per gradient step (1 to {n}, the training-set size)")

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
            spin.setToolTip(f"{cls.label}: {key} ({lo:g} to {hi:g}; default {default:g})")
            spin.valueChanged.connect(lambda v, key=key: self._on_param(key, float(v)))
            self.form.insertRow(self._params_row + k, f"  {key}", spin)
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
