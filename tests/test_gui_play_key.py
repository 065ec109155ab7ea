"""Space plays and pauses with the focus in a text field, as the toolbar promises.

(Checked by hand under Xvfb with xdotool as well: a click into the learning rate,
then Space, toggles Play; before, it typed a blank into the field.)
"""

from __future__ import annotations

import pytest
from gui_helpers import make_window
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QInputDialog, QLineEdit, QSpinBox

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("field", ["learningRateCombo", "noiseSpin", "batchSizeSpin"])
def test_space_toggles_play_from_a_text_field(qtbot, field):
    window = make_window(qtbot)
    window.activateWindow()
    qtbot.waitActive(window)
    widget = window.findChild(QComboBox if field.endswith("Combo") else QSpinBox, field)
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)
    text = widget.currentText() if isinstance(widget, QComboBox) else widget.text()
    assert "Space" in window.action_play.toolTip()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert window.is_running()
    assert window.action_play.isChecked()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert not window.is_running()
    after = widget.currentText() if isinstance(widget, QComboBox) else widget.text()
    assert after == text  # no blank typed into the field
    window.setWindowModified(False)
    window.close()


def test_other_windows_keep_their_space(qtbot):
    """A dialog's field (another window) is not watched: Space types there."""
    window = make_window(qtbot)
    dialog = QInputDialog(window)
    dialog.setTextValue("a")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    edit = dialog.findChild(QLineEdit)
    edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is edit)
    qtbot.keyClick(edit, Qt.Key.Key_End)
    qtbot.keyClick(edit, Qt.Key.Key_Space)
    assert dialog.textValue() == "a "
    assert not window.is_running()
    dialog.close()
    window.close()
