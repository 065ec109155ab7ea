"""Badges on the network graph where the doctor found something.

A finding about neurons gets a small "!" beside each of them; one about a
whole layer gets a badge over that layer's column; one about the whole
network (a divergence from the learning rate, a plateau) over the output
column.  A layer with more than MAX_NEURON_BADGES neurons found gets one badge
over its column instead (a big net's saturated layer would otherwise need
hundreds of items, each costing the GUI thread time).  Text items only, added
to the network's view box; re-placed when the layout or the places change.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyqtgraph as pg

from bplab.experiment.doctor import Finding
from bplab.gui.views.network_layout import NetworkLayout

BADGE_COLOR = "#d93025"
BADGE_HTML = (f'<span style="color:{BADGE_COLOR}; font-size:14pt; font-weight:bold">'
              "⚠</span>")
BADGE_Z = 5  # over the links and nodes, under the hover card
MAX_NEURON_BADGES = 8  # per layer; more neurons found: one badge over the column


def badge_places(findings: Iterable[Finding], n_layers: int) -> set[tuple[int, int | None]]:
    """(node layer, neuron or None for the column) of every badge, without repeats."""
    places: set[tuple[int, int | None]] = set()
    for f in findings:
        layer = n_layers if f.layer is None else f.layer
        neurons = f.neurons or ((f.neuron,) if f.neuron is not None else ())
        if neurons:
            places.update((layer, k) for k in neurons)
        else:
            places.add((layer, None))
    crowded = {layer for layer in {p[0] for p in places}
               if sum(1 for p in places if p[0] == layer and p[1] is not None)
               > MAX_NEURON_BADGES}
    return {p for p in places if p[0] not in crowded} | {(layer, None) for layer in crowded}


class FindingBadges:
    """The badges of one network view; see the module docstring."""

    def __init__(self, view_box: pg.ViewBox) -> None:
        self._vb = view_box
        self._items: list[pg.TextItem] = []
        self.places: set[tuple[int, int | None]] = set()
        self._layout: NetworkLayout | None = None

    def set_findings(self, findings: Iterable[Finding], layout: NetworkLayout | None) -> None:
        n_layers = len(layout.sizes) - 1 if layout is not None else 0
        places = badge_places(findings, n_layers) if layout is not None else set()
        if places == self.places and layout is self._layout:
            return  # the same badges in the same places: nothing to redo
        self.places = places
        self.place(layout)

    def place(self, layout: NetworkLayout | None) -> None:
        """Draw the badges for ``layout`` (after a rebuild or a new set of findings)."""
        self._layout = layout
        for item in self._items:
            self._vb.removeItem(item)
        self._items = []
        if layout is None:
            return
        half = layout.node_size / 2
        for layer, neuron in sorted(self.places, key=lambda p: (p[0], -1 if p[1] is None
                                                                 else p[1])):
            if not 0 <= layer < len(layout.centers):
                continue
            centers = layout.centers[layer]
            if neuron is None:
                # under the column (the view's y axis points up; headers are above)
                x, y = float(centers[:, 0].mean()), float(centers[:, 1].min()) - half
                anchor = (0.5, 0.0)
            elif neuron < len(centers):
                x, y = float(centers[neuron, 0]) + half, float(centers[neuron, 1]) - half
                anchor = (0.5, 0.5)
            else:
                continue
            item = pg.TextItem(html=BADGE_HTML, anchor=anchor)
            item.setZValue(BADGE_Z)
            item.setPos(x, y)
            self._vb.addItem(item, ignoreBounds=True)
            self._items.append(item)

    def items(self) -> list[pg.TextItem]:
        return list(self._items)
