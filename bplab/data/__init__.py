"""Data for bplab: the Dataset type, toy generators, input features and CSV loading.

NumPy and the standard library only (no Qt), so the engine and tests can use it headless.
"""

from bplab.data.csv_reader import CsvError, parse_csv_text, read_csv
from bplab.data.dataset import Dataset, split
from bplab.data.features import FEATURES, feature_matrix
from bplab.data.generators import GENERATORS, generate

__all__ = [
    "FEATURES",
    "GENERATORS",
    "CsvError",
    "Dataset",
    "feature_matrix",
    "generate",
    "parse_csv_text",
    "read_csv",
    "split",
]
