"""Shared test setup.

* Qt runs on the offscreen platform (a machine without a display aborts otherwise).
* Settings go to a throw-away directory, so tests never read or write the
  user's bplab configuration.
* A test that leaves a QThread running fails.

Qt is imported lazily: tests of the engine and data never load it.
"""

from __future__ import annotations

import os
import sys
import tempfile

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_CONFIG_DIR = tempfile.mkdtemp(prefix="bplab-test-config-")
os.environ["XDG_CONFIG_HOME"] = _CONFIG_DIR  # read by Qt when settings are first used


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("bplab", "random GUI actions (tests/test_gui_random_actions.py)")
    group.addoption("--random-seeds", type=int, default=None, metavar="N",
                    help="run seeds 0..N-1 (default 3; or BPLAB_RANDOM_SEEDS)")
    group.addoption("--random-seed", type=int, action="append", default=None, metavar="S",
                    help="run only seed S (repeatable; or BPLAB_RANDOM_SEED=S1,S2)")
    group.addoption("--random-actions", type=int, default=None, metavar="K",
                    help="actions per seed (default 150; or BPLAB_RANDOM_ACTIONS)")


@pytest.fixture(autouse=True)
def _private_qt_settings() -> None:
    """Point every QSettings scope at the temporary directory (once Qt is loaded)."""
    if "PySide6.QtCore" not in sys.modules:
        return
    from PySide6.QtCore import QSettings

    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
            QSettings.setPath(fmt, scope, _CONFIG_DIR)


@pytest.fixture(autouse=True)
def no_qthread_left_running(monkeypatch: pytest.MonkeyPatch):
    """Fail any test that leaves a QThread running (then stop it, so others are unaffected)."""
    if "PySide6.QtCore" not in sys.modules:
        yield
        return
    from PySide6.QtCore import QThread

    started: list[QThread] = []
    original_start = QThread.start

    def tracking_start(self: QThread, *args: object) -> None:
        started.append(self)
        original_start(self, *args)

    monkeypatch.setattr(QThread, "start", tracking_start)
    yield
    running = []
    for thread in started:
        try:
            alive = thread.isRunning()
        except RuntimeError:  # the C++ object is gone, so the thread was finished
            continue
        if alive:
            running.append(thread.objectName() or repr(thread))
            thread.quit()
            thread.wait(2000)
    if running:
        pytest.fail(f"the test left QThread(s) running: {', '.join(running)}")


@pytest.fixture(autouse=True)
def english_with_plural_forms(request: pytest.FixtureRequest) -> None:
    """Widgets under test speak English with its plural forms ("1 layer", "2 layers"), as in
    the program, which installs a language at start-up (bplab.gui.i18n)."""
    if not {"qtbot", "qapp"} & set(request.fixturenames):
        return
    request.getfixturevalue("qapp")
    from bplab.gui import i18n

    # English even after a test that switched (the random actions reach View ▸ Language).
    if i18n.current_language() != "en":
        i18n.install_language("en")
