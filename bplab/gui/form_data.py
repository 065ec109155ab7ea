"""Form sections for the data: data set, noise, train share, seed, input features."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from bplab.data import FEATURES, GENERATORS
from bplab.data.dataset import MAX_CLASSES
from bplab.data.features import input_label
from bplab.data.generators import MAX_NOISE, MIN_CLASSES
from bplab.experiment import Experiment
from bplab.experiment.adapt import train_size
from bplab.experiment.drawn import split_marks
from bplab.gui.form_widgets import (
    THUMBNAIL,
    ErrorLabel,
    dataset_icon,
    percent_spin,
    seed_spin,
)
from bplab.gui.i18n import Retranslatable
from bplab.gui.names import shown
from bplab.gui.views.labels import feature_label

POINTS_ITEM = "__points__"  # combo entry for data loaded from a file


def is_2d(exp: Experiment) -> bool:
    p = exp.data.points
    return not (exp.data.source == "points" and p is not None and p.x.shape[1] != 2)


def column_names(exp: Experiment) -> list[str]:
    """The names of the points' input columns (a CSV header), when the points are in use."""
    p = exp.data.points
    return list(p.columns) if exp.data.source == "points" and p is not None else []


MAX_NAMES_SHOWN = 8  # a wide CSV is summed up, not listed column by column


class DataSection(Retranslatable, QGroupBox):
    """Data set (with previews), number of classes, noise, train share, data seed and the
    standardisation switch."""

    edited = Signal()  # the experiment's data spec changed (always needs a rebuild)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)  # texts: retranslate()
        self._exp = Experiment()
        self.dataset = QComboBox()
        self.dataset.setObjectName("datasetCombo")
        self.dataset.setIconSize(QSize(THUMBNAIL, THUMBNAIL))
        for name in GENERATORS:
            self.dataset.addItem(dataset_icon(name), "", name)
        self.noise = percent_spin("noiseSpin", 0, round(MAX_NOISE * 100), "")
        self.train_share = percent_spin("trainShareSpin", 10, 90, "")
        self.seed = seed_spin("dataSeedSpin", "")
        # In place of the share when the data fixes the split (the article's four points
        # all train; a file may mark its own test points).
        self.split_note = QLabel()
        self.split_note.setObjectName("splitNote")
        self.split_note.setStyleSheet("color: #5f6368;")
        share_row = self._share_row = QHBoxLayout()
        share_row.setContentsMargins(0, 0, 0, 0)
        share_row.addWidget(self.train_share, 1)
        share_row.addWidget(self.split_note, 1)
        self.classes = QSpinBox()
        self.classes.setObjectName("classCountSpin")
        self.classes.setRange(MIN_CLASSES, MAX_CLASSES)
        self.classes.setKeyboardTracking(False)  # one rebuild per edit, not per keystroke
        self.standardize = QCheckBox()
        self.standardize.setObjectName("standardizeCheck")

        form = self._form = QFormLayout(self)
        form.addRow(self.dataset)
        form.addRow(QLabel(), self.classes)
        form.addRow(QLabel(), self.noise)
        form.addRow(QLabel(), share_row)
        form.addRow(QLabel(), self.seed)
        form.addRow(self.standardize)

        self.dataset.currentIndexChanged.connect(self._on_dataset)
        self.noise.valueChanged.connect(lambda v: self._set("noise", v / 100))
        self.train_share.valueChanged.connect(lambda v: self._set("train_fraction", v / 100))
        self.seed.valueChanged.connect(lambda v: self._set("seed", int(v)))
        self.classes.valueChanged.connect(self._on_classes)
        self.standardize.toggled.connect(lambda on: self._set("standardize", bool(on)))
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Data"))
        for index, info in enumerate(GENERATORS.values()):
            if info.task == "regression":
                kind = self.tr("regression")
            elif info.variable_classes:
                kind = self.tr("{0}–{1} classes").format(MIN_CLASSES, MAX_CLASSES)
            else:
                kind = self.tr("%n classes", "", info.n_classes)
            self.dataset.setItemText(index, self.tr("{0}  ({1})").format(shown(info.label), kind))
        self.dataset.setToolTip(self.tr("The points to learn from"))
        self.noise.setToolTip(self.tr("Noise added to the data (0–50 %)"))
        self.train_share.setToolTip(self.tr("Share of the points used for training; the rest "
                                            "is the test set"))
        self.seed.setToolTip(self.tr("Seed of the data and of the train/test split"))
        self.classes.setToolTip(self.tr("Number of classes: arms of the spiral, Gaussian "
                                        "blobs"))
        self.standardize.setText(self.tr("Standardise inputs"))
        self.standardize.setToolTip(self.tr(
            "Feed the network each input minus its mean, divided by its standard deviation "
            "(both from the training points)"))
        for field, text in ((self.classes, self.tr("Classes")), (self.noise, self.tr("Noise")),
                            (self._share_row, self.tr("Train share")),
                            (self.seed, self.tr("Data seed"))):
            self._form.labelForField(field).setText(text)
        self.fill(self._exp)  # the loaded points' item and the split note

    def fill(self, exp: Experiment) -> None:
        """Show ``exp`` (kept by reference and edited in place) without emitting."""
        self._exp = exp
        spec = exp.data
        self.blockSignals(True)
        widgets = (self.dataset, self.noise, self.train_share, self.seed, self.classes,
                   self.standardize)
        for w in widgets:
            w.blockSignals(True)
        points_index = self.dataset.findData(POINTS_ITEM)
        if spec.points is not None and points_index < 0:
            self.dataset.addItem("", POINTS_ITEM)
        elif spec.points is None and points_index >= 0:
            self.dataset.removeItem(points_index)
        if spec.points is not None:  # named after these points, not the ones loaded before
            index = self.dataset.findData(POINTS_ITEM)
            self.dataset.setItemText(index, self.tr("Loaded points ({0})").format(
                len(spec.points.y)))
            names = ", ".join(spec.points.columns)
            self.dataset.setItemData(index, self.tr("Inputs: {0}").format(names) if names
                                     else "", Qt.ItemDataRole.ToolTipRole)
        key = POINTS_ITEM if spec.source == "points" else spec.generator
        self.dataset.setCurrentIndex(max(0, self.dataset.findData(key)))
        self.noise.setValue(round(spec.noise * 100))
        self.train_share.setValue(round(spec.train_fraction * 100))
        self.seed.setValue(spec.seed)
        self.classes.setValue(self._class_count())
        self.standardize.setChecked(spec.standardize)
        for w in widgets:
            w.blockSignals(False)
        self.blockSignals(False)
        self._sync_enabled()

    def _sync_enabled(self) -> None:
        spec = self._exp.data
        generated = spec.source == "generator"
        fixed = generated and spec.generator == "article_xor"  # four fixed points, all trained on
        self.noise.setEnabled(generated and not fixed)
        # Points marked train or test (drawn, or a file's own marks) keep their marks; the
        # share (or the seed) splits them afresh when moved.
        self.train_share.setEnabled(not fixed)
        self.seed.setEnabled((generated and not fixed) or spec.source == "points")
        self.classes.setEnabled(generated and GENERATORS[spec.generator].variable_classes)
        note = self._fixed_split_text()
        self.split_note.setText(note)
        self.split_note.setVisible(bool(note))
        self.train_share.setVisible(not fixed)  # beside the note of marked points

    def _fixed_split_text(self) -> str:
        """How the data splits when the train share has no say, or how points marked train
        or test split (beside the share, which splits them afresh); "" otherwise."""
        spec = self._exp.data
        if spec.source == "generator" and spec.generator == "article_xor":
            n = train_size(self._exp)
            return self.tr("all {0} points train").format(n)
        p = spec.points
        if spec.source == "points" and p is not None and p.is_train is not None:
            n_train = int(p.is_train.sum())
            return self.tr("{0} train · {1} test").format(n_train, len(p.y) - n_train)
        return ""

    def _class_count(self) -> int:
        spec = self._exp.data
        if spec.source == "points" and spec.points is not None:
            return max(MIN_CLASSES, spec.points.n_classes)  # regression shows the minimum
        return spec.n_classes or max(MIN_CLASSES, GENERATORS[spec.generator].n_classes)

    def _on_classes(self, value: int) -> None:
        # The data set's own count is stored as None, so files keep their old form.
        own = GENERATORS[self._exp.data.generator].n_classes
        self._set("n_classes", None if value == own else int(value))

    def _on_dataset(self, _index: int) -> None:
        key = self.dataset.currentData()
        if key == POINTS_ITEM:
            self._exp.data.source = "points"
        else:
            self._exp.data.source = "generator"
            self._exp.data.generator = key
            self._exp.data.n_points = None  # each generator has its own default size
            self._exp.data.n_classes = None  # and its own number of classes
        self.classes.blockSignals(True)
        self.classes.setValue(self._class_count())
        self.classes.blockSignals(False)
        self._sync_enabled()
        self.edited.emit()

    def _set(self, attr: str, value: object) -> None:
        spec = self._exp.data
        setattr(spec, attr, value)
        p = spec.points
        if (attr in ("train_fraction", "seed") and spec.source == "points" and p is not None
                and p.is_train is not None):
            p.is_train = split_marks(len(p.y), spec.train_fraction, spec.seed)
            self._sync_enabled()  # the note counts the new split
        self.edited.emit()


class FeaturesSection(Retranslatable, QGroupBox):
    """One checkbox per input feature; at least one stays checked.

    Data that is not 2-D has no features: its columns are the inputs, and a note
    names them instead of the boxes."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)  # texts: retranslate()
        self._exp = Experiment()
        self.boxes: dict[str, QCheckBox] = {}
        grid = QGridLayout(self)
        grid.setVerticalSpacing(2)
        for k, (name, feature) in enumerate(FEATURES.items()):
            box = QCheckBox(feature.label)
            box.setObjectName(f"feature_{name}")
            box.toggled.connect(lambda on, name=name: self._toggled(name, on))
            self.boxes[name] = box
            grid.addWidget(box, k // 2, k % 2)
        self.columns_note = QLabel()
        self.columns_note.setObjectName("featureColumnsNote")
        self.columns_note.setWordWrap(True)
        self.columns_note.hide()
        grid.addWidget(self.columns_note, len(FEATURES) // 2 + 1, 0, 1, 2)
        self.error = ErrorLabel("featureError")
        grid.addWidget(self.error, len(FEATURES) // 2 + 2, 0, 1, 2)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Input features"))
        self.fill(self._exp)  # the boxes' tooltips and the columns note

    def fill(self, exp: Experiment) -> None:
        self._exp = exp
        plane = is_2d(exp)
        columns = column_names(exp)
        for name, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(name in exp.data.features)
            box.setVisible(plane)
            label = input_label(name, columns)
            box.setText(label)
            box.setToolTip(self.tr("Feed {0} to the network").format(label))
            box.blockSignals(False)
        self.columns_note.setVisible(not plane)
        if not plane:
            self.columns_note.setText(self._columns_text(exp))
        self.error.clear_error()

    def _columns_text(self, exp: Experiment) -> str:
        p = exp.data.points
        assert p is not None  # only points can have other than two columns
        d = p.x.shape[1]
        names = [feature_label(n) for n in p.columns or [f"x{i + 1}" for i in range(d)]]
        shown = ", ".join(names[:MAX_NAMES_SHOWN]) + (", …" if d > MAX_NAMES_SHOWN else "")
        if d == 1:
            return self.tr("The network reads the data's one column: {0}. Input features "
                           "need 2-D points.").format(shown)
        return self.tr("The network reads the data's {0} columns directly: {1}. Input "
                       "features need 2-D points.").format(d, shown)

    def _toggled(self, name: str, on: bool) -> None:
        chosen = [n for n, box in self.boxes.items() if box.isChecked()]
        if not chosen:
            box = self.boxes[name]
            box.blockSignals(True)
            box.setChecked(True)  # refuse: the network needs an input
            box.blockSignals(False)
            self.error.show_error(self.tr("At least one input feature must stay selected."))
            return
        self.error.clear_error()
        self._exp.data.features = chosen
        self.edited.emit()
