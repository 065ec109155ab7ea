"""Graphics items of the network view, each created once per architecture.

Links and node frames are painted by hand from NumPy arrays: one item for all
links (pens cached per colour × width, links drawn thin to thick so strong
weights stay on top) is far cheaper per frame than thousands of
QGraphicsItems, and hit testing is done with NumPy in ``network_layout``.
"""

from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QLineF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QLinearGradient, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsWidget, QSizePolicy

from bplab.gui.views.colors import DIVERGING_LUT, LINK_LUT, LUT_SIZE, NEGATIVE, NEUTRAL, POSITIVE

WIDTH_STEPS = 4  # link widths are quantised to 1/4 px so pens can be cached
FRAME_COLOR = QColor("#9aa0a6")
HIGHLIGHT_COLOR = QColor(30, 30, 30, 170)
DENSE_MARKERS = 300  # more bias markers than this are painted without an outline
TEXT_COLOR = QColor("#444")


def export_scale(item: pg.GraphicsObject) -> float:
    """How much larger than on screen an image export draws (cosmetic pens do not follow)."""
    opts = getattr(item, "_exportOpts", False)
    return float(opts.get("resolutionScale", 1.0)) if opts else 1.0


def _cosmetic_pen(color: QColor, width: float, round_caps: bool = True) -> QPen:
    pen = QPen(color, width)
    pen.setCosmetic(True)  # widths in screen pixels, whatever the zoom
    # Round caps cost: antialiased lines wider than 1 px with round caps rasterise
    # 5-20 times slower than with flat ones (2,000 long lines: 0.3-1.3 s against 60 ms).
    pen.setCapStyle(Qt.PenCapStyle.RoundCap if round_caps else Qt.PenCapStyle.FlatCap)
    return pen


class LinkLayer(pg.GraphicsObject):
    """All links of the network, one painted item."""

    def __init__(self) -> None:
        super().__init__()
        self._paths: list[QPainterPath] = []
        self._lines: list[QLineF] | None = None  # straight links of a dense net
        self._line_cache: dict[int, QLineF] = {}  # lines of the subset drawn, by link index
        self._groups: list[tuple[int, list[QLineF]]] = []  # straight links per pen key
        self._keys: list[int] = []  # pen key per link: width step * LUT_SIZE + colour row
        self._order: list[int] = []  # paint order: thin to thick, grouped by pen
        self._pens: dict[int, QPen] = {}
        self.lut = LINK_LUT  # the colours ``set_style``'s rows index
        self._rect = QRectF()
        self._key_array: np.ndarray | None = None  # the keys drawn, to skip unchanged frames
        self.paint_seconds = 0.0  # CPU time of the last on-screen paint (antialiased strokes)
        self.highlight: int | None = None  # flat index of the hovered link
        # Painted into a pixmap that is only redone when the links change: frames that
        # change only the thumbnails (which overlap the links' ends) copy it instead.
        self.setCacheMode(pg.GraphicsObject.CacheMode.DeviceCoordinateCache)

    def set_geometry(self, controls: np.ndarray, bounds: QRectF, straight: bool = False,
                     subset: np.ndarray | None = None) -> None:
        """The links' control points ((n, 4, 2): start, two controls, end), or with
        ``subset`` those of the links it indexes only (a big net's strongest links).

        Straight links of a subset keep the lines made for them last time: a big
        net's strongest links change a few at a time.
        """
        self.prepareGeometryChange()
        self._paths = []
        self._lines = None
        if straight:  # straight links of a dense net: lines, no paths needed
            ids = range(len(controls)) if subset is None else subset.tolist()
            old = self._line_cache if subset is not None else {}
            new_ids = [k for k in ids if k not in old]
            made = {k: QLineF(*c[0], *c[3])
                    for k, c in zip(new_ids, controls[new_ids].tolist(), strict=True)}
            cache = {k: old.get(k) or made[k] for k in ids}
            self._lines = list(cache.values())
            self._line_cache = cache if subset is not None else {}
        else:
            points = (controls if subset is None else controls[subset]).tolist()
            for c in points:
                path = QPainterPath(QPointF(*c[0]))
                path.cubicTo(QPointF(*c[1]), QPointF(*c[2]), QPointF(*c[3]))
                self._paths.append(path)
            self._line_cache = {}
        n = len(self._lines) if self._lines is not None else len(self._paths)
        self._groups = []
        self._keys = [0] * n
        self._key_array = None
        self._order = list(range(n))
        self._rect = bounds
        self.highlight = None
        self.update()

    def set_lut(self, lut: np.ndarray) -> None:
        """Colour the links from another LUT (the gradient view's) from the next style on."""
        self.lut, self._pens, self._key_array = lut, {}, None

    def set_style(self, color_rows: np.ndarray, widths: np.ndarray) -> bool:
        """``color_rows`` index LINK_LUT; ``widths`` are in pixels.  False if nothing changed."""
        steps = np.maximum(np.rint(widths * WIDTH_STEPS), 1).astype(np.intp)
        keys = steps * LUT_SIZE + color_rows
        if self._key_array is not None and np.array_equal(keys, self._key_array):
            return False  # every link looks as drawn: nothing to repaint
        self._key_array = keys
        self._keys = keys.tolist()
        order = np.argsort(keys, kind="stable")
        self._order = order.tolist()
        if self._lines is not None:
            # One drawLines call per pen: thousands of links in a few calls.  Each group
            # holds link indices, so its pen is the key of its first link (not of the
            # first position in sorted order).
            cuts = np.flatnonzero(np.diff(keys[order])) + 1
            lines = self._lines
            self._groups = [(int(keys[g[0]]), [lines[k] for k in g.tolist()])
                            for g in np.split(order, cuts) if len(g)]
        self.update()
        return True

    def width_of(self, k: int) -> float:
        return (self._keys[k] // LUT_SIZE) / WIDTH_STEPS

    def color_of(self, k: int) -> QColor:
        return self._pen(self._keys[k]).color()

    def _pen(self, key: int, scale: float = 1.0) -> QPen:
        pen = self._pens.get(key) if scale == 1.0 else None
        if pen is None:
            r, g, b, _ = self.lut[key % LUT_SIZE].tolist()
            # Links end at node centres, under the nodes: their caps are never seen.
            pen = _cosmetic_pen(QColor(r, g, b), (key // LUT_SIZE) / WIDTH_STEPS * scale,
                                round_caps=False)
            if scale == 1.0:
                self._pens[key] = pen
        return pen

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, p: QPainter, *args: object) -> None:
        start = time.thread_time()
        scale = export_scale(self)
        # A dense net's thousands of thin straight links paint in half the time without
        # antialiasing, and its painting holds up the GUI thread (and, holding the GIL,
        # training); pictures saved to files keep it.
        p.setRenderHint(QPainter.RenderHint.Antialiasing, self._lines is None or scale != 1.0)
        paths, keys, last = self._paths, self._keys, -1
        if self._lines is not None:
            for key, lines in self._groups:
                p.setPen(self._pen(key, scale))
                p.drawLines(lines)
        else:
            for k in self._order:
                key = keys[k]
                if key != last:
                    p.setPen(self._pen(key, scale))
                    last = key
                p.drawPath(paths[k])
        if self.highlight is not None and self.highlight < len(keys):
            k = self.highlight
            for pen in (_cosmetic_pen(HIGHLIGHT_COLOR, (self.width_of(k) + 3.0) * scale,
                                      round_caps=False),
                        self._pen(keys[k], scale)):
                p.setPen(pen)
                if self._lines is not None:
                    p.drawLine(self._lines[k])
                else:
                    p.drawPath(paths[k])
        if scale == 1.0:
            self.paint_seconds = time.thread_time() - start


class NodeLayer(pg.GraphicsObject):
    """Node frames (squares over heatmaps, or plain circles) and, as a child item, the
    bias markers.

    The frames change only with the geometry and the hover, the bias colours on
    every frame: kept apart, each frame repaints the markers only, and the frames
    come from their cached pixmap.  Both paint in a few calls however many nodes
    there are (a big net has thousands): the frames as one path, the markers one
    ``drawRects`` per colour.
    """

    def __init__(self) -> None:
        super().__init__()
        self._nodes: list[QRectF] = []
        self._rect = QRectF()
        self._round = False  # plain circles when there are no heatmaps
        self._frames: dict[bool, QPainterPath] = {}  # all frames, round or square, made once
        self.highlight_node: int | None = None
        self._frame_pen = _cosmetic_pen(FRAME_COLOR, 1.0)
        self._hi_pen = _cosmetic_pen(QColor("#202124"), 2.5)
        self._biases = BiasMarkers(self)
        # Over the thumbnails, which change on every frame: copied from a pixmap then.
        self.setCacheMode(pg.GraphicsObject.CacheMode.DeviceCoordinateCache)

    @property
    def round(self) -> bool:
        return self._round

    @round.setter
    def round(self, on: bool) -> None:
        if bool(on) != self._round:
            self._round = bool(on)
            self.update()

    @property
    def highlight_bias(self) -> int | None:
        return self._biases.highlight

    @highlight_bias.setter
    def highlight_bias(self, k: int | None) -> None:
        if k != self._biases.highlight:
            self._biases.highlight = k
            self._biases.update()

    def set_geometry(self, node_rects: np.ndarray, bias_rects: np.ndarray,
                     bounds: QRectF) -> None:
        self.prepareGeometryChange()
        self._nodes = [QRectF(x0, y0, x1 - x0, y1 - y0) for x0, y0, x1, y1 in node_rects.tolist()]
        self._frames = {}
        self._rect = bounds
        self.highlight_node = None
        self._biases.set_geometry(bias_rects, bounds)
        self.update()

    def set_bias_rows(self, rows: np.ndarray) -> None:
        self._biases.set_rows(rows)

    def bias_color(self, k: int) -> QColor:
        return self._biases.color(k)

    def _frame_path(self) -> QPainterPath:
        path = self._frames.get(self._round)
        if path is None:
            path = QPainterPath()
            add = path.addEllipse if self._round else path.addRect
            for r in self._nodes:
                add(r)
            self._frames[self._round] = path
        return path

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, p: QPainter, *args: object) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        scale = export_scale(self)
        frame, hi = self._frame_pen, self._hi_pen
        if scale != 1.0:
            frame, hi = (_cosmetic_pen(q.color(), q.widthF() * scale) for q in (frame, hi))
        p.setPen(frame)
        # Each frame is its own subpath: a fill fills each one, overlapping none.
        p.setBrush(QBrush(QColor("white")) if self._round else Qt.BrushStyle.NoBrush)
        p.drawPath(self._frame_path())
        if self.highlight_node is not None:
            p.setPen(hi)
            p.setBrush(Qt.BrushStyle.NoBrush)
            r = self._nodes[self.highlight_node]
            p.drawEllipse(r) if self._round else p.drawRect(r)


class BiasMarkers(pg.GraphicsObject):
    """The small squares beside the nodes, coloured by their biases (NodeLayer's child)."""

    def __init__(self, parent: pg.GraphicsObject) -> None:
        super().__init__(parent)
        self._rects: list[QRectF] = []
        self._rows: np.ndarray = np.zeros(0, np.intp)  # DIVERGING_LUT row of each marker
        self._groups: list[tuple[int, list[QRectF]]] = []  # markers per colour row
        self._rect = QRectF()
        self.highlight: int | None = None
        self._pen = _cosmetic_pen(QColor("#5f6368"), 1.0)
        self._hi_pen = _cosmetic_pen(QColor("#202124"), 2.5)
        self._brushes = [QBrush(QColor(*row[:3].tolist())) for row in DIVERGING_LUT]
        self.setCacheMode(pg.GraphicsObject.CacheMode.DeviceCoordinateCache)

    def set_geometry(self, bias_rects: np.ndarray, bounds: QRectF) -> None:
        self.prepareGeometryChange()
        self._rects = [QRectF(x0, y0, x1 - x0, y1 - y0) for x0, y0, x1, y1 in bias_rects.tolist()]
        self._rect = bounds
        self.highlight = None
        self._rows = np.full(len(self._rects), LUT_SIZE // 2, np.intp)
        self._group()
        self.update()

    def set_rows(self, rows: np.ndarray) -> None:
        rows = np.asarray(rows, np.intp)
        if np.array_equal(rows, self._rows):  # repaint only for a colour that changed
            return
        self._rows = rows.copy()
        self._group()
        self.update()

    def _group(self) -> None:
        rows, rects = self._rows, self._rects
        if len(rows) != len(rects):
            self._groups = []
            return
        order = np.argsort(rows, kind="stable")
        cuts = np.flatnonzero(np.diff(rows[order])) + 1
        self._groups = [(int(rows[g[0]]), [rects[k] for k in g.tolist()])
                        for g in np.split(order, cuts) if len(g)]

    def color(self, k: int) -> QColor:
        return self._brushes[int(self._rows[k])].color()

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, p: QPainter, *args: object) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        scale = export_scale(self)
        pen, hi = self._pen, self._hi_pen
        if scale != 1.0:
            pen, hi = (_cosmetic_pen(q.color(), q.widthF() * scale) for q in (pen, hi))
        # A big net's thousands of markers are a few pixels wide: filled without an
        # outline they look the same and paint in half the time (on every frame).
        p.setPen(pen if len(self._rects) <= DENSE_MARKERS else Qt.PenStyle.NoPen)
        for row, rects in self._groups:  # one call per colour
            p.setBrush(self._brushes[row])
            p.drawRects(rects)
        if self.highlight is not None:
            p.setPen(hi)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(self._rects[self.highlight])


MIN_BAR = 60.0  # px, the shortest colour bar the legend draws


class Legend(QGraphicsWidget):
    """Colour bar from −scale to +scale with numbers, and the line-width note."""

    HEIGHT = 34.0

    def __init__(self, scale: float = 1.0) -> None:
        super().__init__()
        self.scale_value = scale
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setPreferredSize(QSizeF(300, self.HEIGHT))
        self.setMinimumHeight(self.HEIGHT)
        self.setMaximumHeight(self.HEIGHT)

    @staticmethod
    def texts() -> tuple[str, str]:
        """The caption and the line-width note, in the current language (worded when painted,
        so a language switch needs only a repaint)."""
        return (QCoreApplication.translate("Legend", "weight / neuron output"),
                QCoreApplication.translate("Legend", "line width ∝ |w|"))

    def paint(self, p: QPainter, *args: object) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(p.font())
        font.setPointSizeF(8.5)
        p.setFont(font)
        fm = p.fontMetrics()
        s = self.scale_value
        labels = (f"−{s:g}", "0", f"+{s:g}")
        caption, note = self.texts()
        bar_w, bar_h = 150.0, 9.0
        cap_w = fm.horizontalAdvance(caption) + 10
        note_w = fm.horizontalAdvance(note) + 12 + 3 * 22
        # A narrow view: a shorter bar, then no caption, then no width note, never clipped.
        room = self.size().width() - 16
        bar_w = max(MIN_BAR, min(bar_w, room - cap_w - 24 - note_w))
        if cap_w + bar_w + 24 + note_w > room:
            caption, cap_w = "", 0.0
        show_note = cap_w + bar_w + 24 + note_w <= room
        if not show_note:
            note_w = 0.0
        total = cap_w + bar_w + (24 + note_w if show_note else 0.0)
        x = max(8.0, (self.size().width() - total) / 2)
        y = 6.0
        p.setPen(TEXT_COLOR)
        if caption:
            p.drawText(QRectF(x, y - 2, cap_w, bar_h + 4), Qt.AlignmentFlag.AlignVCenter,
                       caption)
        x += cap_w
        grad = QLinearGradient(x, 0, x + bar_w, 0)
        for pos, color in ((0.0, NEGATIVE), (0.5, NEUTRAL), (1.0, POSITIVE)):
            grad.setColorAt(pos, QColor(color))
        p.setPen(QPen(FRAME_COLOR, 0.8))
        p.setBrush(QBrush(grad))
        p.drawRect(QRectF(x, y, bar_w, bar_h))
        p.setPen(TEXT_COLOR)
        for frac, text in zip((0.0, 0.5, 1.0), labels, strict=True):
            tx = x + frac * bar_w
            p.drawLine(QPointF(tx, y + bar_h), QPointF(tx, y + bar_h + 3))
            tw = fm.horizontalAdvance(text)
            p.drawText(QPointF(tx - tw / 2, y + bar_h + 4 + fm.ascent()), text)
        if not show_note:
            return
        x += bar_w + 24
        for k, w in enumerate((0.8, 2.5, 5.0)):
            p.setPen(_cosmetic_pen(QColor("#80868b"), w))
            lx = x + k * 22
            p.drawLine(QPointF(lx, y + bar_h + 2), QPointF(lx + 14, y - 1))
        x += 3 * 22 + 4
        p.setPen(TEXT_COLOR)
        p.drawText(QRectF(x, y - 2, note_w, bar_h + 6), Qt.AlignmentFlag.AlignVCenter, note)
