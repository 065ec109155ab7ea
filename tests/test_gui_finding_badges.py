"""Doctor badges on the graph: one per neuron found, one over a crowded layer's column,
and nothing redone when the findings put badges in the same places again."""

from __future__ import annotations

import pyqtgraph as pg

from bplab.experiment.doctor import Finding
from bplab.gui.views.finding_badges import MAX_NEURON_BADGES, FindingBadges, badge_places
from bplab.gui.views.network_layout import compute_layout


def saturated(layer: int, neurons: range) -> Finding:
    return Finding("saturation", "saturated", {}, layer=layer, neurons=tuple(neurons))


def test_a_crowded_layer_gets_one_badge_over_its_column():
    many, few = range(MAX_NEURON_BADGES + 1), range(3)
    places = badge_places([saturated(1, many), saturated(2, few)], n_layers=3)
    assert places == {(1, None), (2, 0), (2, 1), (2, 2)}
    exactly = badge_places([saturated(1, range(MAX_NEURON_BADGES))], n_layers=3)
    assert exactly == {(1, k) for k in range(MAX_NEURON_BADGES)}


def test_the_same_findings_again_keep_the_badges_they_have(qtbot):
    widget = pg.GraphicsLayoutWidget()
    qtbot.addWidget(widget)
    box = widget.addViewBox()
    badges = FindingBadges(box)
    layout = compute_layout([2, 256, 256, 1])
    findings = [saturated(1, range(200)), saturated(2, range(2))]
    badges.set_findings(findings, layout)
    first = badges.items()
    assert len(first) == 3  # the column of layer 1, two neurons of layer 2
    badges.set_findings(list(findings), layout)
    assert all(a is b for a, b in zip(badges.items(), first, strict=True))
    badges.set_findings([saturated(2, range(2))], layout)
    assert len(badges.items()) == 2
