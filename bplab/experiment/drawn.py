"""Points drawn by hand: the editing steps of the window's draw mode, and the experiment and
session they make.

Qt-free: the window's draw tool turns clicks into these steps and pushes each
on the undo stack; tests call them directly.  The rules:

* A drawn set is 2-D points with a label each (a class number, or a value for
  regression) and a train/test mark each.  It becomes the experiment's data as
  ``DataSpec(source="points")`` with the marks in ``Points.is_train``, so a
  saved file reopens with exactly these points and this split.
* The marks stay with their points when others are added or removed, so
  drawing never reshuffles the split.  A new point joins the test set when the
  test set is short of its share of the points (the form's train share), else
  the training set: at a 50 % share every second point drawn is a test point.
  Moving the train share or the data seed re-splits every point (``split_marks``,
  the very rule ``bplab.data.split`` uses for generated data).
* Classes: the data has as many classes as its highest class number + 1 (at
  least 2), and the network's output follows (softmax beyond two classes).  A
  class below that with no point is allowed; ``missing_classes`` names it so
  the window can say so.
* Editing the data while a network trains keeps the weights when the network's
  shape and output stay the same (``session_for_data``): training continues
  from where it was, on the new points, and the latest history entry is
  measured again on them.  A class added or removed changes the output layer;
  then the network starts over with fresh weights.
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass

import numpy as np

from bplab.data.dataset import CLASSIFICATION, MAX_CLASSES, REGRESSION
from bplab.experiment.adapt import fit_output_to_data
from bplab.experiment.model import Experiment, Points
from bplab.experiment.session import Plane, Session

Array = np.ndarray


def split_marks(n: int, train_fraction: float, seed: int) -> Array:
    """(n,) bool: which points train, as ``bplab.data.split`` splits n points (its share,
    its seeded permutation); every point trains when there are fewer than two."""
    mask = np.zeros(n, bool)
    if n < 2:
        mask[:] = True
        return mask
    order = np.random.default_rng(seed).permutation(n)
    n_train = min(max(round(n * train_fraction), 1), n - 1)
    mask[order[:n_train]] = True
    return mask


def wanted_test_points(n: int, train_fraction: float) -> int:
    """How many of n points the share leaves for testing (``split``'s count)."""
    return 0 if n < 2 else n - min(max(round(n * train_fraction), 1), n - 1)


@dataclass(frozen=True, eq=False)
class DrawnPoints:
    """An immutable drawn data set; every edit returns a new one."""

    x: Array  # (n, 2) float64
    y: Array  # (n,) int64 class numbers, or float64 values for regression
    is_train: Array  # (n,) bool
    task: str = CLASSIFICATION

    def __post_init__(self) -> None:
        x = np.array(self.x, np.float64).reshape(-1, 2)
        dtype = np.int64 if self.task == CLASSIFICATION else np.float64
        y = np.array(self.y, dtype).reshape(-1)
        marks = np.array(self.is_train, bool).reshape(-1)
        if not len(x) == len(y) == len(marks):
            raise ValueError(f"{len(x)} points, {len(y)} labels and {len(marks)} marks")
        if self.task == CLASSIFICATION and len(y) and not 0 <= y.min() <= y.max() < MAX_CLASSES:
            raise ValueError(f"class numbers run from 0 to {MAX_CLASSES - 1}")
        for a in (x, y, marks):
            a.flags.writeable = False
        object.__setattr__(self, "x", x)
        object.__setattr__(self, "y", y)
        object.__setattr__(self, "is_train", marks)

    def __len__(self) -> int:
        return len(self.y)

    # -- what the set holds ---------------------------------------------------------
    @property
    def n_classes(self) -> int:
        """The data's class count: highest class number + 1, at least 2 (0 for regression)."""
        if self.task == REGRESSION:
            return 0
        return max(2, int(self.y.max()) + 1) if len(self.y) else 2

    def class_counts(self) -> Array:
        """(n_classes,) points per class (empty for regression)."""
        if self.task == REGRESSION:
            return np.zeros(0, np.int64)
        return np.bincount(self.y, minlength=self.n_classes)

    def missing_classes(self) -> list[int]:
        """Classes of the data that have no point (the network still has an output for each)."""
        return [int(k) for k in np.flatnonzero(self.class_counts() == 0)]

    def nearest(self, point: tuple[float, float], scale: tuple[float, float] = (1.0, 1.0),
                within: float = np.inf) -> int | None:
        """Index of the point nearest ``point``, distances measured in units of ``scale``
        (e.g. data units per pixel, to measure in pixels); None if none is within."""
        if not len(self):
            return None
        d = np.hypot((self.x[:, 0] - point[0]) / scale[0], (self.x[:, 1] - point[1]) / scale[1])
        i = int(np.argmin(d))
        return i if d[i] <= within else None

    # -- edits ------------------------------------------------------------------------
    def added(self, points: Array, labels: Array, train_fraction: float) -> DrawnPoints:
        """The set with ``points`` (m, 2) of ``labels`` (m,) appended, each marked for the test
        set when the test set is short of its share, else for training."""
        points = np.asarray(points, np.float64).reshape(-1, 2)
        labels = np.broadcast_to(np.asarray(labels), (len(points),))
        marks = list(self.is_train)
        n_test = len(marks) - sum(marks)
        for _ in range(len(points)):
            to_test = n_test < wanted_test_points(len(marks) + 1, train_fraction)
            marks.append(not to_test)
            n_test += to_test
        return DrawnPoints(np.vstack([self.x, points]), np.concatenate([self.y, labels]),
                           np.array(marks, bool), self.task)

    def without(self, indices: Array | list[int]) -> DrawnPoints:
        keep = np.ones(len(self), bool)
        keep[np.asarray(indices, np.int64)] = False
        return DrawnPoints(self.x[keep], self.y[keep], self.is_train[keep], self.task)

    def cleared(self) -> DrawnPoints:
        return DrawnPoints(np.zeros((0, 2)), np.zeros(0), np.zeros(0, bool), self.task)

    def resplit(self, train_fraction: float, seed: int) -> DrawnPoints:
        return DrawnPoints(self.x, self.y, split_marks(len(self), train_fraction, seed),
                           self.task)

    # -- to and from experiments ----------------------------------------------------------
    def to_points(self) -> Points:
        return Points(x=self.x.copy(), y=self.y.copy(), task=self.task,
                      n_classes=self.n_classes, is_train=self.is_train.copy(), columns=[])

    @classmethod
    def of_session(cls, session: Session) -> DrawnPoints:
        """The session's data as a drawn set, marked as the session splits it; 2-D data only."""
        ds = session.dataset
        if ds.x.shape[1] != 2:
            raise ValueError(f"points can be drawn on 2-D data only; this data has "
                             f"{ds.x.shape[1]} input columns")
        spec = session.experiment.data
        if spec.source == "points" and spec.points is not None and spec.points.is_train is not None:
            marks = np.asarray(spec.points.is_train, bool)
        elif len(session.test_set.y) == 0:  # e.g. the article's four points: all train
            marks = np.ones(len(ds.y), bool)
        else:
            marks = split_marks(len(ds.y), spec.train_fraction, spec.seed)
        return cls(ds.x, ds.y, marks, ds.task)

    @classmethod
    def of_experiment(cls, exp: Experiment) -> DrawnPoints | None:
        """The drawn set an experiment holds (points with marks), or None for other data."""
        p = exp.data.points
        if exp.data.source != "points" or p is None or p.is_train is None or p.x.shape[1] != 2:
            return None
        return cls(p.x, p.y, p.is_train, p.task)


def experiment_with_points(current: Experiment, drawn: DrawnPoints) -> Experiment:
    """``current`` (name, architecture, settings, features, split share and seed) on the
    drawn points, its output fitted to their classes (``fit_output_to_data``: more than two
    classes get softmax with cross-entropy); no state (fresh weights).

    An empty set makes an experiment no session can train: the window keeps it as
    the spec of an empty drawing until a point is drawn.
    """
    exp = copy.deepcopy(dataclasses.replace(current, state=None))
    exp.data = dataclasses.replace(exp.data, source="points", points=drawn.to_points(),
                                   n_points=None, n_classes=None)
    fit_output_to_data(exp)
    return exp


def same_network(a: Session, b: Session) -> bool:
    """Whether the weights of ``a`` fit ``b``: same layer sizes, activations, loss and dtype."""
    na, nb = a.network, b.network
    return (na.sizes == nb.sizes and na.activation_names == nb.activation_names
            and a.experiment.training.loss == b.experiment.training.loss
            and a.experiment.training.dtype == b.experiment.training.dtype
            and a.experiment.data.standardize == b.experiment.data.standardize)


def session_for_data(old: Session, exp: Experiment,
                     plane: Plane | None = None) -> tuple[Session, bool]:
    """A session on ``exp`` (new data, same network spec) and whether it kept ``old``'s
    weights, optimizer state, epoch and history (see the module's rules).

    ``plane``: the part of the input plane to show, kept while drawing so the view
    does not move under the pen (the data's own frame is used when None).  Raises
    ValueError, as ``Session`` does, for data no session can train.  Call with
    training paused.
    """
    new = Session(exp)
    if plane is not None and new.plane is not None:
        new.plane = plane
    if not same_network(old, new) or old.trainer.status == "diverged":
        return new, False
    state = dataclasses.replace(old.capture(), order=None, position=0)
    new.restore(state)
    remeasure_latest(new)
    return new, True


def remeasure_latest(session: Session) -> None:
    """Measure the latest history entry again (on the session's data, the weights as they
    are); record one if the history has none for the current epoch."""
    tr = session.trainer
    h = tr.history
    if len(h) and h.last_epoch == tr.epoch:
        tr.history = h.remeasured(tr.evaluate())
    else:
        tr.record()
