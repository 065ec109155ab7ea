"""Memory benchmark: resident memory of the window while it trains for a long time.

Run from the repository root::

    QT_QPA_PLATFORM=offscreen python benchmarks/memory_bench.py [--minutes 30]
        [--every S] [--trace] [--hidden 32,32,32] [--no-autosave]

(the offscreen platform is chosen here when QT_QPA_PLATFORM is unset).  The
main window opens on the spiral with hidden layers [32, 32, 32] (tanh, the two
raw inputs, batch 10), Play is pressed, and the window trains and draws at full
speed for ``--minutes``.  Every ``--every`` seconds the resident set size
(RSS, from /proc/<pid>/statm: no extra dependency) of the window's process
and of the processes it started (the training process and its fork server)
is sampled together with the epoch, the rows the window's copy of the
training history keeps and the points the loss plot holds.  The glibc heap
figures are the window's process's.

The figure against the target: RSS growth from the end of the first minute to
the end of the run (target: < 20 MB over 30 minutes), and the slope of a
least-squares line through the samples after the first minute, in MB per
minute.  The first minute is left out because caches, pixmaps and the
allocator's arenas fill then.

``--trace`` also runs ``tracemalloc`` and prints the 15 source lines whose
Python allocations (NumPy arrays included) grew most between the end of the
first minute and the end of the run.  It slows the window down noticeably, so
it is for finding what grows, not for the headline figure; growth that it
does not show is in C++ (Qt, pyqtgraph's Qt objects) or in the allocator.

The recovery autosave runs as in the application (into a throw-away config
directory); ``--no-autosave`` stops it.  This is a benchmark, not a test: it
asserts nothing; the exit code is 0.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

TARGET_GROWTH_MB = 20.0  # after the first minute, over a 30-minute run
WARMUP_S = 60.0  # growth is counted from the end of the first minute
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def rss_mb() -> float:
    """Resident set size of this process in MB (from /proc/self/statm)."""
    try:
        resident = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):  # pragma: no cover - not Linux
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # peak, KB on Linux
    return resident * PAGE / 2**20


def _rss_of(pid: int) -> float:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE / 2**20
    except (OSError, IndexError, ValueError):
        return 0.0


def descendants(pid: int) -> list[int]:
    """The processes started by ``pid``, at any depth (Linux /proc; [] elsewhere)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # "pid (comm) state ppid …": comm may hold spaces, so split after its ')'
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(stat.parent.name))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def training_rss_mb() -> float:
    """RSS of the processes this one started: the training process and its fork server."""
    return sum(_rss_of(p) for p in descendants(os.getpid()))


class _MallInfo2:
    """glibc's heap statistics (``mallinfo2``), or None where there is no glibc."""

    def __init__(self) -> None:
        import ctypes
        import ctypes.util

        self._fn = None
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
            fn = libc.mallinfo2
        except (OSError, AttributeError):  # pragma: no cover - not glibc >= 2.33
            return

        class Info(ctypes.Structure):
            _fields_ = [(name, ctypes.c_size_t) for name in (
                "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks",
                "uordblks", "fordblks", "keepcost")]

        fn.restype = Info
        self._fn = fn

    def __call__(self) -> tuple[float, float, float] | None:
        """(MB allocated and in use, MB free inside the heap, MB in mmapped blocks)."""
        if self._fn is None:
            return None
        info = self._fn()
        return info.uordblks / 2**20, info.fordblks / 2**20, info.hblkhd / 2**20


mallinfo = _MallInfo2()


def loadavg() -> str:
    try:
        return " ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:  # pragma: no cover
        return "unknown"


def slope_per_minute(times: list[float], values: list[float]) -> float:
    """Least-squares slope of values over times (seconds), per minute."""
    n = len(times)
    if n < 2:
        return float("nan")
    mt, mv = sum(times) / n, sum(values) / n
    den = sum((t - mt) ** 2 for t in times)
    if den == 0:
        return float("nan")
    return 60.0 * sum((t - mt) * (v - mv) for t, v in zip(times, values, strict=True)) / den


@dataclass
class Sample:
    seconds: float
    rss: float  # MB: the window's process and the training process together
    epoch: int
    history_rows: int  # rows the window's copy of the history keeps (brought up at a pause)
    plot_points: int  # points the loss plot holds (its buffer length in brackets)
    plot_buffer: int
    heap: tuple[float, float, float] | None  # glibc: in use, free in the heap, mmapped (MB)
    window_rss: float = 0.0  # MB, the window's process …
    training_rss: float = 0.0  # … and the processes it started (training, fork server)


def run(args: argparse.Namespace) -> int:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QApplication

    from bplab.experiment import Architecture, DataSpec, Experiment
    from bplab.gui.main_window import MainWindow

    hidden = [int(n) for n in args.hidden.split(",")]
    app = QApplication.instance() or QApplication(sys.argv[:1])
    exp = Experiment(
        name="Spiral memory benchmark",
        data=DataSpec(generator="spiral", features=["x1", "x2"]),
        architecture=Architecture(hidden=hidden, activations=["tanh"] * len(hidden),
                                  output_activation="tanh"))
    window = MainWindow(exp, remember_layout=False)
    if args.no_autosave:
        window.autosave_timer.stop()
    window.show()
    window.pace_control.set_pace(0.0)  # Max: as fast as possible, whatever was remembered
    window.controller.set_pace(0.0)
    play = window.findChild(QAction, "actionPlay")

    def spin(ms: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def sample(t0: float) -> Sample:
        h = window.session.trainer.history
        rows = h.row_count() if hasattr(h, "row_count") else len(h.epoch)
        plot = window.loss_plot
        window_mb, training_mb = rss_mb(), training_rss_mb()
        return Sample(time.perf_counter() - t0, window_mb + training_mb,
                      window.session.trainer.epoch, rows, plot.point_count(),
                      plot.buffer_length(), mallinfo(), window_mb, training_mb)

    spin(300)
    print("bplab memory benchmark")
    print(f"  spiral 2-{'-'.join(map(str, hidden))}-1 tanh, batch 10; window 1400x900, "
          f"Qt platform {app.platformName()}; autosave {'off' if args.no_autosave else 'on'}"
          f"{'; tracemalloc on' if args.trace else ''}")
    print(f"  load average at start: {loadavg()}; RSS before Play {rss_mb():.1f} MB")
    print(f"  {'min':>6} {'RSS MB':>8} {'window':>7} {'train':>6} {'epoch':>9} {'hist rows':>9} "
          f"{'plot pts':>9} "
          f"{'(buffer)':>9} {'heap use':>8} {'free':>6} {'mmap':>6}  load")
    sys.stdout.flush()
    total = args.minutes * 60.0
    samples: list[Sample] = []
    warm_trace = None
    t0 = time.perf_counter()
    play.trigger()
    next_at = 0.0
    while True:
        spin(max(0, round((t0 + next_at - time.perf_counter()) * 1000)))
        if not window.is_running():
            play.trigger()  # an autosave that could not pause, or a stop: go on training
        s = sample(t0)
        samples.append(s)
        heap = " ".join(f"{v:{w}.1f}" for v, w in zip(s.heap, (8, 6, 6), strict=True)) \
            if s.heap else f"{'-':>8} {'-':>6} {'-':>6}"
        print(f"  {s.seconds / 60:6.2f} {s.rss:8.1f} {s.window_rss:7.1f} {s.training_rss:6.1f} "
              f"{s.epoch:9d} {s.history_rows:9d} "
              f"{s.plot_points:9d} {s.plot_buffer:9d} {heap}  {loadavg()}")
        sys.stdout.flush()
        if args.trace and warm_trace is None and s.seconds >= WARMUP_S:
            warm_trace = tracemalloc.take_snapshot()
        if s.seconds >= total:
            break
        next_at += args.every
    end_trace = tracemalloc.take_snapshot() if args.trace else None
    if play.isChecked():
        play.trigger()
    status = window.session.trainer.status

    after = [s for s in samples if s.seconds >= WARMUP_S]
    print()
    if len(after) >= 2:
        growth = after[-1].rss - after[0].rss
        minutes = (after[-1].seconds - after[0].seconds) / 60
        slope = slope_per_minute([s.seconds for s in after], [s.rss for s in after])
        verdict = "pass" if growth < TARGET_GROWTH_MB and args.minutes >= 30 else (
            "FAIL" if growth >= TARGET_GROWTH_MB else "pass so far (run < 30 min)")
        print(f"RSS growth after the first minute: {growth:+.1f} MB over {minutes:.1f} min "
              f"({after[0].rss:.1f} -> {after[-1].rss:.1f} MB); slope {slope:+.2f} MB/min; "
              f"target < {TARGET_GROWTH_MB:g} MB over 30 min: {verdict}")
        print(f"  projected to 30 minutes at that slope: {slope * 29:+.1f} MB")
    else:
        print("Run too short: no samples after the first minute.")
    peak = max(s.rss for s in samples)
    print(f"  peak RSS {peak:.1f} MB; epochs trained {samples[-1].epoch:,}; training status "
          f"{status!r}; load average at end {loadavg()}")
    if warm_trace is not None and end_trace is not None:
        print()
        print("tracemalloc: source lines whose allocations grew most after the first minute")
        for stat in end_trace.compare_to(warm_trace, "lineno")[:15]:
            print(f"  {stat}")
    window.setWindowModified(False)  # nothing to save: close without asking
    window.close()
    app.processEvents()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30.0, help="length of the run")
    parser.add_argument("--every", type=float, default=15.0, help="seconds between samples")
    parser.add_argument("--trace", action="store_true",
                        help="diff tracemalloc snapshots (slows training down)")
    parser.add_argument("--hidden", default="32,32,32", help="hidden layer sizes")
    parser.add_argument("--no-autosave", action="store_true", help="stop the autosave timer")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # read when QApplication starts
    # Autosaves and settings go to a throw-away directory, not the user's.
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="bplab-memory-bench-")
    if args.trace:
        tracemalloc.start(1)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
