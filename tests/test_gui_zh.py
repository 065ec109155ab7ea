"""The whole interface in Simplified Chinese: every visible string of the window, the
inspector and the dialogs, and a switch at run time that leaves nothing of the other
language behind."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt
from PySide6.QtGui import QAction, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QDockWidget,
    QFileDialog,
    QGroupBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QSpinBox,
    QTabWidget,
    QTextBrowser,
    QToolBar,
    QWidget,
)

from bplab import crash
from bplab.experiment import list_examples
from bplab.gui import about, dialogs, i18n
from bplab.gui.main_window import SETTINGS, MainWindow
from bplab.gui.views.network_items import Legend
from bplab.gui.views.network_view import Target
from bplab.gui.worker import TrainingBusy

# What may stay in Latin letters in the Chinese interface: names (of people, programs,
# formats and the activations the article also writes in English), and the article's
# symbols.  Nothing else: an English word anywhere else fails the test.
ALLOWED = {
    # programs, formats, licences
    "bplab", "NumPy", "PyTorch", "Python", "CPython", "Qt", "PySide", "pyqtgraph", "TF",
    "Playground", "CSV", "PNG", "SVG", "JSON", "MIT",
    # key names in shortcuts
    "Ctrl", "Shift",
    # abbreviations kept as Chinese texts write them
    "RMSE", "RMS",
    # activations, optimizers and initializers, by their names
    "Sigmoid", "sigmoid", "Tanh", "tanh", "ReLU", "relu", "Leaky", "ELU", "elu", "Softplus",
    "softplus", "Swish", "swish", "Softmax", "softmax", "leaky_relu", "Adam", "RMSProp",
    "Nesterov", "Glorot", "Xavier", "He",
    # the article's symbols and functions
    "net", "ln", "exp", "sin", "sign", "max",
    # names in the article's program, quoted as the code writes them
    "n_in", "n_out", "W_l",
}
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z_]+")
PATH = re.compile(r"\S*[/\\]\S*|\S*\.(?:json|csv|png|svg|npz|py|txt|bplab)\b")
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")


def english_words(text: str) -> list[str]:
    """Latin words that are not names or symbols (file paths and names left out)."""
    text = PATH.sub(" ", text)
    return [w for w in LATIN_WORD.findall(text) if w not in ALLOWED]


def plain(text: str) -> str:
    """Rich text as the reader sees it."""
    if "<" in text and ">" in text:
        doc = QTextDocument()
        doc.setHtml(text)
        return doc.toPlainText()
    return text


def widget_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for every text of ``root`` and its child widgets and actions."""
    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        name = f"{type(w).__name__}#{w.objectName()}"
        yield f"{name}.toolTip", w.toolTip()
        yield f"{name}.statusTip", w.statusTip()
        yield f"{name}.whatsThis", w.whatsThis()
        if w.isWindow() or isinstance(w, QDockWidget | QToolBar):
            yield f"{name}.windowTitle", w.windowTitle()
        if isinstance(w, QLabel):
            yield f"{name}.text", plain(w.text())
        if isinstance(w, QAbstractButton):
            yield f"{name}.text", w.text()
        if isinstance(w, QGroupBox):
            yield f"{name}.title", w.title()
        if isinstance(w, QComboBox):
            for k in range(w.count()):
                yield f"{name}[{k}]", w.itemText(k)
                yield f"{name}[{k}].toolTip", str(w.itemData(k, Qt.ItemDataRole.ToolTipRole)
                                                  or "")
        if isinstance(w, QLineEdit):
            yield f"{name}.placeholder", w.placeholderText()
        if isinstance(w, QSpinBox):
            yield f"{name}.prefix", w.prefix()
            yield f"{name}.suffix", w.suffix()
        if isinstance(w, QAbstractSpinBox):
            yield f"{name}.text", w.text()
        if isinstance(w, QTabWidget):
            for k in range(w.count()):
                yield f"{name}.tab[{k}]", w.tabText(k)
                yield f"{name}.tab[{k}].toolTip", w.tabToolTip(k)
        if isinstance(w, QMenu):
            yield f"{name}.title", w.title()
        if isinstance(w, QTextBrowser):
            yield f"{name}.page", w.toPlainText()
        for action in w.actions():  # what a menu, a toolbar or the window shows
            yield from action_texts(action)


def action_texts(action: QAction) -> Iterator[tuple[str, str]]:
    menu = action.menu()
    name = f"QAction#{action.objectName() or (menu.objectName() if menu else '')}"
    for what in ("text", "toolTip", "statusTip", "iconText", "whatsThis"):
        yield f"{name}.{what}", getattr(action, what)()
    menu = action.menu()
    if menu is not None:
        yield f"{name}.menu.title", menu.title()


def view_texts(window: MainWindow) -> Iterator[tuple[str, str]]:
    """The texts pyqtgraph draws: titles, axes, legends, headers, hover cards."""
    for view, plot in (("lossPlot", window.loss_plot.plot_item()),
                       ("boundaryView", window.boundary_view.plot_item())):
        for side in ("left", "bottom"):
            yield f"{view}.axis.{side}", plain(plot.getAxis(side).labelText)
        yield f"{view}.title", plain(plot.titleLabel.text)
    for _sample, label in window.loss_plot._legend.items:
        yield "lossPlot.legend", plain(label.text)
    for _sample, label in window.boundary_view._legend.items:
        yield "boundaryView.legend", plain(label.text)
    nv = window.network_view
    for item in nv._texts:
        yield "networkView.header", item.textItem.toPlainText()
    yield "networkView.linkNote", nv.link_note()
    for k, text in enumerate(Legend.texts()):
        yield f"networkView.legend[{k}]", text
    for hover in (lambda: nv.hover_node(0, 0), lambda: nv.hover_node(1, 0),
                  lambda: nv.hover_node(len(window.session.network.sizes) - 1, 0),
                  lambda: nv.hover_link(0, 0, 0), lambda: nv.hover_bias(0, 0)):
        hover()
        yield "networkView.hoverCard", nv.hover_text()
        yield "boundaryView.title (hovered)", plain(window.boundary_view.title())
    nv.leave()


def status_texts(window: MainWindow) -> Iterator[tuple[str, str]]:
    yield "window.title", window.displayed_title()
    yield from widget_texts(window.statusBar())


def inspector_texts(window: MainWindow) -> Iterator[tuple[str, str]]:
    window.inspect()
    panel = window.inspector
    yield from widget_texts(panel)
    panel.select_line(len(panel.lines()) - 1)
    yield "inspector.exact", panel.exact.text()
    panel.explain()
    panel.apply()  # the status line after a step
    yield "inspector.status", panel.status.text()
    yield from widget_texts(panel)


def menu_texts(window: MainWindow) -> Iterator[tuple[str, str]]:
    window.recent.add(str(Path.home() / "some-study.bplab.json"))
    window._fill_recent_menu()
    for menu in [m for a in window.menuBar().actions() if (m := a.menu()) is not None]:
        yield from widget_texts(menu)
        for sub in menu.findChildren(QMenu):
            yield from widget_texts(sub)
    for menu in window.view_menus.values():
        yield from widget_texts(menu)


def stage_texts(window: MainWindow, kind: str) -> Iterator[tuple[str, str]]:
    """The step-through's stage of ``kind`` on the graph: its name, and the overlay's
    numbers, boxes and legend (the first stage of that kind)."""
    window.inspect()
    stepper = window.stage_stepper
    stepper.go_to([s.kind for s in stepper.stages()].index(kind))
    assert stepper.overlay.active() and stepper.overlay.stage.kind == kind
    yield from shown_stage_texts(window)


def shown_stage_texts(window: MainWindow) -> Iterator[tuple[str, str]]:
    """The stage shown now: the stepper's controls and name, the overlay's texts."""
    stepper = window.stage_stepper
    overlay = stepper.overlay
    kind = overlay.stage.kind
    yield from widget_texts(stepper)
    yield f"stage[{kind}].legend", overlay.legend_text()
    for k, text in enumerate(overlay.extra_texts()):
        yield f"stage[{kind}].box[{k}]", text
    for node in overlay.stage.nodes:
        yield f"stage[{kind}].node", overlay.node_text(node.layer, node.neuron)


def step_view_texts(window: MainWindow) -> Iterator[tuple[str, str]]:
    """The stage stepper at a forward, the loss and a backward stage, and the mini-batch
    view's chart (its axis and the line of the batch's gradient)."""
    for kind in ("forward", "loss", "backward"):
        yield from stage_texts(window, kind)
    mini = window.inspector.mini_batch
    yield from widget_texts(mini)
    plot = mini.plot.getPlotItem()
    yield "miniBatch.axis.bottom", plain(plot.getAxis("bottom").labelText)
    yield "miniBatch.gradientLine", mini.gradient_line.label.textItem.toPlainText()


def distribution_texts(window: MainWindow) -> Iterator[tuple[str, str]]:
    """The Distributions tab, fed: its columns' titles, the layers' names, the histograms'
    tooltips, the note on the points."""
    view = window.distribution_view
    window.side_tabs.setCurrentWidget(view)
    settle()
    window.controller.run_epochs_now(1)
    window.flush_views()
    settle()
    assert view.last is not None
    yield from shown_distribution_texts(window)
    window.side_tabs.setCurrentIndex(0)


def shown_distribution_texts(window: MainWindow) -> Iterator[tuple[str, str]]:
    view = window.distribution_view
    yield from widget_texts(view)
    for (layer, column), plot in view.plot_items.items():
        where = f"distributions[{layer},{column}]"
        yield f"{where}.title", plain(plot.titleLabel.text)
        yield f"{where}.axis.left", plain(plot.getAxis("left").labelText)
        yield f"{where}.toolTip", plot.toolTip()


def article_mse_texts(window: MainWindow) -> Iterator[tuple[str, str]]:
    """The article's MSE: the checkbox, its curve in the legend, its status-bar figure."""
    window.loss_plot.article_mse.setChecked(True)
    window.flush_views()
    settle()
    label = window.article_mse_label
    assert label.isVisibleTo(window) and label.text()
    yield "articleMseLabel.text", label.text()
    yield "articleMseLabel.toolTip", label.toolTip()
    yield from widget_texts(window.loss_plot.article_mse)
    for _sample, legend_label in window.loss_plot._legend.items:
        yield "lossPlot.legend (article)", plain(legend_label.text)


def code_view_texts(window: MainWindow) -> Iterator[tuple[str, str]]:
    """The code view: its title, its note and its menu entry (the code itself is Python)."""
    view = window.code_view
    view.toggleViewAction().trigger()
    settle()
    assert view.isVisible() and view.note.text()
    yield "codeView.windowTitle", view.windowTitle()
    yield "codeView.note", plain(view.note.text())
    yield "actionShowCode.toolTip", view.toggleViewAction().toolTip()
    view.toggleViewAction().trigger()


def settle() -> None:
    QCoreApplication.processEvents()
    # Widgets Qt has let go of (a closed tab's button) are gone once deletions run.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def everything(window: MainWindow) -> list[tuple[str, str]]:
    window.flush_views()
    settle()
    texts = [*widget_texts(window), *status_texts(window), *view_texts(window),
             *menu_texts(window), *inspector_texts(window), *distribution_texts(window),
             *article_mse_texts(window), *code_view_texts(window), *step_view_texts(window)]
    window.show_inspector(False)
    return [(where, text) for where, text in texts if text]


def untranslated(texts: Iterable[tuple[str, str]]) -> list[str]:
    native = set(i18n.NATIVE_NAMES.values())  # the language menu names each in its own words
    return sorted({f"{where}: {text!r}" for where, text in texts
                   if english_words(text) and text not in native})


def leftover_chinese(texts: Iterable[tuple[str, str]]) -> list[str]:
    native = set(i18n.NATIVE_NAMES.values())  # the language menu names each in its own words
    return sorted({f"{where}: {text!r}" for where, text in texts
                   if CJK.search(text) and text.replace("&", "") not in native})


@pytest.fixture
def back_to_english(qapp) -> Iterator[None]:
    yield
    i18n.install_language("en")
    QSettings(*SETTINGS).remove(i18n.SETTINGS_KEY)
    QCoreApplication.processEvents()


def make_window(qtbot, size=(1400, 900)) -> MainWindow:
    w = MainWindow(remember_layout=False)
    qtbot.addWidget(w)
    w.resize(*size)
    w.show()
    qtbot.waitExposed(w)
    w.controller.run_epochs_now(3)
    return w


def test_the_check_sees_english_and_lets_names_and_symbols_pass() -> None:
    assert english_words("训练损失 0.31 · Test loss 0.4") == ["Test", "loss"]
    assert english_words("Sigmoid 函数：h = f(net)，ReLU，tanh，x₁ · sin(x₂)") == []
    assert english_words("已导出 /tmp/run-loss.png；circle.bplab.json") == []


def test_a_window_started_in_chinese_shows_no_english(qtbot, back_to_english) -> None:
    i18n.install_language("zh_CN")
    window = make_window(qtbot)
    texts = everything(window)
    assert len(texts) > 300
    bad = untranslated(texts)
    assert not bad, "\n".join(bad)


def test_switching_at_run_time_leaves_nothing_of_the_other_language(qtbot,
                                                                    back_to_english) -> None:
    window = make_window(qtbot)
    english = everything(window)
    assert leftover_chinese(english) == []
    window.choose_language("zh_CN")
    QCoreApplication.processEvents()
    chinese = everything(window)
    bad = untranslated(chinese)
    assert not bad, "\n".join(bad)
    # The same places hold text in both languages (nothing dropped on the way).
    assert {w for w, _ in chinese} >= {w for w, _ in english} - {"inspector.status"}
    window.choose_language("en")
    QCoreApplication.processEvents()
    bad = leftover_chinese(everything(window))
    assert not bad, "\n".join(bad)


def test_every_example_and_data_set_reads_in_chinese(qtbot, back_to_english) -> None:
    """Each example exercises other texts: regression, three classes, the article's four
    points (no test set), a deep net."""
    i18n.install_language("zh_CN")
    window = make_window(qtbot)
    for _title, path in list_examples():
        assert window._open_example(str(path))
        window.controller.run_epochs_now(1)
        window.flush_views()
        texts = [*widget_texts(window), *status_texts(window), *view_texts(window)]
        assert untranslated(t for t in texts if t[1]) == [], path.name
        window.setWindowModified(False)


def test_the_dialogs_speak_chinese(qtbot, monkeypatch, back_to_english, tmp_path) -> None:
    i18n.install_language("zh_CN")
    window = make_window(qtbot)
    seen: list[tuple[str, str]] = []

    def record(dialog: QWidget) -> None:
        seen.extend(widget_texts(dialog))
        if isinstance(dialog, QMessageBox):
            seen.append(("box.text", plain(dialog.text())))
            seen.append(("box.informative", dialog.informativeText()))

    def message_exec(box: QMessageBox) -> int:
        record(box)
        return int(QMessageBox.StandardButton.Cancel)

    def dialog_exec(dialog: QDialog) -> int:
        record(dialog)
        return int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(dialogs, "can_ask", lambda: True)
    monkeypatch.setattr(QMessageBox, "exec", message_exec)
    monkeypatch.setattr(QDialog, "exec", dialog_exec)
    dialogs.unsaved_changes(window, window._file_label())
    dialogs.restore_recovered(window, "x")
    from bplab.gui.recovery import Leftover

    seen.append(("leftover", Leftover(None, None, "圆形", "2024-05-01T10:00:00").describe()))
    dialogs.png_scale(window, window.size(), 2)
    # Errors go through one window-modal box.  (An exception's own detail, from the
    # layers below the window, stays as Python and those layers word it.)
    window.open_recent(str(tmp_path / "gone.bplab.json"))
    record(window._dialog)
    window._dialog.close()
    box = about.about_dialog(window)
    record(box)
    box.deleteLater()
    crash._open_box("ValueError: x", tmp_path / "crash-1.txt")
    record(crash._dialogs[0])
    crash._dialogs[0].close()
    seen[:] = [(w, t.replace("ValueError: x", "")) for w, t in seen]  # Python's own words
    # Qt's own dialogs: the file dialog bplab opens (Qt's, not the desktop's) and the
    # number dialog of a weight edit.
    files = QFileDialog(window, "")
    files.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(files)
    record(files)
    asked: list[str] = []
    monkeypatch.setattr(QInputDialog, "getDouble",
                        staticmethod(lambda _p, title, label, *a: asked.extend([title, label])
                                     or (0.0, False)))
    window.network_view._edit(Target("link", 0, 0, 0))
    seen += [("inputDialog", text) for text in asked]
    texts = [(w, t) for w, t in seen if t]
    assert len(texts) > 40
    bad = untranslated(texts)
    assert not bad, "\n".join(bad)
    assert any("取消" in t for _, t in texts)  # Qt's buttons, from qtbase_zh_CN


def test_messages_of_the_form_and_the_status_bar_speak_chinese(qtbot, back_to_english) -> None:
    i18n.install_language("zh_CN")
    window = make_window(qtbot)
    form = window.form
    texts = []
    form.training.learning_rate.setEditText("0..3")  # a typo: not a number
    form.training.learning_rate.commit()
    texts.append(("lrError", form.training.lr_error.text()))
    for box in form.features.boxes.values():
        box.setChecked(False)  # the last one is refused, with a message
    texts.append(("featureError", form.features.error.text()))
    window.show_message(window.tr("Not changed: {0}.").format(TrainingBusy(1.0)), "warning")
    texts.append(("banner", window.banner.message()))
    for _ in range(len(form.layers.layers()[0]), 10):
        form.layers.add_layer()  # up to the maximum: "(maximum)"
    texts.append(("layers", form.layers.count_label.text()))
    window.status_notice.show_notice(window.tr("Network rebuilt: training restarts from epoch 0"))
    texts.append(("notice", window.status_notice.text()))
    assert all(text for _, text in texts), texts
    bad = untranslated(texts)
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize(("change", "what"), [
    ({"optimizer": "sgd", "reduction": "sum", "batch_size": 1}, "sgd, one sample"),
    ({"optimizer": "momentum", "regularization": "l2", "regularization_rate": 0.01},
     "momentum, L2"),
    ({"optimizer": "nesterov", "regularization": "l1", "regularization_rate": 0.01},
     "nesterov, L1"),
    ({"optimizer": "rmsprop", "batch_size": 30}, "rmsprop, a long batch"),
    ({"optimizer": "adam"}, "adam"),
])
def test_the_step_through_reads_in_chinese(qapp, back_to_english, change, what) -> None:
    """Every sentence the walkthrough writes, for each optimizer and penalty, and for the
    losses and wide layers the examples bring."""
    from bplab.experiment import Session, default_experiment, load_experiment
    from bplab.experiment.walkthrough import explain_step
    from bplab.gui.inspector import render_html

    i18n.install_language("zh_CN")
    experiments = [default_experiment()]
    for name in ("gauss3-multiclass.json", "plane-regression.json", "article-xor.json"):
        experiments.append(load_experiment(Path(list_examples()[0][1]).parent / name))
    wide = default_experiment()
    wide.architecture.hidden = [12, 3]
    wide.architecture.activations = ["elu", "relu"]
    wide.data.features = ["x1", "x2", "x1_sq", "x2_sq", "x1_x2", "sin_x1", "sin_x2"]
    experiments.append(wide)
    for exp in experiments:
        for key, value in change.items():
            setattr(exp.training, key, value)
        exp.state = None
        wt = explain_step(Session(exp), 0)
        page = plain(render_html(wt))
        lines = [f"{ln.symbol} {ln.comment}" for ln in wt.lines()]
        bad = english_words(page) + [w for text in lines for w in english_words(text)]
        assert not bad, (what, exp.name, sorted(set(bad)))


def table_texts(name: str, table) -> Iterator[tuple[str, str]]:
    """Headers, cells and their tooltips of a QTableWidget."""
    for col in range(table.columnCount()):
        header = table.horizontalHeaderItem(col)
        if header is not None:
            yield f"{name}.header[{col}]", header.text()
            yield f"{name}.header[{col}].toolTip", header.toolTip()
    for row in range(table.rowCount()):
        for col in range(table.columnCount()):
            item = table.item(row, col)
            if item is not None:
                yield f"{name}[{row},{col}]", item.text()
                yield f"{name}[{row},{col}].toolTip", item.toolTip()


def every_finding() -> list:
    """One finding for each of the doctor's messages, each with a fix, numbers filled in."""
    import string

    from bplab.experiment.doctor import Finding, Fix
    from bplab.experiment.doctor_messages import FIX_MESSAGES, MESSAGES

    def params(template: str) -> dict[str, object]:
        names = {f for _, f, _, _ in string.Formatter().parse(template) if f}
        words = {"activation": "tanh", "features": "x₁², x₂²", "sizes": "[8, 4]"}
        return {n: words.get(n, 3) for n in names}

    fixes = [Fix(kind, params(text), lambda exp: exp) for kind, text in FIX_MESSAGES.items()]
    return [Finding(f"kind{k}", message_id, params(text), fix=fixes[k % len(fixes)])
            for k, (message_id, text) in enumerate(MESSAGES.items())]


def newer_view_texts(window: MainWindow) -> list[tuple[str, str]]:
    """The doctor's findings, the runs table, a stop notice, a gradient check, the layer
    statistics' legend and the score plot's axes."""
    from bplab.experiment.stop_rules import EPOCH, LOSS, PATIENCE, StopReason
    from bplab.gui.stop_text import stop_text

    texts = list(widget_texts(window.doctor_panel))
    texts += table_texts("runsTable", window.runs_panel.table)
    texts.append(("runsPanel.title", window.runs_panel.windowTitle()))
    for reason in (StopReason(EPOCH, 10, 10), StopReason(LOSS, 10, 0.1, loss=0.09),
                   StopReason(PATIENCE, 50, 1, best=0.2, best_epoch=49, restored=True),
                   StopReason(PATIENCE, 50, 20, monitored="train", best=0.2, best_epoch=30)):
        texts.append(("stopNotice", stop_text(reason)))
    texts += widget_texts(window.gradient_check)
    texts += table_texts("gradientCheckTable", window.gradient_check.table)
    for _sample, label in window.layer_stats_plot.plot.getPlotItem().legend.items:
        texts.append(("layerStats.legend", plain(label.text)))
    texts.append(("layerStats.axis", plain(
        window.layer_stats_plot.plot.getPlotItem().getAxis("bottom").labelText)))
    score = window.figure_tabs.score_plot.plot_item()
    for side in ("left", "bottom"):
        texts.append((f"scorePlot.axis.{side}", plain(score.getAxis(side).labelText)))
    texts.append(("gradientLegend", window.network_view._gradient_legend.caption))
    hidden = window.figure_tabs.hidden_space.plot_item()
    for side in ("left", "bottom"):
        texts.append((f"hiddenSpace.axis.{side}", plain(hidden.getAxis(side).labelText)))
    return [(where, text) for where, text in texts if text]


def test_the_newer_views_speak_chinese_and_switch_back(qtbot, back_to_english) -> None:
    """The doctor with every message and fix, runs labelled by what changed, the stop
    rules' notices, a gradient check, the layer statistics."""
    i18n.install_language("zh_CN")
    window = make_window(qtbot)
    for lr, noise in ((0.3, None), (0.003, 0.2)):
        window.restart()
        exp = window.form.experiment()
        exp.training.learning_rate = lr
        if noise is not None:
            exp.data.noise = noise
            exp.training.seed += 1
        window.form.set_experiment(exp)
        window._on_form_changed(window.form.experiment(), False)
        window.controller.run_epochs_now(3)
    window._refresh_runs()
    window.figure_tabs.show_page("hidden")  # its axes: the principal components
    window.controller.run_epochs_now(1)
    window.check_gradients()
    window._show_findings(tuple(every_finding()))  # after the restarts (a new run clears)
    window.flush_views()
    settle()
    chinese = newer_view_texts(window)
    assert any(w.startswith("hiddenSpace.axis") for w, _ in chinese)
    assert len(window.doctor_panel.rows) == len(every_finding())
    assert window.runs_panel.table.rowCount() >= 2
    assert any("学习率" in text for where, text in chinese if where.startswith("runsTable"))
    bad = untranslated(chinese)
    assert not bad, "\n".join(bad)
    window.choose_language("en")
    QCoreApplication.processEvents()
    english = newer_view_texts(window)
    assert any("lr 0.3" in text for _, text in english)  # the runs' labels, back in English
    bad = leftover_chinese(english)
    assert not bad, "\n".join(bad)


def test_a_stage_on_the_graph_and_the_newer_tabs_change_language_in_place(
        qtbot, back_to_english) -> None:
    """A switch while a backward stage is drawn, the histograms are fed and the article's
    MSE is shown: every text changes where it is, with nothing clicked again."""
    window = make_window(qtbot)
    list(distribution_texts(window))
    list(article_mse_texts(window))
    list(stage_texts(window, "backward"))
    index = window.stage_stepper.index

    def shown() -> list[tuple[str, str]]:
        settle()
        texts = [*shown_stage_texts(window), *shown_distribution_texts(window),
                 *widget_texts(window.inspector.mini_batch),
                 ("miniBatch.gradientLine",
                  window.inspector.mini_batch.gradient_line.label.textItem.toPlainText()),
                 ("miniBatch.axis.bottom", plain(
                     window.inspector.mini_batch.plot.getPlotItem().getAxis("bottom").labelText)),
                 ("articleMseLabel.text", window.article_mse_label.text()),
                 ("articleMseLabel.toolTip", window.article_mse_label.toolTip())]
        return [(where, text) for where, text in texts if text]

    english = shown()
    assert any("∂L/∂w" in text for where, text in english if where.endswith(".legend"))
    window.choose_language("zh_CN")
    chinese = shown()
    assert window.stage_stepper.index == index  # still the same stage, redrawn in Chinese
    assert window.stage_stepper.overlay.stage.kind == "backward"
    bad = untranslated(chinese)
    assert not bad, "\n".join(bad)
    assert {w for w, _ in chinese} == {w for w, _ in english}
    assert any("反向传播" in text for _, text in chinese)
    window.choose_language("en")
    bad = leftover_chinese(shown())
    assert not bad, "\n".join(bad)
