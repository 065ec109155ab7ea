"""The links as painted: every drawn line gets its own link's colour and width.

The hover card and ``link_style`` read the style table; these tests read what
``LinkLayer.paint`` actually hands to the painter, and the pixels it leaves.
"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QLineF, QRectF
from PySide6.QtGui import QColor, QImage, QPainter, QTransform

from bplab.experiment import Session, default_experiment
from bplab.gui.views.colors import LINK_LUT, LUT_SIZE, lut_index
from bplab.gui.views.network_items import WIDTH_STEPS, LinkLayer
from bplab.gui.views.network_view import COLOR_SCALE, LINK_LIMIT, NetworkView

pytestmark = pytest.mark.gui
SEVEN = ["x1", "x2", "x1_sq", "x2_sq", "x1_x2", "sin_x1", "sin_x2"]


def wide_session(hidden: list[int], features: list[str]) -> Session:
    exp = default_experiment()
    exp.architecture.hidden = list(hidden)
    exp.architecture.activations = ["relu"] * len(hidden)
    exp.data.features = list(features)
    return Session(exp)


def network_view(qtbot, session: Session) -> NetworkView:
    view = NetworkView()
    qtbot.addWidget(view)
    view.resize(800, 500)
    view.show()
    net = session.network
    view.set_architecture(net.sizes, session.feature_names, net.activation_names)
    return view


class RecordingPainter(QPainter):
    """A painter on an image that remembers which pen each line and path was drawn with."""

    def __init__(self, image: QImage) -> None:
        super().__init__(image)
        self.strokes: list[tuple[tuple[float, float, float, float], QColor, float]] = []
        self._pen_color, self._pen_width = QColor(), 0.0

    def setPen(self, pen) -> None:
        super().setPen(pen)
        self._pen_color, self._pen_width = QColor(pen.color()), pen.widthF()

    def _record(self, line: QLineF) -> None:
        self.strokes.append(((line.x1(), line.y1(), line.x2(), line.y2()),
                             self._pen_color, self._pen_width))

    def drawLines(self, lines) -> None:
        for line in lines:
            self._record(line)
        super().drawLines(lines)

    def drawLine(self, *args) -> None:
        line = args[0] if len(args) == 1 else QLineF(*args)
        self._record(line)
        super().drawLine(*args)

    def drawPath(self, path) -> None:
        start, end = path.pointAtPercent(0.0), path.pointAtPercent(1.0)
        self._record(QLineF(start, end))
        super().drawPath(path)


def painted_strokes(layer: LinkLayer) -> list:
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = RecordingPainter(image)
    layer.paint(painter)
    painter.end()
    return painter.strokes


def expected_style(view: NetworkView, w: float) -> tuple[QColor, float]:
    from bplab.gui.views.network_view import MIN_WIDTH, WIDTH_SATURATION

    row = int(lut_index(np.array([w]), -COLOR_SCALE, COLOR_SCALE)[0])
    r, g, b, _ = LINK_LUT[row].tolist()
    px = MIN_WIDTH + min(abs(w), WIDTH_SATURATION) * view._width_gain
    return QColor(r, g, b), max(round(px * WIDTH_STEPS), 1) / WIDTH_STEPS


@pytest.mark.parametrize("hidden", [[64, 64], [256] * 3])
def test_every_painted_line_has_its_own_links_pen(qtbot, hidden):
    """[64, 64] draws the strongest 2,000 of 4,224 links, as straight lines."""
    s = wide_session(hidden, SEVEN if len(hidden) > 2 else ["x1", "x2"])
    rng = np.random.default_rng(3)
    for w in s.network.W:  # half positive, half negative, many widths
        w[...] = rng.uniform(-3.0, 3.0, w.shape)
    from bplab.gui.worker import make_snapshot

    view = network_view(qtbot, s)
    view.update_snapshot(make_snapshot(s, 0, 0.0))
    view.flush()
    lay = view._layout
    assert lay.n_links > LINK_LIMIT and lay.straight
    flat = np.concatenate([w.ravel() for w in s.network.W])
    # Which link each painted line is: its end points are the link's first and last
    # control points.
    ends = {tuple(np.round(np.r_[c[0], c[3]], 6)): k for k, c in enumerate(lay.controls)}
    strokes = painted_strokes(view._links)
    assert len(strokes) == LINK_LIMIT
    wrong = 0
    signs = {"blue": 0, "orange": 0}
    for (x1, y1, x2, y2), color, width in strokes:
        k = ends[tuple(np.round([x1, y1, x2, y2], 6))]
        want_color, want_width = expected_style(view, float(flat[k]))
        if color.rgb() != want_color.rgb() or abs(width - want_width) > 1e-9:
            wrong += 1
        signs["blue" if color.blue() > color.red() else "orange"] += 1
    assert wrong == 0, f"{wrong} of {len(strokes)} lines painted with another link's pen"
    assert signs["blue"] > 0.3 * len(strokes) and signs["orange"] > 0.3 * len(strokes)


def test_straight_links_leave_their_colours_in_the_pixels(qtbot):
    """Far-apart straight links, rendered: each line's pixels are its own colour."""
    n = 700  # straight (dense) links are drawn with one drawLines call per pen
    layer = LinkLayer()
    y = np.arange(n, dtype=float) * 4.0
    controls = np.zeros((n, 4, 2))
    controls[:, :, 0] = [0.0, 10.0, 20.0, 30.0]
    controls[:, :, 1] = y[:, None]
    layer.set_geometry(controls, QRectF(0, 0, 30, y[-1]), straight=True)
    rows = np.where(np.arange(n) % 3 == 0, 0, LUT_SIZE - 1)  # orange, blue, blue, orange…
    rows[::7] = LUT_SIZE // 2  # and some grey
    widths = 1.0 + (np.arange(n) % 4) * 0.25
    assert layer.set_style(rows, widths)
    image = QImage(40, int(y[-1]) + 8, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setTransform(QTransform.fromTranslate(4, 4.5))  # lines on pixel centres
    layer.paint(painter)
    painter.end()
    wrong = []
    for k in range(n):
        got = QColor(image.pixel(19, int(y[k]) + 4))
        r, g, b, _ = LINK_LUT[rows[k]].tolist()
        if max(abs(got.red() - r), abs(got.green() - g), abs(got.blue() - b)) > 40:
            wrong.append(k)
    assert not wrong, f"{len(wrong)} of {n} lines show another colour, e.g. {wrong[:5]}"
