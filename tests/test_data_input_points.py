"""Reading points to predict: plain tables of inputs and bplab's own data export."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bplab.data import CsvError
from bplab.data.input_points import read_input_points
from bplab.experiment import Architecture, DataSpec, Experiment, Points, Session
from bplab.export.tables import data_csv, point_columns


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "points.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_data_export_of_three_input_data_reads_back(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(size=(30, 3))
    points = Points(x, (x[:, 0] > 0).astype(np.int64), "classification", 2,
                    columns=["a", "b", "c"])
    session = Session(Experiment(data=DataSpec(source="points", points=points, features=[]),
                                 architecture=Architecture([3], ["tanh"], "tanh")))
    path = data_csv(session, tmp_path / "data.csv")
    assert path.read_text().splitlines()[0] == "a,b,c,label,split"
    got = read_input_points(path, 3, point_columns(session))
    assert np.array_equal(got, np.vstack([session.train_set.x, session.test_set.x]))


@pytest.mark.parametrize("text", [
    "1,2\n3,4\n",  # no header
    "x1,x2\n1,2\n3,4\n",
    "x2,x1\n2,1\n4,3\n",  # named: taken by name
    "1,2,0\n3,4,1\n",  # a label last, ignored
    "p,q,label\n1,2,0\n3,4,1\n",
    "x1,x2,label,split\n1,2,1,train\n3,4,0,test\n",  # the data export
    "x1;x2;split\n1;2;train\n3;4;test\n",
    "split,label,u,v\ntrain,1,1,2\ntest,0,3,4\n",
])
def test_inputs_are_found_by_header_or_by_count(tmp_path: Path, text: str) -> None:
    got = read_input_points(_write(tmp_path, text), 2, ["x1", "x2"])
    assert got.tolist() == [[1.0, 2.0], [3.0, 4.0]]


@pytest.mark.parametrize(("text", "message"), [
    ("1,2,3,4\n", "found 4 columns, but this experiment's data has 2 inputs"),
    ("a,b,c,label\n1,2,3,0\n", "found 4 columns (3 besides label)"),
    ("p,q,label,split\n1,2,1,train\n", "(2 besides label, split), but this experiment's data "
                                         "has 1 input; give 1 column (or 2"),
    ("x1,x2\n1,train\n", "line 2, column 2 ('x2'): 'train' is not a number"),
    ("1,2\n3,nan\n", "line 2, column 2: 'nan' is not a finite number"),
    ("1,2\n3\n", "line 2: this row has 1 cell but the first row (line 1) has 2"),
    ("x1,x2\n", "no rows of numbers below the header"),
    ("\n\n", "the file is empty"),
])
def test_bad_files_say_what_is_wrong(tmp_path: Path, text: str, message: str) -> None:
    n_inputs = 1 if "has 1 input" in message else 2
    with pytest.raises(CsvError) as err:
        read_input_points(_write(tmp_path, text), n_inputs, ["x1", "x2"][:n_inputs])
    assert message in str(err.value)
    assert str(err.value).startswith("points.csv")


def test_one_input_needs_no_second_column(tmp_path: Path) -> None:
    got = read_input_points(_write(tmp_path, "x\n0.5\n\n1.5\n"), 1, ["x1"])
    assert got.tolist() == [[0.5], [1.5]]
