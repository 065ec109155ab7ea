"""The interface's language: the system's by default, View ▸ Language, --lang, Qt's own strings."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QSettings
from PySide6.QtWidgets import QDialogButtonBox

from bplab import cli
from bplab.gui import i18n
from bplab.gui.main_window import SETTINGS, MainWindow


def forget_choice() -> None:
    QSettings(*SETTINGS).remove(i18n.SETTINGS_KEY)


@pytest.fixture
def english_after(qapp) -> Iterator[None]:
    """Whatever the test switches to, the next test starts in English with no choice saved."""
    yield
    i18n.install_language("en")
    forget_choice()
    QCoreApplication.processEvents()


@pytest.fixture
def window(qtbot, english_after) -> MainWindow:
    w = MainWindow(remember_layout=False)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    return w


def languages_of(window: MainWindow) -> tuple[str, str, str]:
    return window.menu_file.title(), window.action_play.text(), window.form_dock.windowTitle()


@pytest.mark.parametrize(("name", "language"), [
    ("zh_CN", "zh_CN"), ("zh_TW", "zh_CN"), ("zh_SG", "zh_CN"), ("en_US", "en"),
    ("en_GB", "en"), ("de_DE", "en"), ("C", "en"),
])
def test_the_system_locale_picks_the_language(name: str, language: str) -> None:
    assert i18n.system_language(QLocale(name)) == language


def test_system_follows_the_locale_and_a_choice_is_itself(monkeypatch) -> None:
    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale("zh_CN")))
    assert i18n.resolve("system") == "zh_CN"
    assert i18n.resolve("en") == "en" and i18n.resolve("zh_CN") == "zh_CN"
    with pytest.raises(ValueError, match="unknown language"):
        i18n.install_language("fr")


def test_the_language_menu_switches_every_open_view_at_once(qtbot, window) -> None:
    english = languages_of(window)
    assert english == ("&File", "Play", "Model")
    window.language_actions["zh_CN"].trigger()
    QCoreApplication.processEvents()
    assert languages_of(window) == ("文件(&F)", "训练", "模型")
    assert window.language_actions["zh_CN"].isChecked()
    assert i18n.saved_choice(SETTINGS) == "zh_CN"  # remembered for the next start
    assert window.findChild(object, "epochLabel").text().startswith("训练轮次")
    window.language_actions["en"].trigger()
    QCoreApplication.processEvents()
    assert languages_of(window) == english
    assert i18n.saved_choice(SETTINGS) == "en"


def test_system_language_in_the_menu_follows_the_locale(qtbot, window, monkeypatch) -> None:
    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale("zh_CN")))
    window.language_actions["system"].trigger()
    QCoreApplication.processEvents()
    assert window.action_play.text() == "训练"
    assert i18n.saved_choice(SETTINGS) == "system" and i18n.current_choice() == "system"


def test_qt_own_strings_are_translated_too(qtbot, english_after) -> None:
    i18n.install_language("zh_CN")
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel
                               | QDialogButtonBox.StandardButton.Save)
    qtbot.addWidget(buttons)
    texts = [b.text() for b in buttons.buttons()]
    assert any("取消" in t for t in texts) and any("保存" in t for t in texts), texts


def test_english_reads_its_plural_forms(qtbot, window) -> None:
    from bplab.gui.views.network_view import NetworkView

    assert window.findChild(NetworkView) is not None
    note = window.tr("No decision boundary to draw: the data has %n input column(s), and "
                     "the boundary view needs points in a 2-D plane.", "", 1)
    assert "1 input column," in note
    assert "3 input columns," in window.tr(
        "No decision boundary to draw: the data has %n input column(s), and the boundary "
        "view needs points in a 2-D plane.", "", 3)


def test_lang_on_the_command_line_sets_the_window_and_the_screenshot(
        qapp, monkeypatch, tmp_path, english_after) -> None:
    from bplab.gui import app

    seen: list[tuple[str, str, str]] = []

    def picture(_app, window, path, _epochs):
        seen.append(languages_of(window))
        window.setWindowModified(False)
        window.close()
        return 0

    monkeypatch.setattr(app, "_screenshot", picture)
    i18n.save_choice("en", SETTINGS)  # --lang wins over the saved choice, without changing it
    assert cli.main(["--lang", "zh_CN", "--screenshot", str(tmp_path / "zh.png")]) == 0
    assert seen == [("文件(&F)", "训练", "模型")]
    assert i18n.saved_choice(SETTINGS) == "en"
    assert cli.main(["--screenshot", str(tmp_path / "en.png")]) == 0  # the saved choice
    assert seen[-1] == ("&File", "Play", "Model")


def test_lang_refuses_what_the_window_does_not_speak(capsys) -> None:
    assert cli.main(["--lang", "fr"]) == 2
    err = capsys.readouterr().err
    assert "--lang" in err and "zh_CN" in err
    assert cli.main(["--lang", "zh_CN", "--self-test"]) == 2
    assert cli.LANGUAGES == i18n.LANGUAGES


def test_every_label_of_the_qt_free_layers_is_marked_for_translation() -> None:
    from bplab.data import GENERATORS
    from bplab.engine import ACTIVATIONS, INITIALIZERS, LOSSES, OPTIMIZERS, REGULARIZERS
    from bplab.experiment import default_experiment, list_examples
    from bplab.export.kinds import KINDS
    from bplab.gui import names

    labels = {a.label for a in ACTIVATIONS.values()} | {loss.label for loss in LOSSES.values()}
    labels |= {o.label for o in OPTIMIZERS.values()} | set(REGULARIZERS.values())
    labels |= {label for label, _fn in INITIALIZERS.values()}
    labels |= {g.label for g in GENERATORS.values()} | {k.title for k in KINDS}
    labels |= {default_experiment().name} | {title for title, _path in list_examples()}
    assert sorted(labels - set(names.LABELS)) == []


def test_without_a_chinese_font_the_window_says_once_what_to_install(qtbot, monkeypatch,
                                                                      english_after) -> None:
    monkeypatch.setattr(i18n, "has_cjk_font", lambda: False)
    english = MainWindow(remember_layout=False)
    qtbot.addWidget(english)
    english.show()
    assert english.banner.message() == ""  # English needs no Chinese font
    i18n.install_language("zh_CN")
    QCoreApplication.processEvents()
    message = english.banner.message()
    assert "fonts-noto-cjk" in message
    assert message.startswith("Chinese text needs a font")  # readable without the font
    assert "中文" in message  # and in Chinese, for a reader who does have one
    english.banner.hide()
    i18n.install_language("en")
    i18n.install_language("zh_CN")  # back and forth: not said again
    QCoreApplication.processEvents()
    assert english.banner.message() == ""


def test_a_chinese_font_is_found_here() -> None:
    """CI installs fonts-noto-cjk (.ci/run) so screenshots show real glyphs."""
    assert i18n.has_cjk_font()
