"""Where the network's nodes, links and bias markers go (pure NumPy, no Qt).

Coordinates are view units with y up.  Layer ``l`` is a column at
``x = l * gap``; neuron 0 is at the top.  Links are cubic Bézier
curves with horizontal tangents (TF Playground's look), sampled into short
polylines for hit testing.  Flat link ``k`` of weight layer ``l`` is
``W[l].ravel()[k - offset[l]]``, so colours come from one concatenation.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

Array = np.ndarray

READABLE_NEURONS = 8  # up to this many neurons per layer nodes keep their full size
MIN_SLOTS = 5  # small nets are laid out as if this tall, so 2-2-1 nodes are not huge
PITCH = 1.0  # vertical distance between neighbouring nodes in a readable net
NODE_FILL = 0.72  # node side as a share of the pitch
COLUMN_GAP = 3.4  # horizontal distance between layer columns of a shallow net
MIN_COLUMN_GAP = 2.3  # deep nets pack their columns closer, down to this
NARROWEST_GAP = 1.9  # a narrow widget may bring columns this close, no closer
WIDEST_GAP = 5.0  # a wide widget may spread them this far
SPREAD = 16.0  # a deep net's columns share about this much width
TALL_GAP = 0.3  # columns at least this share of the tallest column apart
BIAS_SIDE = 0.3  # bias marker side as a share of the node side
NARROW_SPREAD = 0.5  # in a net with wide layers, a narrow one spans up to this share of it
CURVE_SAMPLES = 12  # points per link polyline for hit testing
DENSE_LINKS = 600  # beyond this many links they are straight: 3× cheaper to draw, as readable


@dataclass(frozen=True)
class NetworkLayout:
    sizes: tuple[int, ...]  # neurons per layer, input first
    centers: tuple[Array, ...]  # per layer, (n, 2) node centres
    node_size: float  # side of a node square (diameter of a circle)
    pitch: float  # vertical distance between neighbouring nodes
    gap: float  # horizontal distance between layer columns
    node_rects: Array  # (N, 4) x0, y0, x1, y1 of every node, layer by layer
    node_offsets: Array  # (n_layers + 1,) first flat node index of each layer
    bias_rects: Array  # (B, 4) marker rectangles of every non-input node
    bias_offsets: Array  # (n_weight_layers + 1,) first flat bias index per weight layer
    controls: Array  # (L, 4, 2) Bézier control points of every link
    link_offsets: Array  # (n_weight_layers + 1,) first flat link index per weight layer
    straight: bool  # links are straight lines (dense nets) rather than curves
    bounds: tuple[float, float, float, float]  # x0, y0, x1, y1 around all nodes

    @property
    def n_links(self) -> int:
        return int(self.link_offsets[-1])

    @property
    def n_nodes(self) -> int:
        return int(self.node_offsets[-1])

    def link_id(self, k: int) -> tuple[int, int, int]:
        """(weight layer, i, j) of flat link ``k``."""
        layer = int(np.searchsorted(self.link_offsets, k, side="right") - 1)
        i, j = divmod(int(k - self.link_offsets[layer]), self.sizes[layer + 1])
        return layer, i, j

    def link_flat(self, layer: int, i: int, j: int) -> int:
        n_in, n_out = self.sizes[layer], self.sizes[layer + 1]
        if not (0 <= i < n_in and 0 <= j < n_out):
            raise IndexError(f"no link {i}→{j} in weight layer {layer}")
        return int(self.link_offsets[layer] + i * n_out + j)

    def node_id(self, k: int) -> tuple[int, int]:
        layer = int(np.searchsorted(self.node_offsets, k, side="right") - 1)
        return layer, int(k - self.node_offsets[layer])

    def link_midpoint(self, layer: int, i: int, j: int) -> tuple[float, float]:
        x, y = sample_curves(self.controls[[self.link_flat(layer, i, j)]])[0, CURVE_SAMPLES // 2]
        return float(x), float(y)


def sample_curves(ctrl: Array) -> Array:
    """(L, CURVE_SAMPLES, 2) points along the Bézier curves with control points ``ctrl``.

    Computed on demand for the links being looked at: a 10×256 net has 655,360
    links, whose samples would take more than 100 MB.
    """
    t = np.linspace(0.0, 1.0, CURVE_SAMPLES)[None, :, None]
    c = ctrl[:, :, None, :]
    return ((1 - t) ** 3 * c[:, 0] + 3 * (1 - t) ** 2 * t * c[:, 1]
            + 3 * (1 - t) * t**2 * c[:, 2] + t**3 * c[:, 3])


def compute_layout(sizes: list[int], gap: float | None = None) -> NetworkLayout:
    """Place everything; ``gap`` (column distance) defaults to one that suits the depth."""
    sizes = tuple(int(s) for s in sizes)
    widest = max(sizes)
    if widest <= READABLE_NEURONS:
        pitch = PITCH
    else:
        # Wide layers grow the column only with √n, so nodes shrink but stay visible.
        pitch = PITCH * READABLE_NEURONS * np.sqrt(widest / READABLE_NEURONS) / widest
    s = pitch * NODE_FILL
    if gap is None:
        gap = min(COLUMN_GAP, max(MIN_COLUMN_GAP, SPREAD / max(len(sizes) - 1, 1)))
        gap = max(gap, TALL_GAP * widest * pitch)  # tall (wide-layer) nets spread out too
    centers = []
    for layer, n in enumerate(sizes):
        ys = ((n - 1) / 2 - np.arange(n)) * _layer_pitch(n, widest, pitch)
        centers.append(np.column_stack([np.full(n, layer * gap), ys]))
    allc = np.concatenate(centers)
    half = s / 2
    node_rects = np.column_stack([allc - half, allc + half])
    node_offsets = np.concatenate([[0], np.cumsum(sizes)])

    b = s * BIAS_SIDE
    inner = np.concatenate(centers[1:])
    # The marker sits on the node's lower-left corner, as in TF Playground.
    bx, by = inner[:, 0] - half - b * 0.35, inner[:, 1] - half - b * 0.35
    bias_rects = np.column_stack([bx, by, bx + b, by + b])
    bias_offsets = np.concatenate([[0], np.cumsum(sizes[1:])])

    straight = sum(a * b for a, b in itertools.pairwise(sizes)) > DENSE_LINKS
    controls, link_counts = [], []
    for layer in range(len(sizes) - 1):
        src, dst = centers[layer], centers[layer + 1]
        p0 = np.repeat(src + np.array([half, 0.0]), len(dst), axis=0)  # i-major, like W.ravel()
        p3 = np.tile(dst - np.array([half, 0.0]), (len(src), 1))
        if straight:  # control points on the chord: the curve is the straight line
            p1, p2 = p0 + (p3 - p0) / 3, p0 + (p3 - p0) * (2 / 3)
        else:
            mx = (p0[:, 0] + p3[:, 0]) / 2
            p1 = np.column_stack([mx, p0[:, 1]])
            p2 = np.column_stack([mx, p3[:, 1]])
        controls.append(np.stack([p0, p1, p2, p3], axis=1))
        link_counts.append(len(p0))
    ctrl = np.concatenate(controls) if controls else np.zeros((0, 4, 2))
    lo, hi = node_rects[:, :2].min(axis=0), node_rects[:, 2:].max(axis=0)
    lo = np.minimum(lo, bias_rects[:, :2].min(axis=0)) if len(bias_rects) else lo
    return NetworkLayout(
        sizes=sizes, centers=tuple(centers), node_size=s, pitch=pitch, gap=float(gap),
        node_rects=node_rects, node_offsets=node_offsets, bias_rects=bias_rects,
        bias_offsets=bias_offsets, controls=ctrl,
        link_offsets=np.concatenate([[0], np.cumsum(link_counts)]).astype(np.intp),
        straight=straight,
        bounds=(float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1])),
    )


def _layer_pitch(n: int, widest: int, pitch: float) -> float:
    """Node distance in a layer of ``n``: narrow layers of a net with wide ones spread out.

    Packed at the wide layers' pitch, the six inputs of a 10×256 net would lie
    within a few pixels and their labels on top of each other; spread over up to
    NARROW_SPREAD of the tallest column (never further apart than a readable
    net's nodes grown with √(widest/8)), each gets room for its label.
    """
    if widest <= READABLE_NEURONS or n <= 1:
        return pitch
    cap = PITCH * np.sqrt(widest / READABLE_NEURONS)
    return float(max(pitch, min(cap, NARROW_SPREAD * widest * pitch / n)))


def _inside(rects: Array, x: float, y: float, pad: float) -> int | None:
    hit = np.flatnonzero((rects[:, 0] - pad <= x) & (x <= rects[:, 2] + pad)
                         & (rects[:, 1] - pad <= y) & (y <= rects[:, 3] + pad))
    return int(hit[-1]) if len(hit) else None


def node_at(lay: NetworkLayout, x: float, y: float) -> int | None:
    return _inside(lay.node_rects, x, y, 0.0)


def bias_at(lay: NetworkLayout, x: float, y: float, pad: float = 0.0) -> int | None:
    return _inside(lay.bias_rects, x, y, pad)


def nearest_link(lay: NetworkLayout, x: float, y: float, tol: float,
                 links: Array | None = None) -> int | None:
    """Flat index of the link passing closest to (x, y), if within ``tol``.

    ``links`` (flat indices) limits the search to the links drawn.
    """
    controls = lay.controls if links is None else lay.controls[links]
    p0, p3 = controls[:, 0], controls[:, 3]
    near = np.flatnonzero((p0[:, 0] - tol <= x) & (x <= p3[:, 0] + tol))
    if not len(near):
        return None
    cand = near if links is None else np.asarray(links)[near]
    poly = sample_curves(controls[near])
    a, b = poly[:, :-1], poly[:, 1:]  # segments, (c, K-1, 2)
    ab = b - a
    ap = np.array([x, y]) - a
    denom = np.maximum((ab * ab).sum(-1), 1e-18)
    u = np.clip((ap * ab).sum(-1) / denom, 0.0, 1.0)
    d2 = ((ap - u[..., None] * ab) ** 2).sum(-1).min(axis=1)
    best = int(np.argmin(d2))
    return int(cand[best]) if d2[best] <= tol * tol else None
