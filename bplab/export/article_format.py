"""The NumPy script's ``--article-log`` option: print as the article's XOR program does.

With the option the script prints, every 1,000 epochs, ``Epoch N: Loss = …``
(the article's ``np.mean(error**2)`` over the training points, measured before
that epoch's update), then ``Output:`` and the outputs of the last epoch's
forward pass, and nothing else unless training diverges: the lines ``bplab
train --article-log`` prints (``bplab.experiment.article_log``).
"""

from __future__ import annotations

from bplab.experiment.article_log import ARTICLE_EVERY
from bplab.export.state import ExportState

IND = "    "


def option() -> list[str]:
    """The script's command-line option."""
    return [
        'parser.add_argument("--article-log", action="store_true",',
        '                    help="print only what the article\'s program prints: "',
        f'                         "Epoch N: Loss = mean((y - y_hat)**2) every {ARTICLE_EVERY:,} "',
        '                         "epochs (before that epoch\'s update), then the last forward "',
        '                         "pass\'s outputs")',
    ]


def before_loop() -> list[str]:
    return [f"article_every = {ARTICLE_EVERY}  # --article-log: epochs between lines",
            "article_outputs = None  # --article-log: ŷ of the last epoch's forward pass"]


def epoch_start(s: ExportState) -> list[str]:
    """At the top of the loop: the article's line, from the weights before this epoch's update."""
    starts = "" if s.full_batch else " and position == 0"
    return [
        f"{IND}if args.article_log{starts} and (epoch % article_every == 0 "
        "or epoch == last_epoch - 1):",
        f"{IND}{IND}*_, y_hat_all = forward(X_train)",
        f"{IND}{IND}if epoch % article_every == 0:",
        f'{IND}{IND}{IND}print(f"Epoch {{epoch}}: Loss = {{np.mean((Y_train - y_hat_all) ** 2)}}")',
        f"{IND}{IND}if epoch == last_epoch - 1:",
        f"{IND}{IND}{IND}article_outputs = y_hat_all  # the article prints the last forward pass",
    ]


def after_loop() -> list[str]:
    return [
        "",
        "if args.article_log:",
        f'{IND}print("Output:")',
        f"{IND}print(forward(X_train)[-1] if article_outputs is None else article_outputs)",
    ]
