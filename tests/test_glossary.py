"""docs/glossary.md fixes each term's Chinese once; the translation keeps to it."""

from __future__ import annotations

import importlib.util
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "docs" / "glossary.md"


def _tool():
    spec = importlib.util.spec_from_file_location("translations_tool_glossary",
                                                  ROOT / "packaging" / "translations.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class Term:
    english: tuple[str, ...]  # spellings of the term
    chinese: str
    never: tuple[str, ...]  # translations the term must not get


def glossary(text: str | None = None) -> list[Term]:
    """The rows of the table under '## Terms'."""
    text = GLOSSARY.read_text(encoding="utf-8") if text is None else text
    section = text.split("## Terms", 1)[1].split("\n## ", 1)[0]
    terms = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 3 or cells[0] in ("English", "") or set(cells[0]) <= {"-"}:
            continue
        split = lambda cell: tuple(s.strip() for s in cell.split(",") if s.strip())  # noqa: E731
        terms.append(Term(split(cells[0]), cells[1], split(cells[2])))
    return terms


def _pattern(english: str) -> re.Pattern[str]:
    words = r"[\s-]+".join(re.escape(w) for w in re.split(r"[\s-]+", english))
    return re.compile(rf"\b{words}(?:s|es)?\b", re.IGNORECASE)


def terms_in(source: str, terms: list[Term]) -> list[Term]:
    """The terms a source text uses, longest first, each span counted once."""
    spans: list[tuple[int, int]] = []
    found = []
    by_length = sorted(((e, t) for t in terms for e in t.english), key=lambda p: -len(p[0]))
    for english, term in by_length:
        for m in _pattern(english).finditer(source):
            if any(m.start() < end and start < m.end() for start, end in spans):
                continue  # inside a longer term already counted
            spans.append(m.span())
            if term not in found:
                found.append(term)
    return found


def inconsistencies(entries, terms: list[Term]) -> list[str]:
    problems = []
    for e in entries:
        if e.status:  # unfinished: test_translations reports it
            continue
        for text in e.translations:
            for term in terms_in(e.source, terms):
                if term.chinese not in text:
                    problems.append(f"{e.source!r}: {term.english[0]} is {term.chinese}, "
                                    f"not in {text!r}")
            for term in terms:
                problems += [f"{e.source!r}: {bad!r} is never used (say {term.chinese})"
                             for bad in term.never if bad in text]
    return problems


def test_the_glossary_fixes_each_term_once() -> None:
    terms = glossary()
    assert len(terms) >= 40
    english = [e.lower() for t in terms for e in t.english]
    assert len(english) == len(set(english)), "an English term is listed twice"
    chinese = [t.chinese for t in terms]
    assert len(chinese) == len(set(chinese)), "two terms share one translation"
    article = {"前向传播", "反向传播", "激活函数", "损失函数", "梯度下降", "学习率", "权重",
               "偏置", "隐藏层", "输出层", "批大小", "训练轮次"}
    assert article <= set(chinese)


def test_no_glossary_term_is_translated_two_ways() -> None:
    tool = _tool()
    entries = tool.read_ts(tool.CATALOGS[0].ts)
    assert tool.CATALOGS[0].language == "zh_CN"
    assert inconsistencies(entries, glossary()) == []


def test_the_check_catches_a_second_translation_and_a_banned_word() -> None:
    tool = _tool()
    terms = glossary()

    def entry(source: str, translation: str):
        return tool.Entry("C", source, "", (translation,), "", False)

    assert inconsistencies([entry("Batch size", "批大小")], terms) == []
    assert inconsistencies([entry("Hidden layer 2", "隐藏层 2")], terms) == []
    # The peer's mistake: two words for one thing.
    assert inconsistencies([entry("Batch size", "批量大小")], terms) != []
    assert inconsistencies([entry("Points per step", "每步的点数（批量大小）")], terms) != []
    assert inconsistencies([entry("Learning rate", "学习速率")], terms) != []
    # A longer term is checked as itself: "bias correction" is not a neuron's bias.
    assert inconsistencies([entry("the bias corrections", "偏差修正")], terms) == []
    assert [t.chinese for t in terms_in("Epochs of the hidden layers", terms)] == \
        ["隐藏层", "训练轮次"]
