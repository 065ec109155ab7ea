"""The network drawn as a graph: nodes in layer columns, links coloured by weight.

Each node shows its own output over the input plane as a small heatmap.
Hovering a link shows its weight (live while training runs), hovering a node
tells the boundary view which neuron to show, clicking a link or a bias lets
the user type a new value.  Everything is created in ``set_architecture``
(and again when a resize calls for a different column spacing);
``update_snapshot`` only recolours and re-images what exists.

While training runs, frames come ~30 times a second and the GUI thread's time is
the training thread's loss (they share the GIL), so a frame is kept cheap:
thumbnails have no more cells than their nodes have pixels and are coloured in
one NumPy pass; links and nodes are cached pixmaps, redone only when their
colours change; links are restyled less often when they are costly to paint.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Iterable
from typing import NamedTuple

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QResizeEvent
from PySide6.QtWidgets import QInputDialog, QVBoxLayout, QWidget

from bplab.experiment.doctor import Finding
from bplab.experiment.snapshot import STRONGEST_LINKS, Snapshot, link_values, strongest_links
from bplab.gui.i18n import Retranslatable
from bplab.gui.names import shown_key
from bplab.gui.views import gradient_flow as gf
from bplab.gui.views import network_layout as nl
from bplab.gui.views.colors import (
    DIVERGING_LUT,
    LINK_LUT,
    LUT_SIZE,
    heatmap_pixels,
    lut_index,
)
from bplab.gui.views.export import export_item
from bplab.gui.views.finding_badges import FindingBadges
from bplab.gui.views.heatmap import HeatmapItem
from bplab.gui.views.labels import feature_label
from bplab.gui.views.levels import SmoothRange, fixed_levels
from bplab.gui.views.network_items import Legend, LinkLayer, NodeLayer

COLOR_SCALE = 1.0  # |w| at which link and bias colours saturate (TF Playground's domain)
WIDTH_SATURATION = 3.0  # |w| beyond which links stop getting wider
MIN_WIDTH = 0.6  # px, the width of a zero weight
MAX_WIDTH = 7.0  # px, for readable nets; denser nets get thinner lines
HIT_PIXELS = 4.0  # how close (in px) the pointer must come to a link
MAX_INPUT_LABELS = 16  # wider input layers rely on the hover card instead
LABEL_STYLE = "color:#3c4043; font-size:9pt"
MARGIN_TOP = 66  # px above the nodes, for the three header lines
HEADER_ROW = 0.78  # header line spacing, in label heights (labels carry inner margins)
MARGIN_LEFT = 40  # px left of the inputs at least (half the "Input" header)
MARGIN_RIGHT = 34  # px, half of the widest output header
MARGIN = 14  # px on the other sides
MAX_PX_PER_UNIT = 95.0  # tiny nets: nodes at most about 70 px
# Links are the costliest part of a frame to paint (antialiased strokes wider than
# 1 px, ~15 µs each; a 2-8-8-1 net takes 1-2 ms, a dense one more), and the GUI
# thread's time is taken from training (the GIL).  So they are restyled at most as
# often as keeps their painting to LINK_CPU_SHARE of a core: small nets on every
# frame, a 2-8-8-1 net on every second or third one while training runs at ~30
# frames a second, and never less often than every LINK_MAX_INTERVAL.  Thumbnails
# and everything else follow every frame.  A style held back is applied at the latest
# LINK_FALLBACK_MS after it was due, so the last frame of a run is always complete.
LINK_CPU_SHARE = 0.03
LINK_MAX_INTERVAL = 0.25  # s
LINK_FALLBACK_MS = 40
# Huge nets (up to 10 hidden layers of 256 neurons: 655,360 links, 2,568 nodes) would
# take many seconds to build and over a second per frame, and their links would be a
# grey blot anyway.  So only the LINK_LIMIT strongest links (by |w|, chosen again
# whenever link styles are applied) are drawn, with a note saying so, and nets with
# more than THUMBNAIL_NODE_LIMIT nodes get plain nodes without output thumbnails.
LINK_LIMIT = STRONGEST_LINKS  # the worker names them in each snapshot
THUMBNAIL_NODE_LIMIT = 300


class Target(NamedTuple):
    """What the pointer is over: a link (layer, i, j), a node or a bias (layer, index)."""

    kind: str  # "link", "node" or "bias"
    layer: int  # weight layer for links and biases; node layer (0 = inputs) for nodes
    index: int  # i for links, the neuron for nodes and biases
    j: int = -1  # the target neuron of a link


HEADER_GAP_PX = 6  # at least this much room between neighbouring column headers


def _label_font() -> QFont:
    font = QFont()
    font.setPointSizeF(9)  # as LABEL_STYLE
    return font


def _fitting(variants: tuple[str, ...], column_px: float, metrics: QFontMetricsF,
             bold: bool = False) -> str:
    """The first of ``variants`` narrow enough for its column; "" if none is."""
    slack = 1.1 if bold else 1.0  # bold text runs a little wider than the metrics say
    for text in variants:
        if metrics.horizontalAdvance(text) * slack + HEADER_GAP_PX <= column_px:
            return text
    return ""

class _Label(pg.TextItem):
    """A column header or input label: a TextItem that keeps its orientation when the
    view changes (viewTransformChanged), not on every paint.

    pyqtgraph's TextItem hooks its update to the scene's prepareForPaint, so every
    label runs Python code on every frame the network view paints (a dozen of them,
    for text that never moves between zooms)."""

    def paint(self, p: object, *args: object) -> None:
        if self._lastScene is None:  # the first paint: orient it once
            self._lastScene = self.scene()
            self.updateTransform()


class NetworkView(Retranslatable, QWidget):
    """Live picture of the network; see the module docstring."""

    nodeHovered = Signal(int, int)  # node layer (0 = inputs, as Snapshot.grids), neuron
    nodeLeft = Signal()
    weightEdited = Signal(int, int, int, float)  # weight layer, i, j, new value
    biasEdited = Signal(int, int, float)  # weight layer, j, new value
    elementClicked = Signal(str, int, int, int)  # Target's kind, layer, index, j
    layoutChanged = Signal()  # nodes and links moved: overlays place their items again

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("networkView")
        self._glw = pg.GraphicsLayoutWidget()
        self._glw.setBackground("w")
        self._glw.ci.setContentsMargins(4, 4, 4, 2)
        self._vb = self._glw.addViewBox(row=0, col=0, lockAspect=True, enableMenu=False)
        self._vb.disableAutoRange()  # images must never re-fit the view while training
        self._legend = Legend(COLOR_SCALE)
        self._glw.addItem(self._legend, row=1, col=0)
        self._note = pg.LabelItem("", size="8pt", color="#5f6368")
        self._note_shown = False
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self._glw)

        self._links = LinkLayer()
        self._nodes = NodeLayer()
        self._links.setZValue(0)
        self._nodes.setZValue(2)
        self._vb.addItem(self._links)
        self._vb.addItem(self._nodes)
        self._card = pg.TextItem(anchor=(0, 1), fill=pg.mkBrush(255, 255, 255, 240),
                                 border=pg.mkPen("#bdc1c6"))
        self._card.setZValue(10)
        self._card.hide()
        self._vb.addItem(self._card, ignoreBounds=True)
        self.badges = FindingBadges(self._vb)  # where the training doctor found something
        self.edits_on_click = True  # False while an overlay uses clicks (the step-through)
        self.gradient_view = False  # links by mean |∂L/∂w| of the last epoch, not by w
        self._gradient_legend = gf.GradientLegend()
        self.gradient_magnitudes: np.ndarray | None = None  # flat, as the links were styled

        self._layout: nl.NetworkLayout | None = None
        self._sizes: list[int] = []  # neurons per layer, input first
        self._labels: list[str] = []  # input labels as shown
        self._acts: list[str] = []  # activation per non-input layer
        self._images: list[list[HeatmapItem]] = []  # per layer, per neuron
        self._texts: list[pg.TextItem] = []  # headers and input labels
        self._input_labels: list[pg.TextItem] = []  # one per input, when there are few
        # (html, anchor, is an input label) of each item in _texts, in order
        self._text_kinds: list[tuple[str, tuple[float, float], bool]] = []
        self._ranges: list[SmoothRange] = []  # eased levels per layer, for unbounded outputs
        self._snap: Snapshot | None = None
        self._hover: Target | None = None
        self._card_at = (0.0, 0.0)
        self._width_gain = 0.0  # px per unit |w|, set per architecture
        self._auto_fit = True  # refit on resize until the user zooms or pans
        self._label_px = float(MARGIN_LEFT)  # room for the input labels, from their width
        self._vb.sigRangeChangedManually.connect(self._user_moved_view)
        self._vb.sigRangeChanged.connect(self._on_range_changed)
        self._full_thumbnails = False  # True while exporting: every grid cell is drawn
        self._levels: list[list[tuple[float, float]]] = []  # per layer, per neuron
        self._link_style: Snapshot | None = None  # a snapshot whose link styles are held back
        self._links_styled_at = -math.inf  # perf_counter() of the last visible restyle
        self._link_timer = QTimer(self)
        self._link_timer.setSingleShot(True)
        self._link_timer.timeout.connect(self._restyle_links)
        self._grid_shape: tuple[int, ...] = ()  # thumbnail shape the images were placed for
        self._drawn: np.ndarray | None = None  # sorted flat indices of the links drawn; None: all
        self._thumbnails = True  # False for nets with too many nodes for thumbnails

        scene = self._glw.scene()
        scene.sigMouseMoved.connect(self._on_mouse_moved)
        scene.sigMouseClicked.connect(self._on_mouse_clicked)
        # On the view, not its viewport: the viewport's filter would run (in Python, so
        # taking the GIL from training) for every paint event too, not just for Leave.
        self._glw.installEventFilter(self)

    # -- building ------------------------------------------------------------
    def set_architecture(self, sizes: list[int], input_labels: list[str],
                         activations: list[str]) -> None:
        """Create every item for this architecture; previous items are removed."""
        if len(sizes) < 2 or len(activations) != len(sizes) - 1:
            raise ValueError("need at least two layers and one activation per non-input layer")
        self._sizes = [int(n) for n in sizes]
        self._acts = list(activations)
        self._labels = [feature_label(n) for n in input_labels]
        self._labels += [f"x{k + 1}" for k in range(len(self._labels), self._sizes[0])]
        metrics = QFontMetricsF(_label_font())
        widest = max((metrics.horizontalAdvance(t) for t in self._labels), default=0.0)
        self._label_px = max(MARGIN_LEFT, widest + 24)  # room left of the inputs
        self._snap = None
        self._build(self._preferred_gap())

    def _build(self, gap: float | None) -> None:
        self._set_hover(None)
        lay = nl.compute_layout(self._sizes, gap)
        self._layout = lay
        # Room for pen widths around the nodes, no more: the links and nodes change on
        # most frames and everything inside these rects is painted again with them
        # (the headers and input labels lie outside).
        pad = 0.2 * lay.node_size
        x0, y0, x1, y1 = lay.bounds
        bounds = QRectF(x0 - pad, y0 - pad, x1 - x0 + 2 * pad, y1 - y0 + 2 * pad)
        # Too many links: none until a snapshot tells which are the strongest.
        self._drawn = np.zeros(0, np.intp) if lay.n_links > LINK_LIMIT else None
        controls = lay.controls if self._drawn is None else lay.controls[self._drawn]
        self._links.set_geometry(controls, bounds, lay.straight)
        self._nodes.set_geometry(lay.node_rects, lay.bias_rects, bounds)
        # Denser nets get thinner lines so the picture does not turn into a blot.
        max_width = MAX_WIDTH * min(1.0, lay.node_size / (nl.PITCH * nl.NODE_FILL)) ** 0.5
        self._width_gain = (max_width - MIN_WIDTH) / WIDTH_SATURATION
        n_drawn = len(controls)
        self._links.set_style(np.full(n_drawn, DIVERGING_LUT.shape[0] // 2),
                              np.full(n_drawn, MIN_WIDTH))
        self._show_note()
        self._link_style, self._links_styled_at = None, -math.inf  # next style: at once
        self._link_timer.stop()
        self._build_images(lay)
        self._build_texts(lay)
        self._ranges = [SmoothRange(n) for n in lay.sizes]
        self.badges.place(lay)
        self.fit()
        self.layoutChanged.emit()

    def _preferred_gap(self) -> float | None:
        """The column distance that fills this widget's shape; None before layout."""
        w, h = self._vb.width(), self._vb.height()
        if w < 100 or h < 100 or not self._sizes:
            return None
        probe = nl.compute_layout(self._sizes, 1.0)  # the height does not depend on the gap
        height = max(probe.bounds[3] - probe.bounds[1], nl.MIN_SLOTS * probe.pitch)
        scale = min((h - MARGIN_TOP - MARGIN) / height, MAX_PX_PER_UNIT)
        width = (w - self._label_px - MARGIN_RIGHT) / scale - probe.node_size
        gap = width / (len(self._sizes) - 1)
        gap = min(max(gap, nl.NARROWEST_GAP), max(nl.WIDEST_GAP, nl.TALL_GAP * height))
        return round(gap * 4) / 4  # coarse steps, so small resizes keep the items

    def retranslate(self) -> None:
        """The headers, the link note and the hover card in the current language."""
        self._legend.update()  # it words its caption when painted
        if self._layout is not None:
            self._show_note()
            self._build_texts(self._layout)
            self._refresh_card()

    def _show_note(self) -> None:
        """The line under the legend telling how many links are drawn, if not all."""
        text = self.link_note()
        self._note.setText(text)
        if bool(text) != self._note_shown:
            self._note_shown = bool(text)
            if text:
                self._glw.addItem(self._note, row=2, col=0)
            else:
                self._glw.removeItem(self._note)

    def _build_images(self, lay: nl.NetworkLayout) -> None:
        for img in (i for col in self._images for i in col):
            self._vb.removeItem(img)
        self._thumbnails = lay.n_nodes <= THUMBNAIL_NODE_LIMIT
        self._images = [[] for _ in lay.centers]
        for centers, col in zip(lay.centers, self._images, strict=True):
            if not self._thumbnails:
                continue  # plain nodes: thousands of images would cost seconds
            for _ in range(len(centers)):
                img = HeatmapItem()
                img.setZValue(1)
                img.hide()
                self._vb.addItem(img, ignoreBounds=True)
                col.append(img)
        self._nodes.round = True
        self._grid_shape = ()  # placed on the next frame
        self._levels = []

    def _thumb_step(self, resolution: int) -> int:
        """Every how many grid cells a thumbnail takes one (per side).

        A thumbnail needs no more cells than its node has pixels: drawn smaller, the
        extra cells are never seen but each costs a colour lookup on every frame.
        So a 100×100 grid becomes 50×50 in a 40 px node, and 9×9 in a dense net's
        10 px one (TF Playground uses 10×10 thumbnails throughout); never fewer cells
        than pixels, so the picture stays crisp.  Exports draw every cell.
        """
        if self._full_thumbnails or self._layout is None:
            return 1
        unit_px = self._vb.viewPixelSize()[0]  # view units per pixel
        if not unit_px > 0:  # not laid out yet
            return 1
        node_px = self._layout.node_size / unit_px
        return max(1, int(resolution / max(node_px, 1.0)))

    def _place_images(self) -> None:
        lay = self._layout
        s = lay.node_size
        for centers, col in zip(lay.centers, self._images, strict=True):
            for (cx, cy), img in zip(centers.tolist(), col, strict=True):
                # Row 0 of a grid is ymin and the view's y points up, so no flip is needed.
                img.setRect(QRectF(cx - s / 2, cy - s / 2, s, s))

    def _build_texts(self, lay: nl.NetworkLayout) -> None:
        """The headers over the columns and the input labels; items whose text stays the
        same are only moved (a resize or a new language would otherwise make them all
        again, several times while the window starts)."""
        specs = self._text_specs(lay)
        kept = [(html, anchor, is_input) for html, anchor, _x, _y, is_input in specs]
        if kept == self._text_kinds:
            for item, (_html, _anchor, x, y, _input) in zip(self._texts, specs, strict=True):
                item.setPos(x, y)
            return
        for t in self._texts:
            self._vb.removeItem(t)
        self._texts = []
        self._input_labels = []
        self._text_kinds = kept
        for html, anchor, x, y, is_input in specs:
            item = _Label(html=html, anchor=anchor)
            self._add_text(item, x, y)
            if is_input:
                self._input_labels.append(item)

    def _text_specs(self, lay: nl.NetworkLayout) -> list[
            tuple[str, tuple[float, float], float, float, bool]]:
        """(html, anchor, x, y, is an input label) of each text item ``_build_texts`` shows."""
        specs: list[tuple[str, tuple[float, float], float, float, bool]] = []
        top = lay.bounds[3] + lay.node_size * 0.3
        # Narrow columns (deep nets in a small view) get shorter headers, down to what
        # fits the column, so they never run into each other.
        scale = self._fit_frame(lay)[2]
        column_px = lay.gap * scale if scale else math.inf
        metrics = QFontMetricsF(_label_font())
        styles = ("font-weight:bold", "", "color:#5f6368")
        for layer, n in enumerate(lay.sizes):
            cx = float(lay.centers[layer][0, 0])
            lines = [_fitting(variants, column_px, metrics, bold=row == 0)
                     for row, variants in enumerate(self._header_variants(layer, n))]
            # One item per line, each centred on the column (Qt rich text cannot
            # centre without a fixed width); short lines keep deep nets legible.
            for row, (text, style) in enumerate(zip(lines, styles, strict=True)):
                if text:
                    specs.append((f"<span style='{LABEL_STYLE}; {style}'>{text}</span>",
                                  (0.5, 1.0 + HEADER_ROW * (2 - row)), cx, top, False))
        if lay.sizes[0] <= MAX_INPUT_LABELS:
            for (cx, cy), label in zip(lay.centers[0].tolist(), self._labels, strict=False):
                specs.append((f"<span style='{LABEL_STYLE}'>{label}</span>", (1, 0.5),
                              cx - lay.node_size * 0.6, cy, True))
        return specs

    def _header_variants(self, layer: int, n: int) -> tuple[tuple[str, ...], ...]:
        """Each header line from its full form to its shortest (the first that fits wins)."""
        last = len(self._sizes) - 1
        if layer == 0:
            return ((self.tr("Input"), self.tr("In", "short for Input")),
                    (self.tr("%n feature(s)", "", n), self.tr("%n in", "short", n), f"{n}"), ())
        act = shown_key(self._acts[layer - 1])
        title = ((self.tr("Output"), self.tr("Out", "short for Output")) if layer == last
                 else (self.tr("Layer {0}").format(layer), self.tr("L{0}").format(layer)))
        return (title, (self.tr("%n neuron(s)", "", n), self.tr("%n n", "short for neurons", n),
                        f"{n}"), (act, act[:4]))

    def _sync_input_labels(self, px_per_unit: float) -> None:
        """Show the input labels only when they fit between their nodes; else the hover
        card names each input."""
        lay = self._layout
        if lay is None or not self._input_labels:
            return
        ys = lay.centers[0][:, 1]
        spacing = float(np.min(np.abs(np.diff(ys)))) * px_per_unit if len(ys) > 1 else math.inf
        fits = spacing >= QFontMetricsF(_label_font()).height()
        for item in self._input_labels:
            item.setVisible(fits)

    def input_labels_shown(self) -> list[pg.TextItem]:
        """The input label items on screen (tests)."""
        return [t for t in self._input_labels if t.isVisible()]

    def _add_text(self, item: pg.TextItem, x: float, y: float) -> None:
        item.setPos(x, y)
        item.setZValue(3)
        self._vb.addItem(item, ignoreBounds=True)
        self._texts.append(item)

    def fit(self) -> None:
        """Show the whole network again after zooming or panning."""
        self._auto_fit = True
        lay = self._layout
        if lay is None:
            return
        (x0, y0, x1, y1), left, scale = self._fit_frame(lay)
        self._sync_input_labels(scale or 40.0)
        scale = scale or 40.0  # not laid out yet; resizeEvent fits again
        rect = QRectF(x0 - left / scale, y0 - MARGIN / scale,
                      x1 - x0 + (left + MARGIN_RIGHT) / scale,
                      y1 - y0 + (MARGIN_TOP + MARGIN) / scale)
        self._vb.setRange(rect=rect, padding=0.0)

    def _fit_frame(self, lay: nl.NetworkLayout) -> tuple[tuple[float, float, float, float],
                                                          float, float | None]:
        """What ``fit`` shows: the bounds framed, the left margin in px, and the pixels
        per view unit (None while the view has no size yet)."""
        x0, y0, x1, y1 = lay.bounds
        # Small nets are framed as if MIN_SLOTS tall so their nodes are not huge.
        half = max((y1 - y0) / 2, nl.MIN_SLOTS * lay.pitch / 2)
        cy = (y0 + y1) / 2
        y0, y1 = cy - half, cy + half
        # Labels have a size in pixels, not in view units: reserve pixel margins.
        left = self._label_px if lay.sizes[0] <= MAX_INPUT_LABELS else MARGIN
        w, h = self._vb.width(), self._vb.height()
        avail_w, avail_h = w - left - MARGIN_RIGHT, h - MARGIN_TOP - MARGIN
        scale = None
        if avail_w > 20 and avail_h > 20:
            scale = min(avail_w / (x1 - x0), avail_h / (y1 - y0), MAX_PX_PER_UNIT)
        return (x0, y0, x1, y1), left, scale

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._auto_fit:
            # After the layout has settled, so the view box has its new size.
            QTimer.singleShot(0, self._refit)

    def _refit(self) -> None:
        if not self._auto_fit or self._layout is None:
            return
        gap = self._preferred_gap()
        if gap is not None and gap != self._layout.gap:
            # A new shape: rebuild for it (rare, unlike frames) and redraw the last snapshot.
            snap = self._snap
            self._build(gap)
            if snap is not None:
                self.update_snapshot(snap)
        else:
            self._build_texts(self._layout)  # the columns' width in pixels may have changed
            self.fit()

    def _user_moved_view(self, *args: object) -> None:
        self._auto_fit = False  # keep the user's zoom and pan through resizes

    # -- live update -------------------------------------------------------
    def update_snapshot(self, snap: Snapshot) -> None:
        lay = self._layout
        if lay is None or not self._matches(snap):
            return  # a snapshot of an older architecture still in flight
        self._snap = snap
        self._link_style = snap  # styled from its weights now or at the next restyle
        interval = min(LINK_MAX_INTERVAL, self._links.paint_seconds / LINK_CPU_SHARE)
        wait = self._links_styled_at + interval - time.perf_counter()
        if wait <= 0:
            self._restyle_links()
        elif not self._link_timer.isActive():
            self._link_timer.start(math.ceil(wait * 1000) + LINK_FALLBACK_MS)
        b = np.concatenate([a.ravel() for a in snap.biases])
        self._nodes.set_bias_rows(lut_index(b, -COLOR_SCALE, COLOR_SCALE))
        self._update_images(snap)
        if self._hover is not None:
            self._refresh_card()

    def _link_values(self, snap: Snapshot) -> np.ndarray:
        """What the links show: the weights, or the gradient magnitudes (0 until an epoch)."""
        if not self.gradient_view:
            return np.concatenate([a.ravel() for a in snap.weights])
        if snap.gradients is None:
            return np.zeros(sum(a.size for a in snap.weights))
        return gf.link_magnitudes(snap.gradients)

    def set_gradient_view(self, on: bool) -> None:
        """Colour and size the links by their gradient (log scale, own legend) or weight."""
        if on == self.gradient_view:
            return
        self.gradient_view = on
        old, new = ((self._legend, self._gradient_legend) if on
                    else (self._gradient_legend, self._legend))
        self._glw.removeItem(old)
        self._glw.addItem(new, row=1, col=0)
        self._links.set_lut(gf.GRADIENT_LUT if on else LINK_LUT)
        self.gradient_magnitudes = None
        if self._snap is not None:
            self._link_style = self._snap
            self._restyle_links()

    def set_findings(self, findings: Iterable[Finding]) -> None:
        """Badges on the layers and neurons the doctor's findings are about."""
        self.badges.set_findings(findings, self._layout)

    def flush(self) -> None:
        """Show what was held back (link styles) now, e.g. before a picture."""
        self._restyle_links()

    def _restyle_links(self) -> None:
        """Apply the link style held back (see LINK_CPU_SHARE)."""
        self._link_timer.stop()
        if self._link_style is None or self._layout is None:
            return
        snap = self._link_style
        self._link_style = None
        shown = self._link_values(snap) if self._drawn is None or self.gradient_view else None
        if self._drawn is None:
            w = shown
        else:  # too many links: the strongest only
            if self.gradient_view:
                chosen = strongest_links([shown], LINK_LIMIT)
            else:  # as the worker picked them
                chosen = snap.strong_links
                if chosen is None:  # a snapshot made without (tests): pick them here
                    chosen = strongest_links(snap.weights, LINK_LIMIT)
            if not np.array_equal(chosen, self._drawn):
                self._drawn = chosen
                self._links.set_geometry(self._layout.controls, self._links.boundingRect(),
                                         self._layout.straight, chosen)
                self._links.highlight = self._hover_link_position()
            w = shown[chosen] if self.gradient_view else link_values(snap.weights, chosen)
        aw = np.abs(w)
        aw[~np.isfinite(aw)] = 0.0
        if self.gradient_view:
            low, high = gf.log_range(aw)
            self._gradient_legend.set_range(low, high)
            self.gradient_magnitudes = w
            place = gf.scale_position(aw, low, high)
            rows = np.rint(place * (LUT_SIZE - 1)).astype(np.intp)
            widths = MIN_WIDTH + place * WIDTH_SATURATION * self._width_gain
        else:
            rows = lut_index(w, -COLOR_SCALE, COLOR_SCALE)
            widths = MIN_WIDTH + np.minimum(aw, WIDTH_SATURATION) * self._width_gain
        if self._links.set_style(rows, widths):
            self._links_styled_at = time.perf_counter()  # unchanged looks cost no interval

    def _drawn_position(self, k: int) -> int | None:
        """Where flat link ``k`` is among the links drawn; None if it is not drawn."""
        if self._drawn is None:
            return k
        pos = int(np.searchsorted(self._drawn, k))
        return pos if pos < len(self._drawn) and self._drawn[pos] == k else None

    def _hover_link_position(self) -> int | None:
        t, lay = self._hover, self._layout
        if t is None or t.kind != "link" or lay is None:
            return None
        return self._drawn_position(lay.link_flat(t.layer, t.index, t.j))

    def _matches(self, snap: Snapshot) -> bool:
        sizes = self._layout.sizes if self._layout else ()
        shapes = [tuple(w.shape) for w in snap.weights]
        return shapes == list(itertools.pairwise(sizes))

    def _update_images(self, snap: Snapshot) -> None:
        grids = snap.grids
        has = self._thumbnails and len(grids) == len(self._images) and all(
            len(g) == len(col) for g, col in zip(grids, self._images, strict=True))
        if has == self._nodes.round:  # switching between heatmaps and plain circles
            self._nodes.round = not has
            for img in (i for col in self._images for i in col):
                img.setVisible(has)
            self._nodes.update()
        if not has:
            return
        self._levels = []
        for layer, (grid, col) in enumerate(zip(grids, self._images, strict=True)):
            fixed = fixed_levels(self._acts[layer - 1]) if layer else None
            if fixed is None:
                m = self._ranges[layer].update(grid)
                self._levels.append([(-mj, mj) for mj in m.tolist()])
            else:
                self._levels.append([fixed] * len(col))
        self._set_images(grids)

    @staticmethod
    def _thumb_side(grids: tuple[np.ndarray, ...]) -> int:
        """Cells per side all thumbnails share (big nets' output grids are finer)."""
        return min(g.shape[-1] for g in grids)

    def _set_images(self, grids: tuple[np.ndarray, ...]) -> None:
        side = self._thumb_side(grids)
        step = self._thumb_step(side)

        def cells(g: np.ndarray) -> np.ndarray:
            n = g.shape[-1]
            if n != side:  # a finer grid (the output's): the cells nearest the coarse ones
                idx = ((np.arange(side) + 0.5) * n / side).astype(np.intp)
                g = g[:, idx][:, :, idx]
            return g[:, ::step, ::step]

        values = np.concatenate([cells(g) for g in grids])  # every node, (n, h, w)
        levels = [lv for layer in self._levels for lv in layer]
        lo, hi = np.array(levels, np.float64).T
        pixels = heatmap_pixels(values, lo, hi)  # all thumbnails in one pass
        images = [img for col in self._images for img in col]
        for k, (img, lv) in enumerate(zip(images, levels, strict=True)):
            img.set_pixels(values[k], lv, pixels[k])
        shape = values.shape[1:]
        if shape != self._grid_shape:  # the first frame after a rebuild, or a new step
            self._grid_shape = shape
            self._place_images()

    def _on_range_changed(self, *args: object) -> None:
        # Zoomed or resized: thumbnails may need another number of cells.
        snap = self._snap
        if snap is None or self._nodes.round or not snap.grids or not self._levels:
            return
        side = self._thumb_side(snap.grids)
        step = self._thumb_step(side)
        if np.zeros((side, side))[::step, ::step].shape != self._grid_shape:
            self._set_images(snap.grids)

    # -- hover -------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Leave:
            self._set_hover(None)
        return super().eventFilter(obj, event)

    def _hit(self, scene_pos: object) -> tuple[Target | None, tuple[float, float]]:
        lay = self._layout
        if lay is None or not self._vb.sceneBoundingRect().contains(scene_pos):
            return None, (0.0, 0.0)
        p = self._vb.mapSceneToView(scene_pos)
        x, y = p.x(), p.y()
        px = max(self._vb.viewPixelSize())
        k = nl.bias_at(lay, x, y, pad=2 * px)
        if k is not None:
            wl = int(np.searchsorted(lay.bias_offsets, k, side="right") - 1)
            return Target("bias", wl, int(k - lay.bias_offsets[wl])), (x, y)
        k = nl.node_at(lay, x, y)
        if k is not None:
            return Target("node", *lay.node_id(k)), (x, y)
        k = nl.nearest_link(lay, x, y, HIT_PIXELS * px, self._drawn)
        if k is not None:
            return Target("link", *lay.link_id(k)), (x, y)
        return None, (x, y)

    def _on_mouse_moved(self, scene_pos: object) -> None:
        target, at = self._hit(scene_pos)
        self._set_hover(target, at)

    def _set_hover(self, target: Target | None, at: tuple[float, float] | None = None) -> None:
        old = self._hover
        if at is not None:
            self._card_at = at
        if target != old:
            if old is not None and old.kind == "node":
                self.nodeLeft.emit()
            self._hover = target
            lay = self._layout
            kind = target.kind if target else None
            self._links.highlight = self._hover_link_position()
            self._nodes.highlight_node = (int(lay.node_offsets[target.layer] + target.index)
                                          if kind == "node" and lay else None)
            self._nodes.highlight_bias = (int(lay.bias_offsets[target.layer] + target.index)
                                          if kind == "bias" and lay else None)
            self._links.update()
            self._nodes.update()
            if kind == "node":
                self.nodeHovered.emit(target.layer, target.index)
        self._refresh_card()

    def _node_name(self, layer: int, j: int, short: bool = False) -> str:
        if layer == 0:
            return self._labels[j]
        if self._layout and layer == len(self._layout.sizes) - 1:
            return "ŷ" if self._layout.sizes[-1] == 1 else f"ŷ{j + 1}"
        return (self.tr("L{0}·n{1}").format(layer, j + 1) if short
                else self.tr("Layer {0} · neuron {1}").format(layer, j + 1))

    def _refresh_card(self) -> None:
        t = self._hover
        if t is None or self._layout is None:
            self._card.hide()
            return
        if t.kind == "link":
            value = self.link_weight_text(t.layer, t.index, t.j)
            caption = self.tr("weight {0} → {1}").format(
                self._node_name(t.layer, t.index, True), self._node_name(t.layer + 1, t.j, True))
            hint = self.tr("click to edit")
        elif t.kind == "bias":
            value = self.bias_text(t.layer, t.index)
            caption = self.tr("bias of {0}").format(self._node_name(t.layer + 1, t.index))
            hint = self.tr("click to edit")
        else:
            name = self._node_name(t.layer, t.index)
            if t.layer == 0:
                value, caption, hint = name, self.tr("input feature"), ""
            else:
                value = name
                caption = self.tr("{0} · bias {1}").format(
                    shown_key(self._acts[t.layer - 1]), self.bias_text(t.layer - 1, t.index))
                hint = ""
        hint_html = f"<br><span style='color:#80868b; font-size:8pt'>{hint}</span>" if hint else ""
        self._card.setHtml(
            f"<div style='color:#202124; font-size:9pt'><b>{value}</b><br>"
            f"<span style='color:#5f6368'>{caption}</span>{hint_html}</div>")
        x, y = self._card_at
        x0, _, x1, _ = self._layout.bounds
        self._card.setAnchor((1.0 if x > (x0 + x1) / 2 else 0.0, 1.0))
        # Just above the pointer, so the card does not hide what it describes.
        self._card.setPos(x, y + 0.12 * self._layout.node_size)
        self._card.show()

    # -- editing -----------------------------------------------------------
    def _on_mouse_clicked(self, ev: object) -> None:
        if ev.button() != Qt.MouseButton.LeftButton:
            return
        if ev.double():
            self.fit()
            return
        target, _ = self._hit(ev.scenePos())
        if target is not None:
            self.elementClicked.emit(target.kind, target.layer, target.index, target.j)
        if target is not None and target.kind in ("link", "bias") and self.edits_on_click:
            ev.accept()
            self._edit(target)

    def _edit(self, t: Target) -> None:
        if self._snap is None:
            return
        if t.kind == "link":
            current = float(self._snap.weights[t.layer][t.index, t.j])
            title = self.tr("Weight {0} → {1}").format(
                self._node_name(t.layer, t.index, True), self._node_name(t.layer + 1, t.j, True))
        else:
            current = float(self._snap.biases[t.layer][t.index])
            title = self.tr("Bias of {0}").format(self._node_name(t.layer + 1, t.index))
        value = self._ask_value(title, current)
        if value is None:
            return
        if t.kind == "link":
            self.weightEdited.emit(t.layer, t.index, t.j, float(value))
        else:
            self.biasEdited.emit(t.layer, t.index, float(value))

    def _ask_value(self, title: str, current: float) -> float | None:
        """Ask for a number; None if cancelled.  Tests replace this method."""
        value, ok = QInputDialog.getDouble(self, self.tr("Edit value"), title, current, -1e6,
                                           1e6, 6)
        return float(value) if ok else None

    # -- public helpers (tests, main window) --------------------------------
    def link_weight_text(self, layer: int, i: int, j: int) -> str:
        """The value the hover card shows for this link: 4 significant digits."""
        if self._snap is None:
            return ""
        return f"{float(self._snap.weights[layer][i, j]):.4g}"

    def bias_text(self, layer: int, j: int) -> str:
        if self._snap is None:
            return ""
        return f"{float(self._snap.biases[layer][j]):.4g}"

    def hover_text(self) -> str:
        """Plain text of the hover card, empty when nothing is hovered."""
        return self._card.textItem.toPlainText() if self._card.isVisible() else ""

    def link_count(self) -> int:
        """Links of the network, drawn or not."""
        return self._layout.n_links if self._layout else 0

    def drawn_link_count(self) -> int:
        """Links drawn: all, or the LINK_LIMIT strongest of a huge net."""
        if self._layout is None:
            return 0
        self._restyle_links()
        return self.link_count() if self._drawn is None else len(self._drawn)

    def link_note(self) -> str:
        """The note shown when not every link is drawn; empty otherwise."""
        lay = self._layout
        if lay is None or lay.n_links <= LINK_LIMIT:
            return ""
        return self.tr("showing the {0} strongest of {1} links").format(f"{LINK_LIMIT:,}",
                                                                         f"{lay.n_links:,}")

    def has_thumbnails(self) -> bool:
        return self._thumbnails

    def node_count(self) -> int:
        return self._layout.n_nodes if self._layout else 0

    def link_style(self, layer: int, i: int, j: int) -> tuple[QColor, float]:
        """Colour and width in px the link is drawn with (a style held back included)."""
        self._restyle_links()
        k = self._drawn_position(self._layout.link_flat(layer, i, j))
        if k is None:
            raise ValueError(f"link {i}→{j} of weight layer {layer} is not drawn: only the "
                             f"{LINK_LIMIT:,} strongest of {self.link_count():,} are")
        return self._links.color_of(k), self._links.width_of(k)

    def bias_color(self, layer: int, j: int) -> QColor:
        return self._nodes.bias_color(int(self._layout.bias_offsets[layer] + j))

    def node_image(self, layer: int, j: int) -> HeatmapItem:
        return self._images[layer][j]

    def hover_link(self, layer: int, i: int, j: int) -> None:
        self._set_hover(Target("link", layer, i, j), self._layout.link_midpoint(layer, i, j))

    def hover_node(self, layer: int, j: int) -> None:
        cx, cy = self._layout.centers[layer][j].tolist()
        self._set_hover(Target("node", layer, j), (cx, cy))

    def hover_bias(self, layer: int, j: int) -> None:
        x0, y0, _, _ = self._layout.bias_rects[self._layout.bias_offsets[layer] + j].tolist()
        self._set_hover(Target("bias", layer, j), (x0, y0))

    def leave(self) -> None:
        self._set_hover(None)

    def click_link(self, layer: int, i: int, j: int) -> None:
        self._layout.link_flat(layer, i, j)  # raises IndexError for a link that is not there
        self._edit(Target("link", layer, i, j))

    def click_bias(self, layer: int, j: int) -> None:
        self._edit(Target("bias", layer, j))

    def view_box(self) -> pg.ViewBox:
        return self._vb

    def network_layout(self) -> nl.NetworkLayout | None:
        """Where the nodes and links are (view units), for overlays."""
        return self._layout

    def export(self, path: str, fmt: str, scale: float = 2.0) -> None:
        """Save the network and its legend as 'png' or 'svg' (thumbnails with every cell)."""
        self._restyle_links()
        self._full_thumbnails = True
        try:
            self._on_range_changed()
            export_item(self._glw.ci, path, fmt, scale)
        finally:
            self._full_thumbnails = False
            self._on_range_changed()
