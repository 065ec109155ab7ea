"""The hidden-layer editor: + / − layer, and per layer − count + and an activation."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from bplab.engine import ACTIVATIONS, HIDDEN_ACTIVATIONS
from bplab.engine.network import MAX_HIDDEN_LAYERS, MAX_NEURONS
from bplab.gui.i18n import Retranslatable
from bplab.gui.names import shown

NEW_LAYER_NEURONS = 4
NEW_LAYER_ACTIVATION = "tanh"


class HiddenLayersEditor(Retranslatable, QWidget):
    """Edits ``hidden`` (neurons per layer) and ``activations`` (one per layer)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hiddenLayersEditor")
        self._hidden: list[int] = []
        self._activations: list[str] = []
        self._rows: list[list[QWidget]] = []  # widgets of each layer's row

        self.add_button = QPushButton()  # texts: retranslate()
        self.add_button.setObjectName("addLayerButton")
        self.add_button.clicked.connect(self.add_layer)
        self.remove_button = QPushButton()
        self.remove_button.setObjectName("removeLayerButton")
        self.remove_button.clicked.connect(self.remove_layer)
        self.count_label = QLabel()
        self.count_label.setObjectName("layerCountLabel")
        self.count_label.setWordWrap(True)  # "10 hidden layers (maximum)" wraps in a narrow form

        header = QHBoxLayout()
        header.addWidget(self.add_button)
        header.addWidget(self.remove_button)
        header.addWidget(self.count_label, 1)
        self._grid = QGridLayout()
        self._grid.setHorizontalSpacing(4)
        self._grid.setVerticalSpacing(3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addLayout(self._grid)
        self.retranslate()

    def retranslate(self) -> None:
        self.add_button.setText(self.tr("+ layer"))
        self.add_button.setToolTip(self.tr("Add a hidden layer (at most {0})").format(
            MAX_HIDDEN_LAYERS))
        self.remove_button.setText(self.tr("− layer"))
        self.remove_button.setToolTip(self.tr("Remove the last hidden layer"))
        self._rebuild_rows()  # the rows' texts

    # -- public -------------------------------------------------------------
    def set_layers(self, hidden: list[int], activations: list[str]) -> None:
        """Show these layers without emitting ``changed``."""
        self._hidden, self._activations = list(hidden), list(activations)
        self._rebuild_rows()

    def layers(self) -> tuple[list[int], list[str]]:
        return list(self._hidden), list(self._activations)

    def add_layer(self) -> None:
        if len(self._hidden) >= MAX_HIDDEN_LAYERS:
            return
        self._hidden.append(self._hidden[-1] if self._hidden else NEW_LAYER_NEURONS)
        self._activations.append(self._activations[-1] if self._activations
                                 else NEW_LAYER_ACTIVATION)
        self._rebuild_rows()
        self.changed.emit()

    def remove_layer(self) -> None:
        if not self._hidden:
            return
        self._hidden.pop()
        self._activations.pop()
        self._rebuild_rows()
        self.changed.emit()

    # -- rows -----------------------------------------------------------------
    def _rebuild_rows(self) -> None:
        for row in self._rows:
            for w in row:
                w.setParent(None)  # detach now so object names stay unique for findChild
                w.deleteLater()
        self._rows = []
        for k, (size, act) in enumerate(zip(self._hidden, self._activations, strict=True)):
            self._rows.append(self._make_row(k, size, act))
        n = len(self._hidden)
        self.add_button.setEnabled(n < MAX_HIDDEN_LAYERS)
        self.remove_button.setEnabled(n > 0)
        self.count_label.setText(self.tr("%n hidden layer(s) (maximum)", "", n)
                                 if n == MAX_HIDDEN_LAYERS else
                                 self.tr("%n hidden layer(s)", "", n))

    def _neurons_suffix(self, n: int) -> str:
        """ " neurons" after the count ("%n" is only for the plural form; the box shows n)."""
        return self.tr("%n neuron(s)", "", n).replace(str(n), "", 1)

    def _make_row(self, k: int, size: int, act: str) -> list[QWidget]:
        n = k + 1  # object names count layers from 1, like the graph
        label = QLabel(self.tr("Layer {0}").format(n))
        minus = QToolButton()
        minus.setText("−")
        minus.setObjectName(f"layer{n}RemoveNeuron")
        minus.setToolTip(self.tr("One neuron less"))
        spin = QSpinBox()
        spin.setObjectName(f"layer{n}NeuronsSpin")
        spin.setRange(1, MAX_NEURONS)
        spin.setValue(size)
        spin.setKeyboardTracking(False)
        spin.setSuffix(self._neurons_suffix(size))
        spin.setToolTip(self.tr("Neurons in hidden layer {0} (1 to {1})").format(n, MAX_NEURONS))
        plus = QToolButton()
        plus.setText("+")
        plus.setObjectName(f"layer{n}AddNeuron")
        plus.setToolTip(self.tr("One neuron more"))
        combo = QComboBox()
        combo.setObjectName(f"layer{n}ActivationCombo")
        for name in HIDDEN_ACTIVATIONS:
            combo.addItem(shown(ACTIVATIONS[name].label), name)
            combo.setItemData(combo.count() - 1, shown(ACTIVATIONS[name].formula),
                              Qt.ItemDataRole.ToolTipRole)
        combo.setCurrentIndex(HIDDEN_ACTIVATIONS.index(act))
        combo.setToolTip(self.tr("Activation of hidden layer {0}").format(n))

        def sync_buttons() -> None:
            minus.setEnabled(spin.value() > 1)
            plus.setEnabled(spin.value() < MAX_NEURONS)

        def set_size(value: int) -> None:
            spin.setSuffix(self._neurons_suffix(value))
            sync_buttons()
            if value != self._hidden[k]:
                self._hidden[k] = value
                self.changed.emit()

        def set_activation(_index: int) -> None:
            self._activations[k] = combo.currentData()
            self.changed.emit()

        spin.valueChanged.connect(set_size)
        minus.clicked.connect(lambda: spin.setValue(spin.value() - 1))
        plus.clicked.connect(lambda: spin.setValue(spin.value() + 1))
        combo.currentIndexChanged.connect(set_activation)
        sync_buttons()
        widgets: list[QWidget] = [label, minus, spin, plus, combo]
        for col, w in enumerate(widgets):
            self._grid.addWidget(w, k, col)
        self._grid.setColumnStretch(2, 1)
        self._grid.setColumnStretch(4, 1)
        return widgets
