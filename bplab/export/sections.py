"""Script sections shared by the NumPy and PyTorch exports.

Both scripts read the same embedded data, resume the same mini-batch order
from the same generator state and print the same lines, so that their output
can be compared line by line with each other and with the lab.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from bplab.export import literals
from bplab.export.state import ExportState

Array = np.ndarray
ArrayLiteral = Callable[[Array, str], str]  # (array, indent) -> source text
IND = "    "
_REPORT = 'print(f"epoch {{epoch}}: train loss {{train_loss:.12g}}{test}")'


def header(s: ExportState, engine: str, imports: list[str], options: Sequence[str] = ()) -> str:
    """Title comment, imports, the ``--epochs`` argument and ``options`` (argparse lines)."""
    shape = "-".join(str(n) for n in s.sizes)
    return "\n".join([
        "#!/usr/bin/env python3",
        f"# {s.title}: a {shape} network trained with {engine}.",
        "#",
        f"# Exported by bplab at epoch {s.epoch} (step {s.step}).  The data, the weights, the",
        "# optimizer state and the mini-batch order are the lab's at that moment, so this",
        "# script continues the training where the lab stands.",
        "#",
        "# Usage: python this_script.py --epochs 100",
        "",
        "import argparse",
        "import math",
        "",
        *imports,
        "",
        'parser = argparse.ArgumentParser(description="Train the exported bplab network.")',
        'parser.add_argument("--epochs", type=int, default=100, help="epochs to train '
        '(default 100)")',
        *options,
        "args = parser.parse_args()",
    ]) + "\n"


def data(s: ExportState, array: ArrayLiteral, array64: ArrayLiteral, cast: str = "") -> str:
    """The embedded points and targets.

    Standardised inputs are written raw, with the statistics and a ``standardize``
    function: ``array64`` writes those in float64 and ``cast`` (a method call
    such as ``.astype(np.float32)``) brings the result to the network's dtype.
    """
    lines = [
        "\n# Data, one row per point.  Inputs: " + ", ".join(s.feature_names) + ";",
        f"# {s.target_note}.",
    ]
    if s.input_mean is None:
        x_train = array(s.x_train, IND)
        x_test = None if s.x_test is None else array(s.x_test, IND)
    else:
        lines += [
            "# The inputs are standardised with the mean and the standard deviation of the",
            "# training inputs (std 1 for an input that never varies): x = (raw − mean) / std.",
            "# Standardise any new point the same way before giving it to the network.",
            f"input_mean = {array64(s.input_mean, IND)}",
            f"input_std = {array64(s.input_std, IND)}",
            "",
            "",
            "def standardize(raw):",
            f"{IND}return ((raw - input_mean) / input_std){cast}",
            "",
            "",
        ]
        x_train = f"standardize({array64(s.raw_train, IND)})"
        x_test = None if s.raw_test is None else f"standardize({array64(s.raw_test, IND)})"
    lines += [f"X_train = {x_train}", f"Y_train = {array(s.t_train, IND)}"]
    if x_test is not None:
        lines += [f"X_test = {x_test}", f"Y_test = {array(s.t_test, IND)}"]
    return "\n".join(lines) + "\n"


def weights(s: ExportState, array: ArrayLiteral, note: str) -> str:
    lines = [f"\n# Weights and biases: {note}"]
    for i, (w, b) in enumerate(zip(s.W, s.b, strict=True), start=1):
        lines.append(f"W{i} = {array(w, IND)}")
        lines.append(f"b{i} = {array(b, IND)}")
    return "\n".join(lines) + "\n"


def batch_settings(s: ExportState) -> list[str]:
    lines = [f"batch_size = {s.batch_size}"]
    if s.record_every > 1:
        lines.append(f"record_every = {s.record_every}  # epochs between loss reports")
    return lines


def progress(s: ExportState) -> str:
    """Completed epochs, the batch-order generator, this epoch's order and position."""
    n = len(s.x_train)
    lines = [
        "\n# Where training stands: completed epochs, this epoch's sample order and the",
        "# index in it of the next mini-batch.",
        f"epoch = {s.epoch}",
    ]
    if s.shuffle:
        lines += [
            "# The lab draws each epoch's order with rng.permutation(n) from",
            "# np.random.default_rng(seed); this generator resumes from the lab's exact state.",
            "rng = np.random.default_rng()",
            f"rng.bit_generator.state = {literals.dict_literal(s.rng_state)}",
        ]
    if not s.full_batch:
        if not s.shuffle and np.array_equal(s.order, np.arange(n)):
            lines.append("order = np.arange(len(X_train))  # no shuffling: the stored order")
        else:
            lines.append(f"order = np.array({literals.int_list(s.order)})")
        lines.append(f"position = {s.position}")
    last = "None" if s.last_recorded is None else str(s.last_recorded)
    lines += [f"last_reported = {last}  # epoch of the newest loss report",
              f"diverged = {s.diverged}"]
    return "\n".join(lines) + "\n"


def report(s: ExportState, loss_fn: str, quiet_option: str = "") -> str:
    """``report(epoch)``: print the whole-data losses, return False once diverged.

    ``quiet_option``: an ``args`` attribute that, when set, keeps the losses unprinted.
    """
    test = f" test loss {{{loss_fn}(X_test, Y_test):.12g}}" if s.x_test is not None else ""
    return "\n".join([
        "\n\ndef report(epoch):",
        f'{IND}"""Print the losses on the whole data; False once the loss is NaN or infinite."""',
        f"{IND}train_loss = {loss_fn}(X_train, Y_train)",
        *([f"{IND}if not args.{quiet_option}:", f"{IND}{IND}" + _REPORT.format(test=test)]
          if quiet_option else [f"{IND}" + _REPORT.format(test=test)]),
        f"{IND}if not math.isfinite(train_loss):",
        f'{IND}{IND}print(f"training diverged at epoch {{epoch}}: lower the learning rate")',
        f"{IND}{IND}return False",
        f"{IND}return True",
    ]) + "\n"


def loop_start(s: ExportState, to_index: str = "", before: Sequence[str] = (),
               first: Sequence[str] = ()) -> list[str]:
    """The training loop's head and the choice of the next mini-batch.

    ``to_index`` wraps the NumPy index array for libraries that want their own;
    ``before``: lines before the loop; ``first``: the first lines of its body.
    """
    lines = ["\n\n# Training: forward pass, backward pass, update, one mini-batch at a time.",
             "last_epoch = epoch + args.epochs", *before,
             "while epoch < last_epoch and not diverged:", *first]
    if s.full_batch:
        return [*lines, f"{IND}x, y = X_train, Y_train  # full batch: an epoch is one step on "
                        "all points"]
    batch = "order[position:position + batch_size]"
    return [*lines,
            f"{IND}# the next mini-batch, in this epoch's order",
            f"{IND}batch = {to_index}({batch})" if to_index else f"{IND}batch = {batch}",
            f"{IND}position += len(batch)",
            f"{IND}x, y = X_train[batch], Y_train[batch]"]


def _record(s: ExportState, ind: str) -> list[str]:
    if s.record_every == 1:
        return [f"{ind}diverged = not report(epoch)", f"{ind}last_reported = epoch"]
    return [f"{ind}if epoch % record_every == 0:",
            f"{ind}{IND}diverged = not report(epoch)", f"{ind}{IND}last_reported = epoch"]


def loop_end(s: ExportState, loss_fn: str, quiet_option: str = "",
             after: Sequence[str] = ()) -> str:
    """End of an epoch (new order, report) and the final full-precision losses.

    ``quiet_option``: an ``args`` attribute that, when set, leaves the final losses
    unprinted; ``after``: lines that end the script.
    """
    lines = [""]
    if s.full_batch:
        lines.append(f"{IND}epoch += 1")
        lines += _record(s, IND)
    else:
        new_order = "rng.permutation(len(X_train))" if s.shuffle else "np.arange(len(X_train))"
        lines += [f"{IND}if position >= len(X_train):  # the epoch is over: a new order",
                  f"{IND}{IND}epoch += 1",
                  f"{IND}{IND}order = {new_order}",
                  f"{IND}{IND}position = 0"]
        lines += _record(s, IND + IND)
    finals = [f'print(f"final train loss {{{loss_fn}(X_train, Y_train)!r}}")']
    if s.x_test is not None:
        finals.append(f'print(f"final test loss {{{loss_fn}(X_test, Y_test)!r}}")')
    if quiet_option:
        finals = [f"if not args.{quiet_option}:", *(IND + f for f in finals)]
    lines += [
        "",
        "# The last epoch is always reported, then the final losses at full precision.",
        "if epoch > 0 and not diverged and last_reported != epoch:",
        f"{IND}report(epoch)",
        *finals, *after,
    ]
    return "\n".join(lines) + "\n"
