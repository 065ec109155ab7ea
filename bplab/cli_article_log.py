"""``bplab train FILE --article-log``: train and print what the article's program prints.

Standard output gets the article's lines only (``bplab.experiment.article_log``),
so that it can be compared with the corrected article program's output; the
usual report of ``bplab train`` goes to standard error.  The trained
experiment (and the history, if asked) are saved as without the option.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bplab.experiment.article_log import train_with_article_log
from bplab.experiment.io import save_experiment
from bplab.experiment.session import Session


def train_article_log(args: argparse.Namespace, session: Session, path: Path, out: Path,
                      hist_path: Path | None) -> int:
    """Train ``args.epochs`` epochs printing the article's lines; save like ``bplab train``."""
    tr = session.trainer
    first_epoch = tr.epoch

    def write(line: str) -> None:
        sys.stdout.write(line + "\n")

    try:
        train_with_article_log(tr, args.epochs, write)
    except KeyboardInterrupt:
        print("bplab: interrupted; nothing was written", file=sys.stderr)
        return 130
    sys.stdout.flush()
    if tr.status == "diverged":
        print(f"bplab: training diverged at epoch {tr.epoch}: the loss became NaN or infinite; "
              f"lower training.learning_rate in {path} and train again; nothing was written",
              file=sys.stderr)
        return 1
    save_experiment(session.to_experiment(), out)
    print(f"trained {path.name}: epochs {first_epoch:,} → {tr.epoch:,}; saved {out}",
          file=sys.stderr)
    if hist_path is not None:
        from bplab.export.tables import history_csv

        history_csv(tr.history, hist_path)
        print(f"saved history to {hist_path}", file=sys.stderr)
    return 0
