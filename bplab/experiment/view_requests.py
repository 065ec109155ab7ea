"""What the views ask to be computed with each snapshot, beyond the grids and the loss.

The confusion matrix needs metrics, the boundary of data with more than two
inputs needs the output over a chosen pair of inputs, the hidden-space view
its points and bent grid, the distributions view the per-layer histograms
(whose bins it keeps between frames).  All of them read the live weights, so they are
computed where the snapshot is taken: on the worker thread between chunks, or
on the GUI thread while training is paused.  The GUI thread sets one immutable
``ViewRequest`` on a ``ViewRequests`` holder; ``make_snapshot`` (a drop-in for
``bplab.experiment.snapshot.make_snapshot``) adds what it asks for.  Nothing
is computed for a view that is not shown.

Costs: a pair grid is one forward pass of GRID_RESOLUTION² points, like the
output grid; the hidden space one of the training points and 1,320 grid-line
points; the distributions one of the training points; metrics one of the
whole data set, which for big data sets is taken at
most every ``METRICS_INTERVAL`` seconds while training runs.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from bplab.experiment.distributions import Distributions, DistributionTracker
from bplab.experiment.hidden_space import HiddenSpace, Projection
from bplab.experiment.input_pair import PairGrid
from bplab.experiment.metrics import Metrics, evaluate
from bplab.experiment.session import Session
from bplab.experiment.snapshot import Snapshot
from bplab.experiment.snapshot import make_snapshot as plain_snapshot

BIG_DATA = 20_000  # points (train + test) above which metrics are throttled while running
METRICS_INTERVAL = 0.25  # s between metric evaluations of big data while training runs


@dataclass(frozen=True)
class HiddenRequest:
    """Which hidden space to show."""

    layer: int  # 1-based hidden layer
    neurons: tuple[int, int] | None = None  # 0-based neurons; None: principal components
    refit: int = 0  # a new number fits the principal axes afresh (else they stay still)


@dataclass(frozen=True)
class ViewRequest:
    metrics: bool = False  # the confusion matrix (or R² and RMSE) is shown
    pair: tuple[int, int] | None = None  # input columns of the boundary, for data of d > 2
    hidden: HiddenRequest | None = None  # the hidden-space view is shown
    distributions: bool = False  # the per-layer histograms are shown


@dataclass(frozen=True)
class KeptViews:
    """``ViewRequests``' state between frames, without the session it belongs to."""

    projection: tuple[HiddenRequest, Projection] | None = None
    tracker: DistributionTracker | None = None


class ViewRequests:
    """The views' current request, and what is kept between snapshots to honour it
    (the principal axes, so they stay still while the network trains; the latest
    metrics of big data).  Thread-safe: set from the GUI thread, read by whichever
    thread takes a snapshot."""

    def __init__(self, clock: Callable[[], float] = time.perf_counter) -> None:
        self._lock = threading.Lock()
        self._request = ViewRequest()
        self._clock = clock
        self._projection: tuple[Session, HiddenRequest, Projection] | None = None
        self._metrics: tuple[Session, float, Metrics] | None = None  # (for, taken at, what)
        # The histograms' bins stay still between frames of one session.
        self._distributions: tuple[Session, DistributionTracker] | None = None

    @property
    def request(self) -> ViewRequest:
        with self._lock:
            return self._request

    def set(self, request: ViewRequest) -> None:
        with self._lock:
            self._request = request

    def update(self, **changes: object) -> None:
        """Change some fields of the request."""
        with self._lock:
            self._request = dataclasses.replace(self._request, **changes)

    def kept(self) -> KeptViews:
        """What is kept between frames (the principal axes, the histograms' ranges), for a
        run trained in another process; the latest metrics are not carried."""
        with self._lock:
            projection, tracker = self._projection, self._distributions
        return KeptViews(None if projection is None else projection[1:],
                         None if tracker is None else tracker[1])

    def keep(self, kept: KeptViews, session: Session) -> None:
        """Go on from ``kept`` (see ``kept``), as if it had been kept for ``session``."""
        with self._lock:
            self._projection = None if kept.projection is None else (session, *kept.projection)
            self._distributions = None if kept.tracker is None else (session, kept.tracker)

    def extras(self, session: Session, running: bool = False) -> dict[str, object]:
        """The Snapshot fields the request asks for, computed now from ``session``."""
        request = self.request
        out: dict[str, object] = {}
        if request.metrics:
            out["metrics"] = self._metrics_of(session, running)
        if request.pair is not None and session.dataset.x.shape[1] > 2:
            out["pair_grid"] = self._pair_grid(session, request.pair)
        if request.hidden is not None:
            out["hidden_space"] = self._hidden_space(session, request.hidden)
        if request.distributions:
            out["distributions"] = self._distributions_of(session)
        return out

    def make_snapshot(self, session: Session, history_start: int, steps_per_second: float,
                      running: bool = False) -> Snapshot:
        """``snapshot.make_snapshot`` with the extras asked for (a TrainingLoop snapshot maker)."""
        snap = plain_snapshot(session, history_start, steps_per_second, running=running)
        extras = self.extras(session, running)
        return dataclasses.replace(snap, **extras) if extras else snap

    # -- the pieces ------------------------------------------------------------------
    def _metrics_of(self, session: Session, running: bool) -> Metrics:
        now = self._clock()
        with self._lock:
            kept = self._metrics
        n = len(session.dataset.y)
        if (running and n > BIG_DATA and kept is not None and kept[0] is session
                and now - kept[1] < METRICS_INTERVAL):
            return kept[2]
        metrics = evaluate(session)
        with self._lock:
            self._metrics = (session, now, metrics)
        return metrics

    @staticmethod
    def _pair_grid(session: Session, pair: tuple[int, int]) -> PairGrid | None:
        try:
            return session.pair_grid(pair)
        except ValueError:  # a pair of the data before (the request follows in a moment)
            return None

    def _distributions_of(self, session: Session) -> Distributions:
        with self._lock:
            kept = self._distributions
        tracker = kept[1] if kept is not None and kept[0] is session else DistributionTracker()
        # Only one thread takes snapshots at a time (the worker runs, or the GUI while paused).
        out = tracker.measure(session.network, session.trainer.train.x)
        with self._lock:
            self._distributions = (session, tracker)
        return out

    def _hidden_space(self, session: Session, hidden: HiddenRequest) -> HiddenSpace | None:
        with self._lock:
            kept = self._projection
        projection = None
        if kept is not None and kept[0] is session and kept[1] == hidden:
            projection = kept[2]
        try:
            space = session.hidden_space(hidden.layer, hidden.neurons, projection)
        except ValueError:  # a layer or neuron the network no longer has
            return None
        with self._lock:
            self._projection = (session, hidden, space.projection)
        return space
