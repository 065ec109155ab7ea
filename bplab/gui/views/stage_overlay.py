"""One stage of a training step drawn over the network graph.

The overlay adds its own items to the network view's view box and removes
them again; the view's own links, nodes and thumbnails are left as they are.
A pale veil over the view's links lets the links of the stage stand out:

- forward: the links into the layer light up (the weights' own colours over
  a yellow glow); each node of the layer shows its ``net`` and ``h``.
- loss: the output shows ŷ, the target, and the loss of the sample and of
  the mini-batch.
- backward: each node of the layer shows its ``δ``; the links into it and
  the biases are coloured by ``∂L/∂w`` in purple (negative) and green
  (positive), their width growing with |∂L/∂w|, with a legend.
- update: every link and bias is coloured the same way by its change Δw.

The numbers come from a ``Stage`` (``bplab.experiment.step_stages``), which
holds the engine's values; the texts round them to 4 significant digits as
the inspector does.
"""

from __future__ import annotations

import html

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QLineF, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsEllipseItem, QGraphicsRectItem

from bplab.experiment.step_stages import LinkNumbers, Stage
from bplab.experiment.walkthrough import num
from bplab.gui.views import network_layout as nl
from bplab.gui.views.colors import weight_colors
from bplab.gui.views.network_view import LINK_LIMIT, NetworkView  # the strongest links only

NEGATIVE = "#8e24aa"  # purple: ∂L/∂w or Δw below zero
POSITIVE = "#2e7d32"  # green: above zero
NEUTRAL = "#d5d8dc"
GLOW = QColor(251, 188, 4, 150)  # the forward pass's lit links
SELECTED = QColor("#e37400")  # the element being explained
VEIL = QColor(255, 255, 255, 185)  # over the view's links, under the thumbnails
KIND_BORDER = {"forward": "#1a73e8", "loss": "#8430ce", "backward": "#8e24aa",
               "update": "#137333"}
MIN_WIDTH, MAX_WIDTH = 0.8, 6.0  # px, of the stage's links
GLOW_LIMIT = 300  # more lit links than this go without their halo (it doubles the cost)
LINK_TEXT_LIMIT = 16  # stages lighting up more links than this show no values on them
NODE_TEXT_PX = 15.0  # px a line of a node's numbers takes: closer nodes skip theirs
# Where along a link (of nl.CURVE_SAMPLES points) its value is written: nearer the wider
# side of the layer, where its links are furthest apart.
LABEL_NEAR_SOURCE, LABEL_NEAR_TARGET = 4, 7
LEGEND_MIN_PX = 120.0  # the legend never wraps narrower than this
LABEL_PX = (62.0, 15.0)  # px a value label takes: labels closer than this are left out
Z_VEIL, Z_LINKS, Z_BIASES, Z_TEXT, Z_RING = 0.5, 0.7, 2.3, 6.0, 2.5  # nodes are at 2


def signed_colors(values: np.ndarray, top: float) -> list[QColor]:
    """Purple for negative, green for positive, fading to grey near zero (|v| / top)."""
    t = np.clip(np.abs(values) / top, 0.0, 1.0) if top > 0 else np.zeros(len(values))
    neutral, neg, pos = (np.array(QColor(c).getRgb()[:3], float)
                         for c in (NEUTRAL, NEGATIVE, POSITIVE))
    out = []
    for v, f in zip(values.tolist(), t.tolist(), strict=True):
        end = neg if v < 0 else pos
        r, g, b = (neutral + (end - neutral) * f ** 0.6).round().astype(int).tolist()
        out.append(QColor(r, g, b))
    return out


def _fits(stage: Stage, lay: nl.NetworkLayout) -> bool:
    """Whether the stage is of the network this layout draws."""
    sizes = lay.sizes
    if len(sizes) != stage.n_layers + 1:
        return False
    links_fit = all(lk.weights.shape == (sizes[lk.layer], sizes[lk.layer + 1])
                    for lk in stage.links)
    return links_fit and all(n.neuron < sizes[n.layer] for n in stage.nodes)


class StageLinks(pg.GraphicsObject):
    """The links (and bias markers) a stage lights up, each with its colour and width."""

    def __init__(self) -> None:
        super().__init__()
        self._rect = QRectF()
        self._links: list[tuple[QPainterPath | QLineF, QColor, float]] = []
        self._biases: list[tuple[QRectF, QColor]] = []
        self.glow = False  # the forward pass: a yellow halo under each link
        self.selected: int | None = None  # index into the links drawn
        # Drawn once into a pixmap: hovering and thumbnails do not repaint the links.
        self.setCacheMode(pg.GraphicsObject.CacheMode.DeviceCoordinateCache)

    def set_links(self, links: list[tuple[QPainterPath | QLineF, QColor, float]],
                  biases: list[tuple[QRectF, QColor]], rect: QRectF) -> None:
        self.prepareGeometryChange()
        self._links, self._biases, self._rect = links, biases, rect
        self.update()

    def colors(self) -> list[QColor]:
        return [c for _, c, _ in self._links]

    def widths(self) -> list[float]:
        return [w for _, _, w in self._links]

    def boundingRect(self) -> QRectF:
        return self._rect

    def _pen(self, color: QColor, width: float) -> QPen:
        pen = QPen(color, width)
        pen.setCosmetic(True)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        return pen

    def paint(self, p: QPainter, *args: object) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setBrush(Qt.BrushStyle.NoBrush)
        order = sorted(range(len(self._links)), key=lambda k: self._links[k][2])

        def draw(shape: QPainterPath | QLineF) -> None:
            if isinstance(shape, QLineF):
                p.drawLine(shape)
            else:
                p.drawPath(shape)

        if self.glow:
            for k in order:
                shape, _, width = self._links[k]
                p.setPen(self._pen(GLOW, width + 5.0))
                draw(shape)
        for k in order:
            shape, color, width = self._links[k]
            if k == self.selected:
                p.setPen(self._pen(SELECTED, width + 5.0))
                draw(shape)
            p.setPen(self._pen(color, width))
            draw(shape)
        p.setPen(self._pen(QColor("#5f6368"), 0.8))
        for rect, color in self._biases:
            p.setBrush(color)
            p.drawRect(rect)


class StageOverlay(QObject):
    """Draws one ``Stage`` over a ``NetworkView``; ``show_stage(None)`` removes it."""

    def __init__(self, view: NetworkView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._view = view
        self._vb = view.view_box()
        self.stage: Stage | None = None
        self._texts: dict[tuple[int, int], pg.TextItem] = {}  # (layer, neuron) → its numbers
        self._extra: list[pg.TextItem] = []  # the loss box and the link values
        self._veil = QGraphicsRectItem()
        self._veil.setPen(QPen(Qt.PenStyle.NoPen))
        self._veil.setBrush(VEIL)
        self._veil.setZValue(Z_VEIL)
        self.links = StageLinks()
        self.links.setZValue(Z_LINKS)
        self.bias_marks = StageLinks()  # over the view's own bias markers
        self.bias_marks.setZValue(Z_BIASES)
        self._ring = QGraphicsEllipseItem()
        self._ring.setZValue(Z_RING)
        ring_pen = QPen(SELECTED, 3.0)
        ring_pen.setCosmetic(True)
        self._ring.setPen(ring_pen)
        self.legend = pg.TextItem(anchor=(0, 1), fill=pg.mkBrush(255, 255, 255, 235),
                                  border=pg.mkPen("#bdc1c6"))
        self.legend.setZValue(Z_TEXT)
        self._link_keys: list[tuple[str, int, int, int]] = []  # (kind, layer, i, j) per link
        self._selected: tuple[str, int, int, int] | None = None
        self._added = False
        view.layoutChanged.connect(self._redraw)
        self._vb.sigResized.connect(self._place_legend)

    # -- public ----------------------------------------------------------------------
    def active(self) -> bool:
        return self.stage is not None

    def show_stage(self, stage: Stage | None) -> None:
        """Draw ``stage`` (replacing the one shown); None removes every overlay item."""
        self.stage = stage
        if stage is None:
            self._selected = None
        self._redraw()

    def select(self, kind: str, layer: int, index: int, j: int = -1) -> None:
        """Mark a node (node layer, neuron), link (weight layer, i, j) or bias on the graph."""
        self._selected = (kind, layer, index, j)
        self._place_selection()

    def node_text(self, layer: int, neuron: int) -> str:
        """The numbers shown beside a node, as plain text ("" if none)."""
        item = self._texts.get((layer, neuron))
        return item.textItem.toPlainText() if item is not None else ""

    def extra_texts(self) -> list[str]:
        return [t.textItem.toPlainText() for t in self._extra]

    def legend_text(self) -> str:
        return self.legend.textItem.toPlainText() if self.legend.isVisible() else ""

    def items(self) -> list[object]:
        """Every item the overlay has in the scene now (none when no stage is shown)."""
        if not self._added:
            return []
        return [self._veil, self.links, self.bias_marks, self._ring, self.legend,
                *self._texts.values(),
                *self._extra]

    # -- drawing ---------------------------------------------------------------------
    def _remove(self) -> None:
        for item in [*self._texts.values(), *self._extra]:
            self._vb.removeItem(item)
        self._texts, self._extra = {}, []
        if self._added:
            for item in (self._veil, self.links, self.bias_marks, self._ring):
                self._vb.removeItem(item)
            self.legend.setParentItem(None)
            if self.legend.scene() is not None:
                self.legend.scene().removeItem(self.legend)
            self._added = False
        self._link_keys = []

    def _redraw(self) -> None:
        self._remove()
        lay, stage = self._view.network_layout(), self.stage
        if stage is None or lay is None or not _fits(stage, lay):
            return  # e.g. a new architecture drawn before the stages are made again
        x0, y0, x1, y1 = lay.bounds
        pad = lay.node_size
        rect = QRectF(x0 - pad, y0 - pad, x1 - x0 + 2 * pad, y1 - y0 + 2 * pad)
        self._veil.setRect(rect)
        for item in (self._veil, self.links, self.bias_marks, self._ring):
            self._vb.addItem(item, ignoreBounds=True)
        self.legend.setParentItem(self._vb)  # fixed in the view's corner, not zoomed
        self._place_legend()
        self._added = True
        self._draw_links(stage, lay, rect)
        self._draw_nodes(stage, lay)
        if stage.kind == "loss":
            self._draw_loss(stage, lay)
        self._draw_legend(stage)
        self._place_legend()  # its width follows its text
        self._place_selection()

    def _place_legend(self, *args: object) -> None:
        # Bottom left: the column headers take the top of the view.
        self.legend.setPos(6, max(6.0, self._vb.height() - 6))
        # One line while it fits; wrapped to the view's width when not (a narrow view,
        # or a language whose sentence is longer), so no word is cut off at the edge.
        self.legend.setTextWidth(-1)
        room = max(LEGEND_MIN_PX, self._vb.width() - 12)
        if self.legend.textItem.boundingRect().width() > room:
            self.legend.setTextWidth(room)

    def legend_fits(self) -> bool:
        """Whether the legend lies inside the view (tests)."""
        box = self.legend.mapRectToItem(self._vb, self.legend.boundingRect())
        return box.left() >= 0 and box.right() <= self._vb.width() + 0.5

    def _draw_links(self, stage: Stage, lay: nl.NetworkLayout, rect: QRectF) -> None:
        values = np.concatenate([lk.weights.ravel() for lk in stage.links]) if stage.links \
            else np.zeros(0)
        finite = np.abs(values[np.isfinite(values)])
        top = float(finite.max()) if finite.size else 0.0
        signal = stage.kind == "forward"
        # Denser nets get thinner lines, as in the view, so the picture is no blot.
        thin = min(1.0, lay.node_size / (nl.PITCH * nl.NODE_FILL)) ** 0.5
        paths, biases, keys = [], [], []
        label_links = sum(lk.weights.size for lk in stage.links) <= LINK_TEXT_LIMIT
        # A huge net: its strongest links only, as the view itself draws them.
        chosen = np.ones(values.size, bool)
        if values.size > LINK_LIMIT:
            chosen[:] = False
            chosen[np.argpartition(np.abs(np.nan_to_num(values)), -LINK_LIMIT)[-LINK_LIMIT:]] = True
        start = 0
        for lk in stage.links:
            n_out = lk.weights.shape[1]
            keep = np.flatnonzero(chosen[start:start + lk.weights.size])
            start += lk.weights.size
            flat = keep + int(lay.link_offsets[lk.layer])
            shown = lk.weights.ravel()[keep]
            if signal:
                colors = [QColor(*c) for c in weight_colors(shown).tolist()]
                widths = MIN_WIDTH + np.minimum(np.abs(shown), 3.0) / 3.0 * (
                    MAX_WIDTH - MIN_WIDTH)
            else:
                colors = signed_colors(shown, top)
                share = np.abs(shown) / top if top > 0 else np.zeros(flat.size)
                widths = MIN_WIDTH + np.nan_to_num(share) * (MAX_WIDTH - MIN_WIDTH)
            for k, c, color, width in zip(keep.tolist(), lay.controls[flat].tolist(), colors,
                                          widths.tolist(), strict=True):
                if lay.straight:  # a dense net: straight links, as the view draws them
                    shape: QPainterPath | QLineF = QLineF(*c[0], *c[3])
                else:
                    shape = QPainterPath(QPointF(*c[0]))
                    shape.cubicTo(QPointF(*c[1]), QPointF(*c[2]), QPointF(*c[3]))
                paths.append((shape, color, width * thin))
                i, j = divmod(k, n_out)
                keys.append(("link", lk.layer, i, j))
            if not signal:
                biases += self._bias_marks(lk, lay, top)
            if label_links and not signal:
                self._label_links(stage, lk, lay)
        self._link_keys = keys
        self.links.glow = signal and len(paths) <= GLOW_LIMIT
        self.links.set_links(paths, [], rect)
        self.bias_marks.set_links([], biases, rect)

    def _bias_marks(self, lk: LinkNumbers, lay: nl.NetworkLayout,
                    top: float) -> list[tuple[QRectF, QColor]]:
        first = int(lay.bias_offsets[lk.layer])
        colors = signed_colors(lk.biases, top)
        marks = []
        for j, color in enumerate(colors):
            bx0, by0, bx1, by1 = lay.bias_rects[first + j].tolist()
            marks.append((QRectF(bx0, by0, bx1 - bx0, by1 - by0), color))
        return marks

    def _label_links(self, stage: Stage, lk: LinkNumbers, lay: nl.NetworkLayout) -> None:
        """Each link's value on it, where the links of the layer spread most; a label that
        would cover another (stronger) one is left out (the click shows its equation)."""
        n_in, n_out = lk.weights.shape
        flat = np.arange(n_in * n_out) + int(lay.link_offsets[lk.layer])
        at = LABEL_NEAR_TARGET if n_out >= n_in else LABEL_NEAR_SOURCE
        points = nl.sample_curves(lay.controls[flat])[:, at]
        px_x, px_y = self._vb.viewPixelSize()
        room = np.array([LABEL_PX[0] * px_x, LABEL_PX[1] * px_y]) if px_x > 0 else np.zeros(2)
        placed: list[np.ndarray] = []
        values = lk.weights.ravel()
        for k in np.argsort(-np.abs(np.nan_to_num(values)), kind="stable").tolist():
            point = points[k]
            if any(np.all(np.abs(point - q) < room) for q in placed):
                continue
            placed.append(point)
            color = NEGATIVE if values[k] < 0 else POSITIVE  # as the link is drawn
            item = pg.TextItem(html=f"<span style='color:{color}; font-size:7.5pt'>"
                                    f"{html.escape(num(values[k]))}</span>",
                               anchor=(0.5, 0.5), fill=pg.mkBrush(255, 255, 255, 215))
            self._add(item, float(point[0]), float(point[1]))

    def _node_lines(self, stage: Stage, layer: int, neuron: int) -> list[str]:
        node = stage.node(layer, neuron)
        if node is None:
            return []
        names = {"net": "net", "h": "h" if layer < stage.n_layers else "ŷ", "x": "x",
                 "δ": "δ", "ŷ": "ŷ"}
        return [f"{names.get(name, name)} = {num(value)}" for name, value in node.values]

    def _draw_nodes(self, stage: Stage, lay: nl.NetworkLayout) -> None:
        color = KIND_BORDER[stage.kind]
        half = lay.node_size / 2
        px_y = self._vb.viewPixelSize()[1]
        last_y: dict[int, float] = {}  # per layer, the y of the last node given numbers
        for node in stage.nodes:
            cy = float(lay.centers[node.layer][node.neuron, 1])
            rows = len(node.values)
            # Close-packed nodes of a wide layer: numbers on those with room only.
            if abs(last_y.get(node.layer, np.inf) - cy) < NODE_TEXT_PX * rows * px_y:
                continue
            last_y[node.layer] = cy
            lines = self._node_lines(stage, node.layer, node.neuron)
            cx, cy = lay.centers[node.layer][node.neuron].tolist()
            body = "<br>".join(html.escape(t) for t in lines)
            item = pg.TextItem(html=f"<div style='color:#202124; font-size:8pt'>{body}</div>",
                               fill=pg.mkBrush(255, 255, 255, 235), border=pg.mkPen(color))
            if node.layer == stage.n_layers:  # the output: its right has no room
                item.setAnchor((1.0, 0.5))
                self._add(item, cx - half * 1.1, cy, extra=False)
            else:
                item.setAnchor((0.0, 0.5))
                self._add(item, cx + half * 1.1, cy, extra=False)
            self._texts[(node.layer, node.neuron)] = item

    def _draw_loss(self, stage: Stage, lay: nl.NetworkLayout) -> None:
        centers = lay.centers[stage.n_layers]
        # Under the output, reaching left: the view has little room right of the output.
        x = float(centers[:, 0].max()) + lay.node_size / 2
        y = float(centers[:, 1].min()) - lay.node_size * 0.6
        rows = [self.tr("loss of this sample: L = {0}").format(num(stage.sample_loss)),
                self.tr("loss of the mini-batch: {0}").format(num(stage.batch_loss))]
        body = "<br>".join(html.escape(r) for r in rows)
        item = pg.TextItem(html=f"<div style='color:#202124; font-size:8.5pt'><b>{body}</b></div>",
                           anchor=(1.0, 0.0), fill=pg.mkBrush(255, 255, 255, 240),
                           border=pg.mkPen(KIND_BORDER["loss"]))
        self._add(item, x, y)

    def _draw_legend(self, stage: Stage) -> None:
        if stage.kind == "forward":
            text = self.tr("Lit links carry the signal into this layer (colour: weight). "
                           "Nodes: net and h for the followed sample.")
        elif stage.kind == "loss":
            text = self.tr("The loss at the output, for the sample and the mini-batch.")
        else:
            what = (self.tr("∂L/∂w for the mini-batch") if stage.kind == "backward"
                    else self.tr("change Δw of this step"))
            neg, pos = self.tr("negative"), self.tr("positive")
            text = self.tr("Links and biases: {0}, width ∝ its size").format(what)
            nodes = self.tr("Nodes: δ = ∂L/∂net")  # outside the f-string: lupdate finds it
            self.legend.setHtml(
                f"<div style='color:#3c4043; font-size:8pt'>{html.escape(text)}<br>"
                f"<span style='color:{NEGATIVE}'>━━</span> {html.escape(neg)} &nbsp; "
                f"<span style='color:{POSITIVE}'>━━</span> {html.escape(pos)}"
                + (f"<br>{html.escape(nodes)}" if stage.kind == "backward" else "")
                + "</div>")
            return
        self.legend.setHtml(f"<div style='color:#3c4043; font-size:8pt'>"
                            f"{html.escape(text)}</div>")

    def _add(self, item: pg.TextItem, x: float, y: float, extra: bool = True) -> None:
        item.setPos(x, y)
        item.setZValue(Z_TEXT)
        self._vb.addItem(item, ignoreBounds=True)
        if extra:
            self._extra.append(item)

    def _place_selection(self) -> None:
        lay, sel = self._view.network_layout(), self._selected
        self._ring.hide()
        self.links.selected = None
        if not self._added or sel is None or lay is None:
            self.links.update()
            return
        kind, layer, index, j = sel
        if kind == "node" and 0 <= layer < len(lay.centers) and index < len(lay.centers[layer]):
            cx, cy = lay.centers[layer][index].tolist()
            r = lay.node_size * 0.62
            self._ring.setRect(QRectF(cx - r, cy - r, 2 * r, 2 * r))
            self._ring.show()
        elif kind == "link" and ("link", layer, index, j) in self._link_keys:
            self.links.selected = self._link_keys.index(("link", layer, index, j))
        elif kind == "bias" and 0 <= layer < len(lay.bias_offsets) - 1:
            x0, y0, x1, y1 = lay.bias_rects[int(lay.bias_offsets[layer]) + index].tolist()
            r = max(x1 - x0, y1 - y0)
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            self._ring.setRect(QRectF(cx - r, cy - r, 2 * r, 2 * r))
            self._ring.show()
        self.links.update()

    def selected_link(self) -> tuple[str, int, int, int] | None:
        """The link marked on the graph (tests)."""
        k = self.links.selected
        return self._link_keys[k] if k is not None else None

    def ring_shown(self) -> bool:
        return self._added and self._ring.isVisible()
