"""The translation files: current with the code, complete, compiled, and loadable by Qt."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _tool():
    spec = importlib.util.spec_from_file_location("translations_tool",
                                                  ROOT / "packaging" / "translations.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


tool = _tool()


def test_ts_and_qm_are_current_and_complete() -> None:
    """Re-extracting changes nothing, no entry is unfinished or obsolete, the .qm are
    compiled from the .ts.  When this fails: python packaging/translations.py, translate
    what it reports (--todo lists it), run it again and commit resources/."""
    assert tool.problems() == []


def test_the_check_reports_an_untranslated_and_a_stale_entry(tmp_path: Path,
                                                             monkeypatch) -> None:
    ts_dir, qm_dir = tmp_path / "i18n", tmp_path / "translations"
    ts_dir.mkdir()
    for catalog in tool.CATALOGS:
        (ts_dir / catalog.ts.name).write_bytes(catalog.ts.read_bytes())
    zh = ts_dir / "bplab_zh_CN.ts"
    text = zh.read_text(encoding="utf-8")
    text = text.replace("<translation>模型</translation>",
                        '<translation type="unfinished"></translation>', 1)
    text = text.replace("</TS>", "<context><name>Gone</name><message><source>Not in the code"
                        "</source><translation>不在代码里</translation></message></context></TS>")
    zh.write_text(text, encoding="utf-8")
    monkeypatch.setattr(tool, "TS_DIR", ts_dir)
    monkeypatch.setattr(tool, "QM_DIR", qm_dir)
    found = "\n".join(tool.problems())
    assert "bplab_zh_CN.ts does not match the source code" in found
    assert "unfinished entry in MainWindow: 'Model'" in found
    assert "bplab_zh_CN.qm is not compiled" in found  # there is none in qm_dir


def test_every_ts_entry_keeps_the_placeholders_of_its_source() -> None:
    """A translation that drops or renames {0} or %n would show the wrong number."""
    for catalog in tool.CATALOGS:
        for e in tool.read_ts(catalog.ts):
            wanted = sorted(re.findall(r"\{\w*\}|%n", e.source))
            for text in e.translations:
                assert sorted(re.findall(r"\{\w*\}|%n", text)) == wanted, (e.context, e.source)


@pytest.mark.parametrize("catalog", tool.CATALOGS, ids=lambda c: c.language)
def test_qt_loads_the_compiled_catalogs(qapp, catalog) -> None:
    from PySide6.QtCore import QTranslator

    from bplab.resources import resource_path

    translator = QTranslator()
    assert translator.load(str(resource_path("translations", catalog.qm.name)))
    entries = tool.read_ts(catalog.ts)
    assert entries, "an empty catalog"
    plural = [e for e in entries if e.numerus]
    for e in plural[:5]:
        one = translator.translate(e.context, e.source, e.comment or None, 1)
        assert one == e.translations[0].replace("%n", "1") or "%n" in one
    if catalog.language == "zh_CN":
        assert translator.translate("MainWindow", "Model") == "模型"
    else:  # English: the singular and the plural of a count
        e = plural[0]
        assert translator.translate(e.context, e.source, e.comment or None, 1) != \
            translator.translate(e.context, e.source, e.comment or None, 2)
