"""Tests for bplab.data.csv_reader: happy paths, every error, and a fuzz property."""

import os
import re
import tempfile

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bplab.data import CsvError, Dataset, parse_csv_text, read_csv


def _line(err: pytest.ExceptionInfo) -> int:
    m = re.search(r"\bline (\d+)", str(err.value))
    assert m, f"no line number in: {err.value}"
    return int(m.group(1))


# --- reading -------------------------------------------------------------------------------

def test_header_detected_and_label_last():
    ds = parse_csv_text("a,b,label\n1,2,0\n3,4,1\n5,6,1\n", source="toy.csv")
    assert ds.name == "toy.csv"
    np.testing.assert_array_equal(ds.x, [[1, 2], [3, 4], [5, 6]])
    np.testing.assert_array_equal(ds.y, [0, 1, 1])
    assert (ds.task, ds.n_classes) == ("classification", 2)
    assert ds.x.dtype == np.float64 and ds.x.flags.c_contiguous and ds.y.dtype == np.int64


def test_no_header_detected():
    ds = parse_csv_text("1,2,0\n3,4,1\n")
    assert ds.x.shape == (2, 2)
    np.testing.assert_array_equal(ds.y, [0, 1])


def test_forced_header_with_numeric_names():
    ds = parse_csv_text("1,2,3\n4,5,0\n6,7,1\n", has_header=True)
    assert ds.x.shape == (2, 2)


def test_forced_no_header_makes_text_an_error():
    with pytest.raises(CsvError, match="header") as err:
        parse_csv_text("a,b\n1,2\n", has_header=False)
    assert _line(err) == 1


def test_label_by_name_and_position():
    text = "x,target,z\n1,10.5,2\n3,20.5,4\n"
    by_name = parse_csv_text(text, label_column="target")
    by_pos = parse_csv_text(text, label_column=1)
    by_neg = parse_csv_text(text, label_column=-2)
    for ds in (by_name, by_pos, by_neg):
        np.testing.assert_array_equal(ds.x, [[1, 2], [3, 4]])
        np.testing.assert_array_equal(ds.y, [10.5, 20.5])
        assert (ds.task, ds.n_classes) == ("regression", 0)
    assert parse_csv_text(text, label_column="TARGET").y.tolist() == [10.5, 20.5]
    first = parse_csv_text(text, label_column=0)
    np.testing.assert_array_equal(first.x, [[10.5, 2], [20.5, 4]])


def test_classification_labels_remapped_in_sorted_order():
    ds = parse_csv_text("1,1\n2,-1\n3,5\n4,1\n")
    assert (ds.task, ds.n_classes) == ("classification", 3)
    np.testing.assert_array_equal(ds.y, [1, 0, 2, 1])


def test_task_detection_rules():
    eleven = "\n".join(f"{i},{i}" for i in range(11))
    assert parse_csv_text(eleven).task == "regression"
    ten = "\n".join(f"{i},{i}" for i in range(10))
    assert parse_csv_text(ten).n_classes == 10
    assert parse_csv_text("1,0.5\n2,1\n").task == "regression"
    assert parse_csv_text("1,2.0\n2,3.0\n").task == "classification"
    with pytest.raises(CsvError, match="never changes"):  # one value is no class, no target
        parse_csv_text("1,1\n2,1\n")


def test_explicit_task():
    ds = parse_csv_text("1,0\n2,1\n", task="regression")
    assert ds.task == "regression" and ds.y.dtype == np.float64
    ds = parse_csv_text("\n".join(f"{i},{i % 2}" for i in range(20)), task="classification")
    assert ds.n_classes == 2


def test_blank_lines_whitespace_quotes_crlf_and_bom():
    text = "\ufeffa, b ,y\r\n\r\n 1 ,\"2\",0\r\n   \r\n3,4,1\r\n\r\n"
    ds = parse_csv_text(text, label_column="b", task="regression")
    np.testing.assert_array_equal(ds.x, [[1, 0], [3, 1]])
    np.testing.assert_array_equal(ds.y, [2, 4])


@pytest.mark.parametrize("sep", [";", "\t"])
def test_semicolon_and_tab_separators(sep):
    ds = parse_csv_text(sep.join("abc") + "\n" + sep.join("120") + "\n" + sep.join("341"))
    np.testing.assert_array_equal(ds.x, [[1, 2], [3, 4]])


def test_many_input_columns():
    ds = parse_csv_text("1,2,3,4,0\n5,6,7,8,1\n")
    assert ds.x.shape == (2, 4)


def test_read_csv_file(tmp_path):
    p = tmp_path / "points.csv"
    p.write_text("x1,x2,label\n0.5,1.5,1\n-1,2,0\n3,4,0\n5,6,1\n", encoding="utf-8")
    for path in (p, str(p)):
        ds = read_csv(path, label_column="label")
        assert isinstance(ds, Dataset) and ds.name == "points.csv"
        np.testing.assert_array_equal(ds.x, [[0.5, 1.5], [-1, 2], [3, 4], [5, 6]])
        np.testing.assert_array_equal(ds.y, [1, 0, 0, 1])


def test_header_names_the_input_columns(tmp_path):
    p = tmp_path / "abc.csv"
    p.write_text("a,b,c,label\n1,2,3,0\n4,5,6,1\n7,8,9,0\n1,1,1,1\n", encoding="utf-8")
    assert read_csv(p).columns == ("a", "b", "c")
    # the label's name is left out wherever it stands; spaces tidied, blanks named by position
    text = '" sepal\n length ",kind, ,width\n1,0,2,3\n4,1,5,6\n'
    assert parse_csv_text(text, label_column="kind").columns == ("sepal length", "x2", "width")
    assert parse_csv_text("a,label\n1,0\n2,1\n").columns == ("a",)
    assert parse_csv_text("1,2,0\n3,4,1\n").columns == ()  # no header, no names


def test_columns_must_match_the_inputs():
    x, y = np.zeros((2, 3)), np.zeros(2)
    with pytest.raises(ValueError, match="3 input columns"):
        Dataset(x, y, "regression", 0, columns=("a", "b"))


def test_read_csv_utf8_bom(tmp_path):
    p = tmp_path / "bom.csv"
    p.write_bytes(b"\xef\xbb\xbfa,b\n1,0\n2,1\n3,1\n4,0\n")
    assert read_csv(p).x.tolist() == [[1.0], [2.0], [3.0], [4.0]]


# --- errors in the text: every one is a CsvError with a line number ------------------------

@pytest.mark.parametrize(
    ("text", "line", "fragments"),
    [
        ("a,b\n1,2\n3,oops\n", 3, ["column 2 ('b')", "'oops'", "not a number"]),
        ("a,b\n1,2\n3,\n", 3, ["column 2", "empty cell"]),
        ("a,b\n1,2\n ,4\n", 3, ["column 1 ('a')", "empty cell"]),
        ("1,2\nnan,4\n", 2, ["column 1", "'nan'", "NaN or infinity"]),
        ("1,2\n3,inf\n", 2, ["'inf'", "NaN or infinity"]),
        ("1,2\n3,-Infinity\n", 2, ["NaN or infinity"]),
        ("1,2\n3,1e999\n", 2, ["'1e999'", "NaN or infinity"]),
        ("a,b,c\n1,2,3\n4,5\n", 3, ["2 cells", "the header has 3"]),
        ("1,2\n3,4,5\n", 2, ["3 cells", "first row (line 1) has 2"]),
        ("", 1, ["empty"]),
        ("\n\n  \n", 1, ["empty"]),
        ("a,b,c\n", 1, ["no data rows"]),
        ("\n\na,b,c\n\n", 3, ["no data rows"]),
        ("1\n2\n", 1, ["only 1 column"]),
        ("a;b\n1,5;2\n", 2, ["'1,5'", "decimal point"]),
    ],
)
def test_text_errors(text, line, fragments):
    with pytest.raises(CsvError) as err:
        parse_csv_text(text, source="data.csv")
    assert _line(err) == line
    msg = str(err.value)
    assert msg.startswith("data.csv")
    for frag in fragments:
        assert frag in msg


def test_unterminated_quote_is_reported():
    # The csv module reads to the end looking for the closing quote; either it
    # fails there or the swallowed text is not a number.
    with pytest.raises(CsvError) as err:
        parse_csv_text('a,b\n1,"2\n3,4\n', source="q.csv")
    assert _line(err) >= 2


def test_label_name_errors():
    with pytest.raises(CsvError, match="no column is named 'y'; the columns are: 'a', 'b'") as e:
        parse_csv_text("a,b\n1,2\n", label_column="y")
    assert _line(e) == 1
    with pytest.raises(CsvError, match="several columns are named 'a'"):
        parse_csv_text("a,a\n1,2\n", label_column="a")
    with pytest.raises(CsvError, match="no header row") as e:
        parse_csv_text("1,2\n3,4\n", label_column="y")
    assert _line(e) == 1


@pytest.mark.parametrize("position", [3, -4, 100])
def test_label_position_out_of_range(position):
    with pytest.raises(CsvError, match=r"0 to 2 \(or -1 to -3") as e:
        parse_csv_text("\n\n1,2,3\n", label_column=position)
    assert _line(e) == 3


def test_classification_errors():
    with pytest.raises(CsvError, match=r"label 1\.5 is not a whole number") as e:
        parse_csv_text("a,b\n1,1\n2,1.5\n", task="classification")
    assert _line(e) == 3
    with pytest.raises(CsvError, match="at least 2 classes") as e:
        parse_csv_text("a,b\n1,1\n2,1\n", task="classification")
    assert _line(e) == 2
    with pytest.raises(CsvError, match="the only row has the label 1") as e:
        parse_csv_text("a,b\n1,1\n", task="classification")
    assert _line(e) == 2
    many = "\n".join(f"{i},{i}" for i in range(12))
    with pytest.raises(CsvError, match="12 different values; bplab classifies up to 10"):
        parse_csv_text(many, task="classification")


def test_a_label_that_never_changes_names_its_lines_and_column():
    for task in (None, "classification", "regression"):
        with pytest.raises(CsvError) as e:
            parse_csv_text("a,kind\n1,2\n\n3,2\n4,2\n", source="one.csv", task=task)
        assert str(e.value).startswith("one.csv, column 2 ('kind'): every row (line 2 to line 5) "
                                       "has the label 2; ")


def test_too_few_rows_to_train_on(tmp_path):
    p = tmp_path / "few.csv"
    p.write_text("a,b,label\n1,2,0\n3,4,1\n\n5,6,1\n", encoding="utf-8")
    with pytest.raises(CsvError) as e:
        read_csv(p)
    assert str(e.value) == ("few.csv, line 5: the file ends after 3 data rows; bplab needs at "
                            "least 4 points to train and test on, so add rows")
    assert len(read_csv(p, min_rows=3).y) == 3


def test_max_rows():
    text = "a,b\n" + "\n".join(f"{i},{i % 2}" for i in range(6))
    assert len(parse_csv_text(text, max_rows=6).x) == 6
    with pytest.raises(CsvError, match="more than 5 data rows") as e:
        parse_csv_text(text, max_rows=5)
    assert _line(e) == 7


def test_huge_field_is_a_csv_error():
    with pytest.raises(CsvError) as e:
        parse_csv_text("a,b\n1," + '"' + "9" * 200_000 + '"\n')
    assert _line(e) == 2


@pytest.mark.parametrize(
    "kwargs",
    [{"task": "clustering"}, {"label_column": 1.0}, {"label_column": True},
     {"has_header": "yes"}, {"max_rows": 0}],
)
def test_bad_arguments_are_plain_value_errors(kwargs):
    with pytest.raises(ValueError) as err:
        parse_csv_text("1,2\n", **kwargs)
    assert not isinstance(err.value, CsvError)


# --- errors in the file ------------------------------------------------------------------

def test_file_not_found(tmp_path):
    with pytest.raises(CsvError, match="file not found"):
        read_csv(tmp_path / "missing.csv")


def test_folder_is_not_a_file(tmp_path):
    with pytest.raises(CsvError, match="folder"):
        read_csv(tmp_path)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file(tmp_path):
    p = tmp_path / "locked.csv"
    p.write_text("1,2\n")
    p.chmod(0)
    with pytest.raises(CsvError, match="cannot read"):
        read_csv(p)


def test_file_too_big(tmp_path):
    p = tmp_path / "big.csv"
    with p.open("wb") as f:
        f.truncate(80_000_000)  # sparse: 80 MB on paper, nothing written
    expected = "big.csv: file is 80 MB; bplab reads CSV files up to 50 MB"
    with pytest.raises(CsvError, match=re.escape(expected)):
        read_csv(p)
    small = tmp_path / "small.csv"
    small.write_bytes(b"1,2\n" * 100)
    with pytest.raises(CsvError, match="file is 400 bytes; bplab reads CSV files up to 100 bytes"):
        read_csv(small, max_bytes=100)


def test_not_utf8(tmp_path):
    p = tmp_path / "latin1.csv"
    p.write_bytes("größe,y\n1,0\n2,1\n".encode("latin-1"))
    with pytest.raises(CsvError, match=r"latin1\.csv, line 1: the file is not UTF-8"):
        read_csv(p)
    p.write_bytes(b"a,y\n1,0\n2,\xff\n")
    with pytest.raises(CsvError, match="line 3: the file is not UTF-8"):
        read_csv(p)


def test_utf16_file(tmp_path):
    p = tmp_path / "excel.csv"
    p.write_bytes("a,y\n1,0\n".encode("utf-16"))
    with pytest.raises(CsvError, match="UTF-16"):
        read_csv(p)


def test_binary_file(tmp_path):
    p = tmp_path / "image.csv"
    p.write_bytes(b"1,2\n3,4\n\x89PNG\x00\x00\x01")
    with pytest.raises(CsvError, match="line 3: this looks like a binary file"):
        read_csv(p)


# --- property: anything in, Dataset or CsvError out ---------------------------------------

_CELLS = st.sampled_from(["0", "1", "-1", "2", "1.5", "-3e2", "1e999", " 7 ", "nan", "NaN",
                          "inf", "-inf", "", " ", "abc", "x1", "label", '"4"', '"5', "1,5",
                          "0x10", "1_0", "\x00", "é", "∞"])
_SEPS = st.sampled_from([",", ",", ",", ";", "\t", " "])
_NEWLINES = st.sampled_from(["\n", "\n", "\r\n", "\r", "\n\n"])


@st.composite
def _csv_texts(draw):
    if draw(st.booleans()):
        return draw(st.text(max_size=60))
    sep = draw(_SEPS)
    lines = draw(st.lists(st.lists(_CELLS, min_size=0, max_size=4), max_size=6))
    newline = draw(_NEWLINES)
    return newline.join(sep.join(cells) for cells in lines) + draw(st.sampled_from(["", "\n"]))


def _assert_valid(ds: Dataset) -> None:
    n = len(ds.x)
    assert n >= 1 and ds.x.ndim == 2 and ds.x.shape[1] >= 1 and ds.y.shape == (n,)
    assert ds.x.dtype == np.float64 and np.isfinite(ds.x).all() and np.isfinite(ds.y).all()
    if ds.task == "classification":
        assert ds.y.dtype == np.int64 and 2 <= ds.n_classes <= 10
        assert set(np.unique(ds.y)) == set(range(ds.n_classes))
    else:
        assert ds.task == "regression" and ds.n_classes == 0 and ds.y.dtype == np.float64


@settings(max_examples=200, deadline=None)
@given(text=_csv_texts(), label=st.sampled_from([-1, 0, 2, -5, "label", "x1"]),
       header=st.sampled_from([None, True, False]),
       task=st.sampled_from([None, "classification", "regression"]))
def test_parse_never_raises_anything_but_csverror(text, label, header, task):
    try:
        ds = parse_csv_text(text, label_column=label, has_header=header, task=task)
    except CsvError as err:
        assert re.search(r"line \d+", str(err)), str(err)
    else:
        _assert_valid(ds)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.one_of(st.binary(max_size=80), _csv_texts().map(lambda t: t.encode("utf-8"))))
def test_read_csv_bytes_never_raises_anything_but_csverror(data):
    fd, name = tempfile.mkstemp(suffix=".csv")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        try:
            ds = read_csv(name)
        except CsvError as err:
            assert re.search(r"line \d+", str(err)), str(err)
        else:
            _assert_valid(ds)
    finally:
        os.unlink(name)


def test_sum_overflow_is_not_mistaken_for_infinity():
    ds = parse_csv_text("1e308,1e308,0\n1,2,1\n")
    assert ds.x[0, 0] == 1e308 and ds.x[1, 1] == 2.0
