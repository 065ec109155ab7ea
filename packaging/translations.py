"""Extract the interface's strings into the .ts files and compile them into .qm files.

    python packaging/translations.py            # re-extract, then compile (what to run)
    python packaging/translations.py --check    # exit 1 if anything is stale or untranslated
    python packaging/translations.py --todo     # list the entries still to translate

The sources are every ``self.tr(...)``, ``QCoreApplication.translate(...)``,
``translate(...)`` and ``QT_TRANSLATE_NOOP(...)`` call under ``bplab/``, found by
``pyside6-lupdate``; ``pyside6-lrelease`` compiles them (both ship with PySide6).
Two files live in ``resources/i18n/``:

- ``bplab_zh_CN.ts``: every string, translated into Simplified Chinese;
- ``bplab_en.ts``: only the strings with a count (``%n``), so English gets its
  singular and plural forms ("1 layer", "2 layers") while its other strings are
  the source text itself.

Extraction keeps the translations already made, drops strings the code no
longer has (``-no-obsolete``), and stores no line numbers (``-locations none``)
so that an edit elsewhere in a file does not change the .ts.  New strings come
out marked unfinished: translate them (Qt Linguist, or the .ts in an editor,
following docs/glossary.md), run this again, and commit the .ts and the .qm.
"""

from __future__ import annotations

import argparse
import filecmp
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE_DIR = ROOT / "bplab"
TS_DIR = ROOT / "resources" / "i18n"
QM_DIR = ROOT / "resources" / "translations"  # read at run time (bplab.resources)


@dataclass(frozen=True)
class Catalog:
    language: str  # Qt's name, as in the file names
    plural_only: bool  # English: only the messages with plural forms

    @property
    def ts(self) -> Path:
        return TS_DIR / f"bplab_{self.language}.ts"

    @property
    def qm(self) -> Path:
        return QM_DIR / f"bplab_{self.language}.qm"


CATALOGS = (Catalog("zh_CN", plural_only=False), Catalog("en", plural_only=True))


def tool(name: str) -> str:
    """pyside6-lupdate or pyside6-lrelease: beside this Python (a venv), else on PATH."""
    here = Path(sys.executable).parent / name
    for candidate in (here, here.with_suffix(".exe")):
        if candidate.is_file():
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install PySide6 (it ships the tool) in this "
                         f"Python's environment, or put it on PATH")
    return found


def source_files() -> list[Path]:
    """Every Python file of the program: lupdate finds the marked strings itself."""
    return sorted(p for p in SOURCE_DIR.rglob("*.py") if "__pycache__" not in p.parts)


def extract(catalog: Catalog, ts: Path) -> None:
    """Merge the program's current strings into ``ts`` (created if missing)."""
    args = [tool("pyside6-lupdate"), "-silent", "-no-obsolete", "-locations", "none",
            "-source-language", "en", "-target-language", catalog.language]
    if catalog.plural_only:
        args.append("-pluralonly")
    files = [str(p.relative_to(ROOT)) for p in source_files()]
    subprocess.run([*args, *files, "-ts", str(ts)], cwd=ROOT, check=True)


def compile_qm(ts: Path, qm: Path) -> None:
    qm.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], cwd=ROOT,
                   check=True)


@dataclass(frozen=True)
class Entry:
    context: str
    source: str
    comment: str  # the disambiguation, if any
    translations: tuple[str, ...]  # one, or one per plural form
    status: str  # "" (finished), "unfinished", "obsolete" or "vanished"
    numerus: bool


def read_ts(ts: Path) -> list[Entry]:
    """The messages of a .ts file."""
    entries = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            forms = translation.findall("numerusform")
            texts = tuple(f.text or "" for f in forms) if forms else (translation.text or "",)
            entries.append(Entry(name, message.findtext("source") or "",
                                 message.findtext("comment") or "", texts,
                                 translation.get("type", ""),
                                 message.get("numerus") == "yes"))
    return entries


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def problems() -> list[str]:
    """Why the committed files are not current: stale .ts, untranslated entries, stale .qm."""
    found = []
    with tempfile.TemporaryDirectory() as scratch:
        for catalog in CATALOGS:
            rel = _shown(catalog.ts)
            if not catalog.ts.is_file():
                found.append(f"{rel} is missing: run python packaging/translations.py")
                continue
            fresh = Path(scratch) / catalog.ts.name
            shutil.copy(catalog.ts, fresh)
            extract(catalog, fresh)
            if fresh.read_bytes() != catalog.ts.read_bytes():
                found.append(f"{rel} does not match the source code (strings were added, "
                             f"changed or removed): run python packaging/translations.py")
            for e in read_ts(fresh):
                if e.status or not all(e.translations):
                    found.append(f"{rel}: {e.status or 'empty'} entry in {e.context}: "
                                 f"{e.source!r}")
            qm = Path(scratch) / catalog.qm.name
            compile_qm(catalog.ts, qm)
            if not catalog.qm.is_file() or not filecmp.cmp(qm, catalog.qm, shallow=False):
                found.append(f"{_shown(catalog.qm)} is not compiled from {rel}: "
                             f"run python packaging/translations.py")
    return found


def update() -> None:
    TS_DIR.mkdir(parents=True, exist_ok=True)
    for catalog in CATALOGS:
        extract(catalog, catalog.ts)
        compile_qm(catalog.ts, catalog.qm)
        entries = read_ts(catalog.ts)
        todo = [e for e in entries if e.status or not all(e.translations)]
        print(f"{catalog.ts.relative_to(ROOT)}: {len(entries)} strings, "
              f"{len(entries) - len(todo)} translated, {len(todo)} to do "
              f"-> {catalog.qm.relative_to(ROOT)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true",
                      help="change nothing; exit 1 and say why if the files are not current")
    mode.add_argument("--todo", action="store_true",
                      help="list the entries that are not translated yet")
    args = parser.parse_args(argv)
    if args.check:
        found = problems()
        print("\n".join(found) or "translations are current")
        return 1 if found else 0
    if args.todo:
        for catalog in CATALOGS:
            for e in read_ts(catalog.ts):
                if e.status or not all(e.translations):
                    print(f"{catalog.language}\t{e.context}\t{e.source}")
        return 0
    update()
    return 0


if __name__ == "__main__":
    sys.exit(main())
