"""The interface's language: English or Simplified Chinese, through Qt's translators.

``install_language`` replaces the installed translators: bplab's own catalogue
(resources/translations/bplab_<lang>.qm, made by packaging/translations.py) and,
for Chinese, Qt's (qtbase_zh_CN.qm: file dialogs, standard buttons).  Qt then
sends every widget a ``LanguageChange`` event, and each one sets its texts again
in its ``retranslate`` method, so a switch needs no restart.

English has a catalogue too: it holds only the strings with a count, so that
"%n layer(s)" reads "1 layer" and "2 layers".

The choice is "system" (follow the system's locale), "en" or "zh_CN"; it is kept
in QSettings.  The command line's ``--lang`` overrides it for one run.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QSettings,
    QTranslator,
)
from PySide6.QtGui import QFontDatabase

from bplab.experiment import translation
from bplab.resources import resource_path

SYSTEM = "system"
LANGUAGES = ("en", "zh_CN")  # what the interface speaks
CHOICES = (SYSTEM, *LANGUAGES)
NATIVE_NAMES = {"en": "English", "zh_CN": "简体中文"}  # each in its own words, never translated
SETTINGS_KEY = "ui/language"
QT_CATALOGS = {"zh_CN": ("qtbase_zh_CN",)}  # Qt's own strings, per language

_installed: list[QTranslator] = []  # kept alive while installed
_state = {"language": "", "choice": ""}  # what is installed, and the choice it came from


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for translation in ``context``; it is translated where it is shown."""
    return text


# Said (in English, which any font shows, and translated) when Chinese is chosen and no
# font has Chinese characters: the window would show empty boxes.
NO_CJK_FONT = QT_TRANSLATE_NOOP(
    "MainWindow", "Chinese text needs a font with Chinese characters, and none is installed: "
                  "install the package fonts-noto-cjk (Debian, Ubuntu; Fedora: "
                  "google-noto-sans-cjk-fonts), then start bplab again.")


def system_language(locale: QLocale | None = None) -> str:
    """The first of the locale's interface languages that bplab speaks; English if none.

    Chinese in any script or region reads the Simplified catalogue, the only Chinese one.
    """
    locale = QLocale.system() if locale is None else locale
    for name in [*locale.uiLanguages(), locale.name()]:
        tag = name.replace("-", "_").lower()
        if tag.startswith("zh"):
            return "zh_CN"
        if tag.startswith("en") or tag in ("c", "posix"):
            return "en"
    return "en"


def resolve(choice: str) -> str:
    """The language a choice means now ("system" follows the locale)."""
    return choice if choice in LANGUAGES else system_language()


def saved_choice(settings: tuple[str, str] = ("bplab", "bplab")) -> str:
    value = QSettings(*settings).value(SETTINGS_KEY, SYSTEM)
    return value if value in CHOICES else SYSTEM


def save_choice(choice: str, settings: tuple[str, str] = ("bplab", "bplab")) -> None:
    QSettings(*settings).setValue(SETTINGS_KEY, choice)


def qt_translation_dirs() -> list[Path]:
    """Where Qt's own .qm files may be: Qt's configured folder, then PySide6's and a
    bundle's copy (a frozen program's Qt may not know where it was unpacked)."""
    dirs = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    import PySide6

    dirs.append(Path(PySide6.__file__).resolve().parent / "Qt" / "translations")
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        dirs.append(Path(bundle) / "PySide6" / "Qt" / "translations")
    return dirs


def _load(name: str, folders: list[Path]) -> QTranslator | None:
    for folder in folders:
        translator = QTranslator()
        if translator.load(name, str(folder)):
            return translator
    return None


def install_language(language: str, choice: str | None = None) -> list[str]:
    """Make ``language`` ("en" or "zh_CN") the interface's; returns the catalogues that
    could not be found (none normally).  Every widget gets a LanguageChange event."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; choose one of {', '.join(LANGUAGES)}")
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install_language needs a QApplication")
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    missing = []
    wanted = [(qt, qt_translation_dirs()) for qt in QT_CATALOGS.get(language, ())]
    wanted.append((f"bplab_{language}", [resource_path("translations")]))
    for name, folders in wanted:
        translator = _load(name, folders)
        if translator is None:
            missing.append(name)
            continue
        app.installTranslator(translator)
        _installed.append(translator)
    # Dates and Qt's own texts (e.g. file sizes in the file dialog) follow the language;
    # English keeps the system's locale (its decimal comma, say), as before.
    QLocale.setDefault(QLocale(language) if language != "en" else QLocale.system())
    translation.set_translator(QCoreApplication.translate)  # the step-through's sentences
    _state.update(language=language, choice=choice or language)
    if missing:
        print(f"bplab: translations not found: {', '.join(missing)}; some text stays English",
              file=sys.stderr)
    return missing


def has_cjk_font() -> bool:
    """Whether some installed font can draw Simplified Chinese."""
    return bool(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))


def missing_font_message() -> str:
    """What to install, when the interface is Chinese and no font can draw it; else ""."""
    if current_language() != "zh_CN" or has_cjk_font():
        return ""
    translated = QCoreApplication.translate("MainWindow", NO_CJK_FONT)
    return NO_CJK_FONT if translated == NO_CJK_FONT else f"{NO_CJK_FONT}\n{translated}"


def current_language() -> str:
    """The installed language ("" before any)."""
    return _state["language"]


def current_choice() -> str:
    """What the installed language was chosen as: "system", "en" or "zh_CN" ("" before any)."""
    return _state["choice"]


def ensure_language() -> None:
    """English (with its plural forms) unless a language is installed already: a window
    built without ``bplab``'s start-up (tests, the self-test) still reads "1 layer"."""
    if not current_language() and QCoreApplication.instance() is not None:
        install_language("en")


def choose(choice: str, settings: tuple[str, str] = ("bplab", "bplab")) -> str:
    """The View ▸ Language menu: remember ``choice`` and switch to it; returns the language."""
    if choice not in CHOICES:
        raise ValueError(f"unknown language choice {choice!r}")
    save_choice(choice, settings)
    language = resolve(choice)
    install_language(language, choice)
    return language


class Retranslatable:
    """Mixin for a widget whose texts ``retranslate()`` sets: called again on every
    LanguageChange, which Qt sends each widget when the translators change.

    The widget calls ``retranslate()`` once itself, at the end of its ``__init__``.
    Texts that depend on state (a count, a file name) are recomputed by the code that
    sets them; ``retranslate`` calls that code too.
    """

    def retranslate(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)  # type: ignore[misc]
