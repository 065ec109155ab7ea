"""The one colour language of the views: orange for negative, blue for positive.

TF Playground's scale (``#f59322`` → ``#e8eaeb`` → ``#0877bd``) is used for
link weights, bias markers, neuron heatmaps and the output heatmap alike, so
a learner reads every picture the same way.  Everything is precomputed once:
a 256-entry lookup table serves both ``weight_colors`` and ImageItem LUTs.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

NEGATIVE = "#f59322"  # TF Playground orange
NEUTRAL = "#e8eaeb"  # light grey-white for values near zero
POSITIVE = "#0877bd"  # TF Playground blue

# Classes 0 and 1 match the diverging map (class 0 ↔ −1, class 1 ↔ +1).
CLASS_COLORS: tuple[str, ...] = (
    NEGATIVE, POSITIVE, "#2ca02c", "#9467bd", "#d62728", "#17becf", "#8c564b", "#e377c2",
    "#7f7f7f", "#bcbd22",
)

LUT_SIZE = 256


def _hex_rgb(color: str) -> tuple[int, int, int]:
    c = color.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


DIVERGING = pg.ColorMap(
    pos=np.array([0.0, 0.5, 1.0]),
    color=np.array([_hex_rgb(NEGATIVE), _hex_rgb(NEUTRAL), _hex_rgb(POSITIVE)], np.ubyte),
    name="bplab-diverging",
)

# (256, 4) uint8 RGBA: index 0 is the most negative, 255 the most positive.
DIVERGING_LUT: np.ndarray = DIVERGING.getLookupTable(0.0, 1.0, LUT_SIZE, alpha=True).astype(
    np.uint8)
DIVERGING_LUT.setflags(write=False)


def _link_lut() -> np.ndarray:
    """The diverging LUT with a visible grey middle: near-zero links on white stay seen."""
    out = DIVERGING_LUT.astype(np.float32)
    t = np.abs(np.linspace(-1.0, 1.0, LUT_SIZE))
    mix = (0.45 * (1.0 - t) ** 2)[:, None]
    out[:, :3] = out[:, :3] * (1 - mix) + np.array([150.0, 155.0, 160.0]) * mix
    return out.round().astype(np.uint8)


# Link colours: the same map, only its near-white middle is turned to light grey.
LINK_LUT: np.ndarray = _link_lut()
LINK_LUT.setflags(write=False)


def lighten(lut: np.ndarray, amount: float) -> np.ndarray:
    """Blend a LUT towards white, for backgrounds that points must stand out on."""
    out = lut.astype(np.float32)
    out[:, :3] += (255.0 - out[:, :3]) * amount
    return out.round().astype(np.uint8)


# The output heatmap sits under the data points, so it is a paler version.
BACKGROUND_LUT: np.ndarray = lighten(DIVERGING_LUT, 0.25)
BACKGROUND_LUT.setflags(write=False)
BACKGROUND = pg.ColorMap(pos=np.linspace(0.0, 1.0, LUT_SIZE), color=BACKGROUND_LUT,
                         name="bplab-background")


# Image LUTs have more than 256 rows on purpose: with ≤ 256, pyqtgraph renders
# an indexed image and rebuilds its colour table in Python on every frame,
# which made the node thumbnails 2–7× slower to draw.
IMAGE_LUT_SIZE = 512
DIVERGING_IMAGE_LUT: np.ndarray = DIVERGING.getLookupTable(
    0.0, 1.0, IMAGE_LUT_SIZE, alpha=True).astype(np.uint8)
DIVERGING_IMAGE_LUT.setflags(write=False)
BACKGROUND_IMAGE_LUT: np.ndarray = lighten(DIVERGING_IMAGE_LUT, 0.25)
BACKGROUND_IMAGE_LUT.setflags(write=False)


def _bgra_words(lut: np.ndarray) -> np.ndarray:
    """An RGBA LUT as 32-bit pixels of QImage's Format_ARGB32_Premultiplied (B, G, R, A
    in memory), the raster engine's own format, so drawing a heatmap converts nothing.
    Every row is opaque, so premultiplying changes nothing either."""
    assert (lut[:, 3] == 255).all()
    words = np.ascontiguousarray(lut[:, [2, 1, 0, 3]]).view(np.uint32).ravel()
    words.setflags(write=False)
    return words


# The image LUTs above, one pixel per row, for heatmap_pixels.
DIVERGING_PIXELS: np.ndarray = _bgra_words(DIVERGING_IMAGE_LUT)
BACKGROUND_PIXELS: np.ndarray = _bgra_words(BACKGROUND_IMAGE_LUT)


def heatmap_pixels(grids: np.ndarray, lo: np.ndarray, hi: np.ndarray,
                   lut: np.ndarray = DIVERGING_PIXELS) -> np.ndarray:
    """Pixels of many heatmaps at once: ``grids`` (n, h, w), levels ``lo``, ``hi`` (n,).

    Returns (n, h, w, 4) uint8 for Format_ARGB32_Premultiplied, mapped through
    ``lut`` (DIVERGING_PIXELS or BACKGROUND_PIXELS) exactly as pyqtgraph's ImageItem
    maps an image with these levels through the matching image LUT; NaN cells (a
    diverged net) are transparent, as there.
    """
    n_rows = len(lut)
    span = hi - lo
    scale = np.divide(n_rows, span, out=np.zeros_like(span, dtype=np.float64),
                      where=span > 0)
    t = (grids - lo[:, None, None]) * scale[:, None, None]
    bad = np.isnan(t)
    t[bad] = 0.0
    np.clip(t, 0, n_rows - 1, out=t)
    words = lut[t.astype(np.intp)]
    if bad.any():
        words[bad] = 0
    return words.view(np.uint8).reshape(*words.shape, 4)


def lut_index(values: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """LUT row for each value, clipping to [lo, hi]."""
    span = hi - lo if hi > lo else 1.0
    t = (np.asarray(values, np.float64) - lo) * ((LUT_SIZE - 1) / span)
    np.clip(t, 0, LUT_SIZE - 1, out=t)
    # NaN (a diverged net) maps to the neutral middle rather than to index 0.
    t[np.isnan(t)] = (LUT_SIZE - 1) / 2
    return np.rint(t).astype(np.intp)


def weight_colors(w: np.ndarray, scale: float = 1.0) -> np.ndarray:
    """(n, 4) uint8 RGBA link colours for weights ``w``; ±scale and beyond are saturated."""
    scale = float(scale) if scale > 0 else 1.0
    return LINK_LUT[lut_index(np.ravel(w), -scale, scale)]


def class_color(k: int) -> str:
    return CLASS_COLORS[k % len(CLASS_COLORS)]


def class_rgb(n: int) -> np.ndarray:
    """(n, 3) float32 RGB in 0..255 for classes 0..n-1."""
    return np.array([_hex_rgb(class_color(k)) for k in range(n)], np.float32)
