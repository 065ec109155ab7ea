"""Exports: standalone NumPy and PyTorch training scripts, CSV tables, weights.

NumPy and the standard library only (no Qt); every file is written atomically.
"""

from bplab.export.atomic import write_text
from bplab.export.kinds import KINDS, ExportKind, write_export
from bplab.export.numpy_script import numpy_script
from bplab.export.tables import data_csv, history_csv, loss_csv, weights_arrays, weights_npz
from bplab.export.torch_script import torch_script

__all__ = ["KINDS", "ExportKind", "data_csv", "history_csv", "loss_csv", "numpy_script",
           "torch_script", "weights_arrays", "weights_npz", "write_export", "write_text"]
