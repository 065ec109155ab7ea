"""Snapshots carry the bounded history to the views: a copy kept from them equals it."""

from __future__ import annotations

import numpy as np

from bplab.experiment import Session, examples_dir, load_experiment
from bplab.experiment.snapshot import take_snapshot


def apply(copy: dict[str, list], snap) -> dict[str, list]:
    """What a view does with a snapshot's history."""
    return {k: copy[k][:snap.history_start] + snap.history[k].tolist() for k in snap.history}


def test_a_copy_kept_from_snapshots_follows_merging_buckets() -> None:
    s = Session(load_experiment(examples_dir() / "article-xor.json"))
    s.trainer.record_every = 1  # every epoch: the buckets fill and merge quickly
    copy: dict[str, list] = {k: [] for k in s.trainer.history.as_columns()}
    seen = 0
    sent = []
    for chunk in (1, 5, 300, 700, 2_000, 1, 3_000, 17, 4_000):
        s.trainer.run_steps(chunk)
        snap = take_snapshot(s, seen, with_grids=False)
        copy, seen = apply(copy, snap), snap.history_records
        sent.append(len(snap.history["epoch"]))
        expected = s.trainer.history.as_columns()
        for k, v in expected.items():
            np.testing.assert_array_equal(copy[k], v)
    assert s.trainer.history.layout()["bucket_epochs"] > 1  # buckets merged on the way
    assert sent[1] == 5  # while every record is kept, only new rows travel
    last = take_snapshot(s, seen, with_grids=False)
    assert last.train_loss == s.trainer.history.train_loss[-1]
    assert len(last.history["epoch"]) < s.trainer.history.row_count()  # not all again


def test_the_status_figures_are_per_point() -> None:
    s = Session(load_experiment(examples_dir() / "article-xor.json"))  # "sum" over 4 points
    s.trainer.run_epochs(3)
    snap = take_snapshot(s, 0, with_grids=False)
    assert snap.train_loss == s.trainer.history.train_loss_sum[-1] / 4
    np.testing.assert_array_equal(snap.history["train_loss_sum"] / 4, snap.history["train_loss"])
