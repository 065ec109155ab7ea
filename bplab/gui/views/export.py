"""Saving a view to PNG or SVG through pyqtgraph's exporters.

Every exporter is given an explicit path: without one pyqtgraph opens a
modal file dialog, which would hang a test run or a headless export.  The
exporters (and the XML modules under them) are imported on the first export,
not with the views that offer one.
"""

from __future__ import annotations

import contextlib
import importlib
import math
from collections.abc import Iterator

from pyqtgraph import LegendItem
from PySide6.QtWidgets import QGraphicsItem


def export_item(item: QGraphicsItem, path: str, fmt: str, scale: float = 2.0) -> None:
    """Write ``item`` (a PlotItem or a layout) as ``fmt`` ('png' or 'svg') to ``path``."""
    if not path:
        raise ValueError("export needs a file path")
    fmt = fmt.lower()
    from pyqtgraph.exporters import ImageExporter, SVGExporter

    if fmt == "png":
        exp = ImageExporter(item)
        rect = item.sceneBoundingRect()
        params = exp.parameters()
        # Set both sides exactly; the exporter would otherwise round one of them down.
        params.param("width").setValue(math.ceil(rect.width() * scale),
                                       blockSignal=exp.widthChanged)
        params.param("height").setValue(math.ceil(rect.height() * scale),
                                        blockSignal=exp.heightChanged)
        with _legends_scaled(item, scale):
            exp.export(path)
    elif fmt == "svg":
        with _closed_paths_tolerated():
            SVGExporter(item).export(path)
    else:
        raise ValueError(f"cannot export to {fmt!r}; choose png or svg")


def _descendants(item: QGraphicsItem) -> Iterator[QGraphicsItem]:
    for child in item.childItems():
        yield child
        yield from _descendants(child)


@contextlib.contextmanager
def _legends_scaled(item: QGraphicsItem, scale: float) -> Iterator[None]:
    """Draw the legends under ``item`` ``scale`` times larger for one image export.

    pyqtgraph's legends ignore transformations (they keep their pixel size when
    the plot is zoomed), so an export at 2× or 3× would scale the axes and
    ticks but leave the legend at 1×, unreadable on a slide.  Scaled about its
    top-left corner, which the export already places ``scale`` times further
    out, a legend covers exactly ``scale`` times the area it covers on screen.
    """
    legends = [c for c in _descendants(item) if isinstance(c, LegendItem) and c.isVisible()]
    before = [legend.scale() for legend in legends]
    for legend, s in zip(legends, before, strict=True):
        legend.setScale(s * scale)
    try:
        yield
    finally:
        for legend, s in zip(legends, before, strict=True):
            legend.setScale(s)


@contextlib.contextmanager
def _closed_paths_tolerated() -> Iterator[None]:
    """Let pyqtgraph 0.14.0's SVG exporter read closed paths.

    Qt 6.12's SVG generator ends closed paths with 'Z', which that exporter's
    coordinate fixer cannot parse (pyqtgraph issue #3495), so every ViewBox
    fails.  The 'Z' is taken out around the fixer and put back afterwards.
    Patched only for the duration of one export.
    """
    svg_module = importlib.import_module("pyqtgraph.exporters.SVGExporter")
    original = svg_module.correctCoordinates

    def correct(node, defs, item, options):
        closed = []
        for element in node.getElementsByTagName("path"):
            tokens = element.getAttribute("d").split()
            coords = [t for t in tokens if "," in t]
            if len(coords) != len(tokens):
                element.setAttribute("d", " ".join(coords))
                if coords:
                    closed.append(element)
        original(node, defs, item, options)
        for element in closed:
            element.setAttribute("d", element.getAttribute("d").rstrip() + " Z")

    svg_module.correctCoordinates = correct
    try:
        yield
    finally:
        svg_module.correctCoordinates = original
