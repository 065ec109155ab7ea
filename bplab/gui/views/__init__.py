"""The three live views of a training run: network graph, decision boundary, loss curve.

Each view is created once; ``update_snapshot`` (or ``append`` for the loss)
only updates items in place, never rebuilds them.
"""

from bplab.gui.views.boundary_view import BoundaryView
from bplab.gui.views.loss_plot import LossPlot
from bplab.gui.views.network_view import NetworkView

__all__ = ["BoundaryView", "LossPlot", "NetworkView"]
