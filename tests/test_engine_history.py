"""The bounded training history: every record at first, then buckets whose extremes survive."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from bplab.engine.history import COLUMNS, HEAD_LIMIT, MAX_ROWS, History

NAN = math.nan


def metrics(train: float, test: float = NAN, train_acc: float = NAN,
            test_acc: float = NAN, n_train: int = 4, n_test: int = 0) -> dict[str, float]:
    return {"train_loss": train, "test_loss": test, "train_accuracy": train_acc,
            "test_accuracy": test_acc, "train_loss_sum": train * n_train,
            "test_loss_sum": test * n_test if n_test else NAN, "article_mse": 2.0 * train}


def random_run(h: History, records: int, seed: int, gap: int = 1) -> list[tuple]:
    """Record a noisy falling loss with spikes; returns every record as a row."""
    rng = random.Random(seed)
    every = []
    for i in range(records):
        epoch = (i + 1) * gap
        train = 1.0 / (1 + i) * (1 + 0.1 * rng.random())
        if rng.random() < 0.01:
            train *= 50  # a spike
        test = train * (1.2 + 0.3 * rng.random())
        acc = rng.choice((0.5, 0.75, 1.0))
        m = metrics(train, test, acc, rng.random(), 10, 30)
        h.append(epoch, m)
        every.append((epoch, *(m[c] for c in COLUMNS[1:])))
    return every


def test_the_first_records_are_all_kept() -> None:
    h = History()
    every = random_run(h, HEAD_LIMIT, 1)
    assert len(h) == h.row_count() == HEAD_LIMIT
    assert h.rows() == every
    assert h.as_columns()["epoch"] == list(range(1, HEAD_LIMIT + 1))


def test_a_million_records_stay_under_a_fixed_number_of_rows() -> None:
    h = History()
    counts = []
    for epoch in range(1, 1_000_001):
        h.append(epoch, metrics(1.0 / epoch, 1.1 / epoch, 0.75, 0.5, 4, 4))
        if epoch % 100_000 == 0:
            counts.append(h.row_count())
    assert len(h) == 1_000_000
    assert max(counts) <= MAX_ROWS == 11_000
    # The count levels off instead of growing with the run.
    assert counts[-1] <= counts[4] * 1.5
    assert h.last_epoch == 1_000_000 and h.epoch[-1] == 1_000_000  # the newest is kept


@pytest.mark.parametrize(("records", "gap", "seed"), [(30_000, 1, 0), (12_345, 7, 1),
                                                      (50_000, 3, 2)])
def test_every_bucket_keeps_its_first_minimum_and_maximum(records: int, gap: int,
                                                          seed: int) -> None:
    h = History(head_limit=200, max_buckets=64)
    every = random_run(h, records, seed, gap)
    kept = h.rows()
    layout = h.layout()
    assert kept[:200] == every[:200]
    origin, width = layout["bucket_origin"], layout["bucket_epochs"]
    buckets: dict[int, list[tuple]] = {}
    for row in every[200:]:
        buckets.setdefault((row[0] - origin) // width, []).append(row)
    assert len(buckets) <= 64
    kept_set = set(kept[200:])
    for rows in buckets.values():
        assert rows[0] in kept_set  # the first
        for col in (1, 2, 3, 4):  # train/test loss and accuracy
            values = [r[col] for r in rows]
            low = rows[values.index(min(values))]
            high = rows[values.index(max(values))]
            assert low in kept_set and high in kept_set
    assert kept[-1] == every[-1]  # the newest record
    assert [r[0] for r in kept] == sorted(r[0] for r in kept)  # in epoch order
    assert len(h) == records


def test_a_lone_spike_survives_a_long_run() -> None:
    h = History()
    for epoch in range(1, 300_001):
        loss = 9.0 if epoch == 123_457 else 1.0 / epoch
        h.append(epoch, metrics(loss, 1.5 * loss, 1.0, 0.0 if epoch == 200_003 else 1.0, 4, 4))
    cols = h.as_columns()
    assert cols["train_loss"][cols["epoch"].index(123_457)] == 9.0
    assert cols["test_loss"][cols["epoch"].index(123_457)] == 13.5
    assert cols["test_accuracy"][cols["epoch"].index(200_003)] == 0.0
    assert h.layout()["bucket_epochs"] > 256  # far summarised


def test_nan_values_are_no_values() -> None:
    h = History(head_limit=2, max_buckets=4)
    for epoch in range(1, 40):
        h.append(epoch, metrics(1.0 / epoch))  # no test set, no accuracy
    cols = h.as_columns()
    assert all(math.isnan(v) for v in cols["test_loss"] + cols["train_accuracy"])
    assert cols["train_loss_sum"] == [4 * v for v in cols["train_loss"]]
    assert h.row_count() < 39


def test_epochs_never_go_back() -> None:
    h = History()
    h.append(5, metrics(1.0))
    h.append(5, metrics(0.9))  # the same epoch again is allowed
    with pytest.raises(ValueError, match="epoch 4 comes after epoch 5"):
        h.append(4, metrics(0.8))


def test_empty_history() -> None:
    h = History()
    assert len(h) == 0 and h.row_count() == 0 and h.last_epoch is None
    assert h.as_columns() == {c: [] for c in COLUMNS}
    latest = h.latest()
    assert latest["epoch"] == -1 and math.isnan(latest["train_loss"])


@pytest.mark.parametrize("records", [0, 3, 150, 5_000])
def test_rows_and_layout_rebuild_the_history_exactly(records: int) -> None:
    h = History(head_limit=100, max_buckets=32)
    random_run(h, records, 3, 2)
    again = History.from_rows(h.rows(), head_limit=100, max_buckets=32, **h.layout())
    assert again == h and len(again) == len(h)
    assert again.rows() == h.rows()
    # Both go on to the same history, bit for bit.
    rng = random.Random(9)
    for epoch in range(2 * records + 2, 2 * records + 3_000):
        m = metrics(rng.random(), rng.random(), 0.5, 0.5, 10, 30)
        h.append(epoch, m)
        again.append(epoch, m)
    assert again == h and again.rows() == h.rows()


def test_rows_of_an_old_file_are_recorded_one_by_one() -> None:
    every = [(e, 1.0 / e, NAN, 0.5, NAN, 4.0 / e, NAN) for e in range(1, 20_001)]
    h = History.from_rows(every)  # no layout: every record of a run, as version 1 kept it
    direct = History()
    for row in every:
        direct.append(row[0], dict(zip(COLUMNS[1:], row[1:], strict=False)))
    assert h == direct and len(h) == 20_000 and h.row_count() < 20_000
    # Rows from before the article's MSE existed: that column is absent (NaN), not invented.
    assert all(math.isnan(v) for v in h.as_columns()["article_mse"])


def test_rows_longer_than_the_columns_are_refused() -> None:
    with pytest.raises(ValueError, match="more than the 8 values"):
        History.from_rows([(1, *[0.5] * 8)])


@pytest.mark.parametrize(("layout", "message"), [
    ({"head": 5, "recorded": 3}, "cannot come from 3 records"),
    ({"head": 9}, "head holds 9 rows"),
    ({"head": 2, "bucket_origin": 10}, "before the first bucket"),
    ({"head": 2, "bucket_epochs": 0}, "at least one epoch"),
])
def test_layouts_that_do_not_fit_the_rows_are_refused(layout: dict, message: str) -> None:
    rows = [(e, 1.0, NAN, NAN, NAN, 1.0, NAN) for e in range(1, 6)]
    with pytest.raises(ValueError, match=message):
        History.from_rows(rows, **layout)


def test_rows_out_of_order_are_refused() -> None:
    rows = [(2, 1.0, NAN, NAN, NAN, 1.0, NAN), (1, 1.0, NAN, NAN, NAN, 1.0, NAN)]
    with pytest.raises(ValueError, match="epoch order"):
        History.from_rows(rows)


@pytest.mark.parametrize("seed", range(4))
def test_a_copy_kept_up_to_date_with_rows_since_equals_the_history(seed: int) -> None:
    """What the views do: keep the first `start` rows of their copy, append the rest."""
    rng = random.Random(seed)
    h = History(head_limit=20, max_buckets=8)
    copy: list[tuple] = []
    seen = 0
    epoch = 0
    while len(h) < 3_000:
        for _ in range(rng.choice((1, 1, 2, 5, 40, 300))):
            epoch += rng.choice((1, 1, 3))
            h.append(epoch, metrics(rng.random(), rng.random(), 0.5, 0.5, 2, 2))
        start, cols = h.rows_since(seen)
        assert start <= len(copy)
        copy = copy[:start] + list(zip(*cols.values(), strict=True))
        seen = len(h)
        assert copy == h.rows()
    # A history read from a file: the copy starts from nothing, then follows.
    loaded = History.from_rows(h.rows(), head_limit=20, max_buckets=8, **h.layout())
    start, cols = loaded.rows_since(0)
    copy, seen = list(zip(*cols.values(), strict=True)), len(loaded)
    for _ in range(50):
        epoch += 1
        loaded.append(epoch, metrics(rng.random()))
        start, cols = loaded.rows_since(seen)
        copy = copy[:start] + list(zip(*cols.values(), strict=True))
        seen = len(loaded)
        assert copy == loaded.rows()


def test_rows_since_sends_only_what_changed() -> None:
    h = History(head_limit=10, max_buckets=1000)
    for epoch in range(1, 9):
        h.append(epoch, metrics(1.0 / epoch))
    start, cols = h.rows_since(8)
    assert start == 8 and cols["epoch"] == []
    for epoch in range(9, 200):
        h.append(epoch, metrics(1.0 / epoch))
    start, cols = h.rows_since(150)
    # From the bucket that was newest when the copy was made (one epoch wide here).
    assert start == 149 and cols["epoch"] == list(range(150, 200))
    assert h.rows_since(0)[0] == 0 and h.rows_since(10_000)[0] == 0  # unknown copies


def test_copy_is_independent() -> None:
    h = History(head_limit=3, max_buckets=4)
    random_run(h, 50, 4)
    c = h.copy()
    assert c == h
    h.append(1_000, metrics(0.1))
    assert c != h and len(c) == 50
    assert np.isfinite(c.train_loss).all()
