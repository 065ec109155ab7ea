"""The training history: every evaluation of a run, in bounded memory however long it goes.

A record is one evaluation of the whole training and test sets at the end of
an epoch: the loss per point (comparable between sets of different sizes),
the accuracy, and the loss summed over the set (what a ``"sum"`` reduction
trains on).  The history keeps:

* every record, for the first ``head_limit`` records (the start of a run,
  where the curve changes fastest);
* after that, buckets of equal width in epochs.  A bucket keeps its first
  record and, for each of the train/test loss and accuracy, the record where
  that value is smallest and the one where it is largest, so a spike survives
  however far it is summarised.  The newest bucket also keeps its newest
  record, so the history always reaches the current epoch.  When the buckets
  would span more than ``max_buckets`` widths, neighbours merge pairwise and
  the width doubles.

So appending costs O(1) (amortised: a merge touches every bucket but halves
their number), and a run of any length keeps at most
``head_limit + max_buckets × (2 + 2 × 4)`` rows.  Every row kept is a real
record, with all its values.

``len(history)`` is the number of records made; the rows kept are
``as_columns()`` (or ``epoch``, ``train_loss``, … one list each).  Views that
copy the history follow it with ``rows_since``: it tells them from which row
on their copy is out of date.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

# Columns of a row, in the order files and tables use.  ``article_mse`` is the
# figure the article's program prints, mean((y − ŷ)²) over the training points and
# outputs; histories from before it have NaN there (absent, not invented).
COLUMNS = ("epoch", "train_loss", "test_loss", "train_accuracy", "test_accuracy",
           "train_loss_sum", "test_loss_sum", "article_mse")
METRICS = COLUMNS[1:]
# The internal row is (record number, *COLUMNS); these positions keep their
# minimum and maximum per bucket.  The sums are the per-point losses times the
# set size, so their extremes are the same records.
_TRACKED = (2, 3, 4, 5)
HEAD_LIMIT = 1000  # records kept one by one at the start of a run
MAX_BUCKETS = 1000  # buckets after the head, at most
MAX_ROWS = HEAD_LIMIT + MAX_BUCKETS * (2 + 2 * len(_TRACKED))  # rows kept, at most

Row = tuple  # (record number, epoch, train_loss, test_loss, train_accuracy, ...)


class _Bucket:
    """The records of ``width`` consecutive epochs, summarised."""

    __slots__ = ("first", "high", "index", "last", "low", "offset")

    def __init__(self, index: int, row: Row, offset: int) -> None:
        self.index = index  # (epoch − origin) // width
        self.offset = offset  # where this bucket's rows start in the history's rows
        self.first = self.last = row
        # The row of the smallest and of the largest value of each tracked
        # column; None while the bucket has only NaN there.  Ties keep the earliest.
        self.low: list[Row | None] = [None if row[c] != row[c] else row for c in _TRACKED]
        self.high: list[Row | None] = list(self.low)

    def add(self, row: Row) -> None:
        self.last = row
        low, high = self.low, self.high
        for i, c in enumerate(_TRACKED):
            v = row[c]
            if v != v:  # NaN: no value (no test set, no accuracy for regression)
                continue
            lo = low[i]
            if lo is None or v < lo[c]:
                low[i] = row
            hi = high[i]
            if hi is None or v > hi[c]:
                high[i] = row

    def absorb(self, later: _Bucket) -> None:
        """Merge the bucket that follows this one into it."""
        for i, c in enumerate(_TRACKED):
            a, b = self.low[i], later.low[i]
            if a is None or (b is not None and b[c] < a[c]):
                self.low[i] = b
            a, b = self.high[i], later.high[i]
            if a is None or (b is not None and b[c] > a[c]):
                self.high[i] = b
        self.last = later.last

    def rows(self, newest: bool) -> list[Row]:
        """The rows kept, in record order; ``newest``: this is the newest bucket."""
        picked = {self.first[0]: self.first}
        for row in (*self.low, *self.high):
            if row is not None:
                picked[row[0]] = row
        if newest:
            picked[self.last[0]] = self.last
        return [picked[n] for n in sorted(picked)]


class History:
    """Bounded record of a run's evaluations (see the module doc)."""

    def __init__(self, head_limit: int = HEAD_LIMIT, max_buckets: int = MAX_BUCKETS) -> None:
        self.head_limit = head_limit
        self.max_buckets = max_buckets
        self._recorded = 0  # records made, kept or not
        self._head: list[Row] = []  # the first records, every one
        self._buckets: list[_Bucket] = []  # the rest, summarised; the last one is open
        self._closed: list[Row] = []  # rows of the head and of every bucket but the last
        self._origin = 0  # first epoch of bucket 0
        self._width = 1  # epochs per bucket
        self._merged_at = -1  # record number whose arrival last changed closed rows
        self._last: Row | None = None  # the newest record

    # -- recording -----------------------------------------------------------
    def append(self, epoch: int, metrics: Mapping[str, float]) -> None:
        """Record an evaluation at ``epoch`` (never before the last one recorded)."""
        nan = math.nan
        row = (self._recorded, int(epoch), float(metrics["train_loss"]),
               float(metrics["test_loss"]), float(metrics["train_accuracy"]),
               float(metrics["test_accuracy"]), float(metrics.get("train_loss_sum", nan)),
               float(metrics.get("test_loss_sum", nan)),
               float(metrics.get("article_mse", nan)))
        if self._last is not None and row[1] < self._last[1]:
            raise ValueError(f"history: epoch {row[1]} comes after epoch {self._last[1]}")
        self._add(row)

    def _add(self, row: Row) -> None:
        self._recorded = row[0] + 1
        self._last = row
        buckets = self._buckets
        if not buckets and len(self._head) < self.head_limit:
            self._head.append(row)
            self._closed.append(row)
            return
        if not buckets:
            self._origin = row[1]
        index = (row[1] - self._origin) // self._width
        while index >= self.max_buckets:
            self._merge(row[0])
            index = (row[1] - self._origin) // self._width
        if buckets and buckets[-1].index == index:
            buckets[-1].add(row)
            return
        if buckets:  # the open bucket closes
            self._closed.extend(buckets[-1].rows(newest=False))
        buckets.append(_Bucket(index, row, len(self._closed)))

    def _merge(self, record: int) -> None:
        """Halve the number of buckets: neighbours merge, the width doubles."""
        self._width *= 2
        merged: list[_Bucket] = []
        for b in self._buckets:
            b.index //= 2
            if merged and merged[-1].index == b.index:
                merged[-1].absorb(b)
            else:
                merged.append(b)
        self._buckets[:] = merged  # in place: callers may hold the list
        self._closed = list(self._head)
        for b in merged:
            b.offset = len(self._closed)
            if b is not merged[-1]:
                self._closed.extend(b.rows(newest=False))
        self._merged_at = record

    # -- reading -------------------------------------------------------------
    def __len__(self) -> int:
        """Records made since the run began (the rows kept may be fewer)."""
        return self._recorded

    @property
    def recorded(self) -> int:
        return self._recorded

    def _rows(self) -> list[Row]:
        if not self._buckets:
            return self._closed
        return self._closed + self._buckets[-1].rows(newest=True)

    def row_count(self) -> int:
        """Rows kept (at most MAX_ROWS with the default limits)."""
        return len(self._rows())

    def rows(self) -> list[tuple]:
        """The rows kept, in order: (epoch, train_loss, test_loss, …) as in COLUMNS."""
        return [r[1:] for r in self._rows()]

    def as_columns(self) -> dict[str, list]:
        """The rows kept, one list per column of COLUMNS."""
        return _columns(self._rows())

    def latest(self) -> dict[str, float]:
        """The newest record (NaN everywhere, epoch −1, when there is none)."""
        if self._last is None:
            return {"epoch": -1, **dict.fromkeys(METRICS, math.nan)}
        return dict(zip(COLUMNS, self._last[1:], strict=True))

    @property
    def last_epoch(self) -> int | None:
        return None if self._last is None else self._last[1]

    # The columns as lists, for reading one of them.
    @property
    def epoch(self) -> list[int]:
        return [r[1] for r in self._rows()]

    @property
    def train_loss(self) -> list[float]:
        return [r[2] for r in self._rows()]

    @property
    def test_loss(self) -> list[float]:
        return [r[3] for r in self._rows()]

    @property
    def train_accuracy(self) -> list[float]:
        return [r[4] for r in self._rows()]

    @property
    def test_accuracy(self) -> list[float]:
        return [r[5] for r in self._rows()]

    @property
    def train_loss_sum(self) -> list[float]:
        return [r[6] for r in self._rows()]

    @property
    def test_loss_sum(self) -> list[float]:
        return [r[7] for r in self._rows()]

    def rows_since(self, seen: int) -> tuple[int, dict[str, list]]:
        """What a copy made when ``seen`` records existed lacks: ``(start, columns)``.

        The copy keeps its first ``start`` rows and replaces the rest with
        ``columns``.  Rows before the newest bucket change only when buckets
        merge; the newest bucket's rows may change with every record.
        """
        rows = self._rows()
        head = len(self._head)
        if seen <= 0 or seen > self._recorded:
            start = 0  # a copy of something else, or of nothing
        elif not self._buckets or seen <= head:
            start = min(seen, head)
        elif self._merged_at >= seen:
            start = head
        else:
            start = head
            for b in reversed(self._buckets):
                if b.first[0] < seen:  # the bucket that was open when the copy was made
                    start = b.offset
                    break
        return start, _columns(rows[start:])

    # -- layout, for files ---------------------------------------------------
    def remeasured(self, metrics: Mapping[str, float]) -> History:
        """A copy whose newest row holds ``metrics`` instead (the same epoch and layout).

        For data that changed under the same weights: the latest entry describes the
        new data.  Empty histories are returned as copies.
        """
        rows = self.rows()
        if not rows:
            return self.copy()
        last = rows[-1]
        rows[-1] = (last[0], *(float(metrics.get(k, v)) for k, v in zip(METRICS, last[1:],
                                                                         strict=True)))
        return History.from_rows(rows, **self.layout())

    def layout(self) -> dict[str, int]:
        """What, besides the rows, rebuilds this history exactly (see ``from_rows``)."""
        return {"recorded": self._recorded, "head": len(self._head),
                "bucket_origin": self._origin, "bucket_epochs": self._width}

    @classmethod
    def from_rows(cls, rows: Sequence[Sequence[float]], recorded: int | None = None,
                  head: int | None = None, bucket_origin: int = 0, bucket_epochs: int = 1,
                  head_limit: int = HEAD_LIMIT, max_buckets: int = MAX_BUCKETS) -> History:
        """Rebuild a history from its kept rows (epoch, then METRICS) and its layout.

        Without a layout (``head`` None) the rows are taken as every record of
        a run, as older files hold them, and recorded one by one.  Rows shorter
        than COLUMNS (written before the last columns existed) get NaN there.
        Raises ValueError if the rows and the layout do not fit together.
        """
        h = cls(head_limit, max_buckets)
        rows = _padded(rows)
        if head is None:
            for i, r in enumerate(rows):
                h._check_order(int(r[0]), i)
                h._add((i, int(r[0]), *map(float, r[1:])))
            return h
        n = len(rows)
        recorded = n if recorded is None else recorded
        if not 0 <= head <= n:
            raise ValueError(f"the head holds {head} rows but there are {n}")
        if recorded < n:
            raise ValueError(f"{n} rows cannot come from {recorded} records")
        if bucket_epochs < 1:
            raise ValueError(f"buckets must be at least one epoch wide, not {bucket_epochs}")
        for i, r in enumerate(rows[:head]):
            h._check_order(int(r[0]), i)
            row = (i, int(r[0]), *map(float, r[1:]))
            h._head.append(row)
            h._closed.append(row)
            h._last = row
        rest = rows[head:]
        if rest:
            if int(rest[0][0]) < bucket_origin:
                raise ValueError(f"the row of epoch {int(rest[0][0])} lies before the first "
                                 f"bucket (epoch {bucket_origin})")
            h._origin, h._width = int(bucket_origin), int(bucket_epochs)
            # The records between the rows kept are gone; the numbers given to the
            # rows are the largest they can have, which keeps rows_since safe.
            first = recorded - len(rest)
            buckets = h._buckets
            for i, r in enumerate(rest):
                h._check_order(int(r[0]), head + i)
                row = (first + i, int(r[0]), *map(float, r[1:]))
                index = (row[1] - h._origin) // h._width
                if buckets and buckets[-1].index == index:
                    buckets[-1].add(row)
                else:
                    if buckets:
                        h._closed.extend(buckets[-1].rows(newest=False))
                    buckets.append(_Bucket(index, row, len(h._closed)))
                h._last = row
            while h._buckets[-1].index >= max_buckets:  # laid out with more buckets
                h._merge(recorded - 1)
        h._recorded = recorded
        h._merged_at = recorded - 1  # a copy made before now must take every bucket
        return h

    def _check_order(self, epoch: int, i: int) -> None:
        if self._last is not None and epoch < self._last[1]:
            raise ValueError(f"row {i}: epoch {epoch} comes after epoch {self._last[1]}; "
                             "rows must be in epoch order")

    def copy(self) -> History:
        """An independent copy (rows are immutable tuples and are shared)."""
        h = History(self.head_limit, self.max_buckets)
        h._recorded, h._origin, h._width = self._recorded, self._origin, self._width
        h._merged_at, h._last = self._merged_at, self._last
        h._head, h._closed = list(self._head), list(self._closed)
        for b in self._buckets:
            c = _Bucket.__new__(_Bucket)
            c.index, c.offset, c.first, c.last = b.index, b.offset, b.first, b.last
            c.low, c.high = list(b.low), list(b.high)
            h._buckets.append(c)
        return h

    def __deepcopy__(self, memo: dict) -> History:
        return self.copy()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, History):
            return NotImplemented
        return (self.layout() == other.layout()
                and _same_rows(self.rows(), other.rows()))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (f"History({self._recorded} records, {self.row_count()} rows kept, "
                f"buckets of {self._width} epochs)")


def _padded(rows: Sequence[Sequence[float]]) -> Sequence[Sequence[float]]:
    """Rows of older layouts completed with NaN (no value) in the columns they lack."""
    width = len(COLUMNS)
    if all(len(r) == width for r in rows):
        return rows
    if any(len(r) > width for r in rows):
        raise ValueError(f"a history row holds more than the {width} values of "
                         f"{', '.join(COLUMNS)}")
    return [(*r, *(math.nan,) * (width - len(r))) for r in rows]


def _columns(rows: list[Row]) -> dict[str, list]:
    if not rows:
        return {name: [] for name in COLUMNS}
    cols = list(zip(*rows, strict=True))[1:]
    return {name: list(col) for name, col in zip(COLUMNS, cols, strict=True)}


def _same_rows(a: list[tuple], b: list[tuple]) -> bool:
    # NaN equals NaN here: it means "no value".
    if len(a) != len(b):
        return False
    for ra, rb in zip(a, b, strict=True):
        for x, y in zip(ra, rb, strict=True):
            if x != y and not (x != x and y != y):
                return False
    return True
