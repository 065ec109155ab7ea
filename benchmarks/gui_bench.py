"""GUI benchmark: training with the window drawing, event-loop latency, frame rate, startup.

Run from the repository root::

    QT_QPA_PLATFORM=offscreen python benchmarks/gui_bench.py [--quick] [--rounds N]
        [--seconds T] [--pace-only] [--profile] [--switch-interval MS] [--startup-only]

(the offscreen platform is chosen here when QT_QPA_PLATFORM is unset).  One run measures:

1. Training throughput with the main window open, Play pressed and every
   snapshot drawn, against the same training headless
   (``session.trainer.run_steps`` in a loop on the main thread, window idle):
   steps/s (in the window: counted from the frames, the step of the latest
   one and when it arrived) and their ratio, window / headless.  Play
   trains in the training process (``bplab.experiment.process_client``); the
   same runs trained in the window's worker thread are measured beside them
   for comparison (``BPLAB_TRAINING_PROCESS=0`` makes that the default).
   Workloads: the spiral with a 2-8-8-1 tanh net on the two raw inputs x1, x2
   (2 features, so 19 neuron heatmaps), batch 10; and the default experiment
   (circle, 2-4-2-1 tanh, batch 10).  Every run starts from a fresh session.
2. GUI event-loop latency while training at full speed: a 5 ms PreciseTimer on
   the GUI thread; the lateness of a tick is the gap since the previous tick
   minus 5 ms.  Measured in runs of their own (a timer waking 200 times a
   second competes for the GIL, so it would bias the throughput runs).
3. Frames per second: snapshots the window handled (``snapshotReady``) and Paint
   events of networkView's viewport (proof that each frame was really painted;
   the offscreen platform paints shown widgets like any other).
4. The pace control (``speedControl``): for each pace offered, the default
   experiment plays for a few seconds; the epochs per second achieved (from the
   epochs and arrival times of the snapshots, after a short warm-up) against the
   pace chosen, and at 30 epochs/s and below the epochs that got no frame of
   their own (none should).  The throughput runs above play at Max.
5. Startup to the first painted main window from source:
   ``python -m bplab --startup-time`` (it prints the wall-clock time of the
   first paint), timed from just before the parent starts the process, so the
   interpreter start and all imports count.  A small inline script stands in
   if the flag is missing.
6. A big net, 10 hidden layers of 256 tanh neurons on the spiral with 6
   input features (``--big-seconds``; ``--no-big`` leaves it out): the
   longest GUI-thread pause while the window trains it, pauses it, runs a
   Step, cancels a second Step and publishes an idle picture (the 5 ms probe
   timer runs throughout, so no pause in between escapes it; the idle
   window's lateness in the same run is the baseline), and the frames drawn
   per second while training.  Also: how long the GUI thread spent inside
   each call (Play, Pause, Step, Cancel), and how soon a Cancel took effect.

A shared two-core machine is noisy: rounds interleave every workload and mode
in rotated order; ratios are medians of per-round pairs, other figures medians
over rounds.  Diagnostics follow the table: CPU time per thread (Linux), the
GUI thread's own cost per frame with no training running, and, with
``--profile``, cProfile of the GUI thread during one more spiral run.

This is a benchmark, not a test: it asserts nothing; the exit code is 0.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import math
import os
import platform
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_RATIO = 0.8  # window steps/s over headless steps/s
# Issue 9: the spiral trains in the window at 0.9 of its headless speed.
TARGET_RATIOS = {"spiral 2-8-8-1": 0.9, "circle 2-4-2-1": TARGET_RATIO}
TARGET_BIG_STALL_MS = 100.0  # 10×256: no GUI-thread pause longer, Play/Step/Pause included
TARGET_BIG_FPS = 5.0  # 10×256: frames drawn per second while training
BIG_HIDDEN = [256] * 10
BIG_FEATURES = ["x1", "x2", "x1_sq", "x2_sq", "x1_x2", "sin_x1"]
TARGET_P99_MS = 30.0  # GUI timer lateness, 99th percentile
TARGET_FPS = 30.0  # frames drawn per second, spiral
TARGET_STARTUP_S = 1.5  # process start to first painted window
TARGET_PACE_ERROR = 0.15  # achieved epochs/s within this share of the pace chosen
PACE_WARMUP_S = 0.5  # the first snapshots of a paced run are left out of its rate
PROBE_MS = 5  # latency probe interval
HEADLESS_CHUNK = 64  # steps per run_steps call in the headless loop


# -- small helpers (no Qt) ---------------------------------------------------------
def loadavg() -> str:
    try:
        return " ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:  # pragma: no cover - not on every platform
        return "unknown"


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile, q in [0, 100]; NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, math.ceil(q / 100 * len(ordered)) - 1))
    return ordered[k]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def thread_cpu() -> dict[int, tuple[str, float]] | None:
    """CPU seconds used so far by each thread of this process: {tid: (name, seconds)}."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    out: dict[int, tuple[str, float]] = {}
    try:
        tids = os.listdir("/proc/self/task")
    except OSError:
        return None
    for tid in tids:
        try:
            name = Path(f"/proc/self/task/{tid}/comm").read_text().strip()
            stat = Path(f"/proc/self/task/{tid}/stat").read_text()
        except OSError:  # the thread ended meanwhile
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        out[int(tid)] = (name, (int(fields[11]) + int(fields[12])) / tick)  # utime + stime
    return out


def cpu_shares(before: dict | None, after: dict | None, seconds: float) -> dict[str, float]:
    """Share of one core used by the GUI thread, the training thread and all others."""
    if before is None or after is None or seconds <= 0:
        return {}
    shares = {"gui": 0.0, "training": 0.0, "other": 0.0}
    for tid, (name, used) in after.items():
        delta = used - before.get(tid, (name, 0.0))[1]
        key = "gui" if tid == os.getpid() else "training" if name == "trainingThread" else "other"
        shares[key] += delta / seconds
    return shares


# -- startup (subprocesses, before this process creates any Qt object) -------------
INLINE_STARTUP = """\
import sys, time
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from bplab.gui.main_window import MainWindow
window = MainWindow(remember_layout=False)
window.show()
app.processEvents()
print(f"shown-at: {time.time():.6f}")
window.controller.shutdown()
"""


def startup_command(env: dict[str, str]) -> tuple[list[str], str]:
    probe = subprocess.run([sys.executable, "-m", "bplab", "--help"], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=60, check=False)
    if "--startup-time" in probe.stdout:
        return ([sys.executable, "-m", "bplab", "--startup-time"],
                "python -m bplab --startup-time (first Paint of MainWindow)")
    return [sys.executable, "-c", INLINE_STARTUP], "inline script (show + processEvents)"


def startup_once(command: list[str], env: dict[str, str]) -> float:
    start = time.time()  # wall clock: the child reports time.time() too
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120, check=False)
    for line in done.stdout.splitlines():
        if line.startswith("shown-at:"):
            return float(line.split()[1]) - start
    raise RuntimeError(f"{' '.join(command)} exited with {done.returncode} without "
                       f"'shown-at:'\n{done.stdout}\n{done.stderr}")


def measure_startup(runs: int) -> tuple[list[float], str]:
    env = dict(os.environ)
    # The warm-up writes the .pyc files, as an installed package or a bundle has them;
    # with PYTHONDONTWRITEBYTECODE set, a fresh checkout would compile every module on
    # every run instead.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    # A first start, as a new user's: no language, pace or layout remembered from earlier
    # use on this machine (each changes what the start has to do).
    with tempfile.TemporaryDirectory(prefix="bplab-startup-") as home:
        env["XDG_CONFIG_HOME"] = home
        command, how = startup_command(env)
        startup_once(command, env)  # warm-up: disk cache, .pyc files
        return [startup_once(command, env) for _ in range(runs)], how


def startup_only(runs: int) -> int:
    load_start = loadavg()
    startups, how = measure_startup(runs)
    startup = median(startups)
    verdict = "pass" if startup < TARGET_STARTUP_S else "FAIL"
    print(f"5 startup to first painted window (from source): {startup:.3f} s "
          f"(target < {TARGET_STARTUP_S:g} s) {verdict}")
    print(f"  {how}, from the parent's Popen; median of {runs} runs after one warm-up: "
          + ", ".join(f"{t:.3f}" for t in startups) + " s")
    print(f"  load average at start: {load_start}, at end: {loadavg()}")
    return 0


# -- results ------------------------------------------------------------------------
@dataclass
class WindowRun:
    steps_per_s: float
    frames_per_s: float  # snapshots the window handled
    paints_per_s: dict[str, float]  # Paint events per view's viewport
    cpu: dict[str, float]  # share of one core per thread group
    lateness_ms: list[float] = field(default_factory=list)  # probe runs only
    status: str = "ready"


@dataclass
class Results:
    headless: list[float] = field(default_factory=list)  # steps/s per round
    window: list[WindowRun] = field(default_factory=list)  # throughput runs
    probed: list[WindowRun] = field(default_factory=list)  # latency runs
    threaded: list[WindowRun] = field(default_factory=list)  # trained in the worker thread

    def thread_ratios(self) -> list[float]:
        return [w.steps_per_s / h for h, w in zip(self.headless, self.threaded, strict=False)]

    def ratios(self) -> list[float]:
        return [w.steps_per_s / h for h, w in zip(self.headless, self.window, strict=False)]


# -- the Qt part ----------------------------------------------------------------------
def run_benchmark(args: argparse.Namespace) -> int:
    import numpy as np
    import pyqtgraph as pg
    import PySide6
    from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer, qVersion
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QApplication, QGraphicsView, QWidget

    from bplab.experiment import Architecture, DataSpec, Experiment, Session, default_experiment
    from bplab.gui.main_window import MainWindow
    from bplab.gui.worker import make_snapshot

    rounds = args.rounds or (3 if args.quick else 5)
    seconds = args.seconds or (1.5 if args.quick else 4.0)
    startup_runs = 3 if args.quick else 5

    load_start = loadavg()
    startups, startup_how = [], ""
    if args.only_big:
        rounds, startup_how = 0, "not measured (--only-big)"
    elif not args.pace_only:
        print("gui_bench: measuring startup ...", file=sys.stderr)
        startups, startup_how = measure_startup(startup_runs)

    app = QApplication.instance() or QApplication(sys.argv[:1])

    def spiral() -> Experiment:
        return Experiment(
            name="Spiral 2-8-8-1 tanh (benchmark)",
            data=DataSpec(generator="spiral", features=["x1", "x2"]),
            architecture=Architecture(hidden=[8, 8], activations=["tanh", "tanh"],
                                      output_activation="tanh"))

    workloads: list[tuple[str, Callable[[], Experiment]]] = [
        ("spiral 2-8-8-1", spiral),
        ("circle 2-4-2-1", default_experiment),
    ]

    window = MainWindow(spiral(), remember_layout=False)
    autosave = getattr(window, "autosave_timer", None)
    if autosave is not None:  # it would pause training mid-run and write a recovery file
        autosave.stop()
    window.show()
    play = window.findChild(QAction, "actionPlay")

    def spin(ms: int) -> None:
        """Run the event loop for ``ms`` milliseconds."""
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    spin(300)  # layouts settle; the network view refits to its final size

    def viewport(name: str) -> QWidget:
        view = window.findChild(QWidget, name)
        return view.findChild(QGraphicsView).viewport()

    class PaintCounter(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.count = 0

        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.count += 1
            return False

    class LatencyProbe(QObject):
        """A 5 ms timer on the GUI thread recording how late each tick comes."""

        def __init__(self) -> None:
            super().__init__()
            self.timer = QTimer(self)
            self.timer.setTimerType(Qt.TimerType.PreciseTimer)
            self.timer.setInterval(PROBE_MS)
            self.timer.timeout.connect(self._tick)
            self.lateness_ms: list[float] = []
            self.at: list[float] = []  # perf_counter() of each tick
            self._last: float | None = None

        def start(self) -> None:
            self._last = None
            self.timer.start()

        def stop(self) -> None:
            self.timer.stop()

        def _tick(self) -> None:
            now = time.perf_counter()
            if self._last is not None:
                self.lateness_ms.append((now - self._last) * 1e3 - PROBE_MS)
                self.at.append(now)
            self._last = now

    views = ("networkView", "boundaryView", "lossPlot")
    counters = {name: PaintCounter() for name in views}
    for name, counter in counters.items():
        viewport(name).installEventFilter(counter)

    def fresh(make: Callable[[], Experiment], pace: float = 0.0) -> None:
        if not window.load_experiment(make()):
            raise SystemExit("the window refused the benchmark experiment")
        window.pace_control.set_pace(pace)  # Max unless a pace is measured
        window.controller.set_pace(pace)
        spin(150)

    def loop_pace_run(pace: float) -> float:
        """Epochs/s of the worker's loop alone at ``pace``: no window, frames taken at once."""
        from bplab.experiment.edits import ParameterEdits
        from bplab.experiment.pacing import PaceSetting
        from bplab.experiment.training_loop import TrainingLoop

        session = Session(default_experiment())
        session.trainer.record()
        loop = TrainingLoop(session, ParameterEdits(), epoch_pace=PaceSetting(pace))
        duration = max(seconds, 6.0 / pace + PACE_WARMUP_S + 0.5) if pace > 0 else seconds
        start = time.perf_counter()
        marks: list[tuple[float, int]] = []
        per_epoch = session.trainer.steps_per_epoch()
        for snap in loop.snapshots():
            loop.consumed.set()
            now = time.perf_counter()
            # Epoch ends only (paced, mid-epoch frames would blur the count); any at Max.
            if now - start >= PACE_WARMUP_S and (pace <= 0 or snap.step % per_epoch == 0):
                marks.append((now, snap.epoch))
            if now - start >= duration:
                break
        (t0, e0), (t1, e1) = marks[0], marks[-1]
        return (e1 - e0) / (t1 - t0)

    def pace_run(pace: float) -> tuple[float, int, int]:
        """(epochs/s achieved, epochs seen, epochs without a frame) at ``pace``."""
        fresh(default_experiment, pace)
        marks: list[tuple[float, int]] = []

        per_epoch = window.session.trainer.steps_per_epoch()

        def mark(snap) -> None:
            if pace <= 0 or snap.step % per_epoch == 0:  # epoch ends (see loop_pace_run)
                marks.append((time.perf_counter(), snap.epoch))

        window.controller.snapshotReady.connect(mark)
        duration = max(seconds, 6.0 / pace + PACE_WARMUP_S + 0.5) if pace > 0 else seconds
        play.trigger()
        spin(round(duration * 1000))
        play.trigger()
        window.controller.snapshotReady.disconnect(mark)
        app.processEvents()
        start = time.perf_counter() - duration  # about when Play was pressed
        kept = [(t, e) for t, e in marks[:-1] if t - start >= PACE_WARMUP_S]  # not the pause's
        if len(kept) < 2:
            return float("nan"), 0, 0
        (t0, e0), (t1, e1) = kept[0], kept[-1]
        seen = {e for _, e in kept}
        return (e1 - e0) / (t1 - t0), e1 - e0 + 1, (e1 - e0 + 1) - len(seen)

    def headless_run(make: Callable[[], Experiment]) -> float:
        session = Session(make())
        tr = session.trainer
        tr.record()  # the window records epoch 0 too
        first = tr.step
        start = time.perf_counter()
        deadline = start + seconds
        while time.perf_counter() < deadline:
            tr.run_steps(HEADLESS_CHUNK)
        return (tr.step - first) / (time.perf_counter() - start)

    def window_run(make: Callable[[], Experiment], probe: bool,
                   profiler: cProfile.Profile | None = None, in_process: bool = True) -> WindowRun:
        window.controller.set_training_process(in_process)
        fresh(make)
        tr = window.session.trainer
        frames = [0]
        last: list[tuple[float, int]] = []  # (arrival, step) of the latest frame

        def count_frame(snap) -> None:
            frames[0] += 1
            last[:] = [(time.perf_counter(), snap.step)]

        window.controller.snapshotReady.connect(count_frame)
        latency = LatencyProbe() if probe else None
        for counter in counters.values():
            counter.count = 0
        cpu0 = thread_cpu()
        first = tr.step
        start = time.perf_counter()
        if latency is not None:
            latency.start()
        if profiler is not None:
            profiler.enable()
        play.trigger()  # press Play: the worker thread trains, the window draws
        spin(round(seconds * 1000))
        elapsed = time.perf_counter() - start
        # Steps counted from the frames, the same way whichever process trains.
        arrived, step = last[0] if last else (elapsed + start, first)
        steps_per_s = (step - first) / (arrived - start)
        done_frames = frames[0]
        paints = {name: c.count for name, c in counters.items()}
        cpu1 = thread_cpu()
        if play.isChecked():  # unchecked already if training stopped by itself (diverged)
            play.trigger()  # pause: waits until the worker is idle
        if profiler is not None:
            profiler.disable()
        if latency is not None:
            latency.stop()
        window.controller.snapshotReady.disconnect(count_frame)
        if window.is_running():
            raise SystemExit("Play did not pause training")
        app.processEvents()  # the final frame of the run
        window.controller.set_training_process(True)
        return WindowRun(steps_per_s, done_frames / elapsed,
                         {k: v / elapsed for k, v in paints.items()},
                         cpu_shares(cpu0, cpu1, elapsed),
                         latency.lateness_ms if latency else [], tr.status)

    def big() -> Experiment:
        return Experiment(
            name="Spiral 10x256 tanh, 6 features (benchmark)",
            data=DataSpec(generator="spiral", features=list(BIG_FEATURES)),
            architecture=Architecture(hidden=list(BIG_HIDDEN), activations=["tanh"] * 10,
                                      output_activation="tanh"))

    def big_run(train_seconds: float) -> dict[str, object]:
        """The big net in the window: Play, Pause, Step, Step + Cancel, all probed."""
        t0 = time.perf_counter()
        fresh(big)
        build = time.perf_counter() - t0
        controller = window.controller
        frames = [0]

        def count_frame(_snap: object) -> None:
            frames[0] += 1

        spin(1500)  # the worker pictures the idle net; let it settle
        controller.snapshotReady.connect(count_frame)
        latency = LatencyProbe()
        calls: dict[str, float] = {}

        phases: list[tuple[float, str]] = []  # (start, name): what the window was doing

        def timed(name: str, fn: Callable[[], object]) -> None:
            c = time.perf_counter()
            phases.append((c, name))
            fn()
            calls[name] = (time.perf_counter() - c) * 1e3

        def phase_of(t: float) -> str:
            names = [name for start, name in phases if start <= t]
            return names[-1] if names else "before Play"

        latency.start()
        tr = window.session.trainer
        for counter in counters.values():
            counter.count = 0
        first = tr.step
        start = time.perf_counter()
        timed("Play", play.trigger)
        spin(200)
        phases.append((time.perf_counter(), "training"))
        spin(round(train_seconds * 1000) - 200)
        elapsed = time.perf_counter() - start
        drawn, paints, steps = frames[0], counters["networkView"].count, tr.step - first
        timed("Pause", play.trigger)
        wait_until(lambda: not controller.is_running(), 30.0)
        paused_after = time.perf_counter() - start - elapsed
        phases.append((time.perf_counter(), "paused, refining"))
        spin(300)
        finished: list[tuple[float, bool]] = []

        def on_finished(done: bool) -> None:
            finished.append((time.perf_counter(), done))

        controller.stepFinished.connect(on_finished)
        step_start = time.perf_counter()
        timed("Step", window.action_step.trigger)
        wait_until(lambda: bool(finished), 120.0)
        step_seconds = finished[-1][0] - step_start if finished else float("nan")
        phases.append((time.perf_counter(), "after the Step"))
        timed("Step (again)", window.action_step.trigger)
        spin(500)
        cancel_at = time.perf_counter()
        timed("Cancel", window.step_progress.cancel.click)
        wait_until(lambda: len(finished) >= 2, 30.0)
        cancelled_in = (finished[-1][0] - cancel_at) if len(finished) >= 2 else float("nan")
        phases.append((time.perf_counter(), "after the Cancel"))
        spin(500)
        controller.stepFinished.disconnect(on_finished)
        latency.stop()
        controller.snapshotReady.disconnect(count_frame)
        return {"build_s": build, "frames_per_s": drawn / elapsed, "paints_per_s": paints / elapsed,
                "steps_per_s": steps / elapsed, "lateness_ms": latency.lateness_ms,
                "calls_ms": calls, "pause_s": paused_after, "step_s": step_seconds,
                "cancel_s": cancelled_in, "step_done": [d for _, d in finished],
                "worst": sorted(((late, phase_of(at - late / 1e3)) for late, at in
                                 zip(latency.lateness_ms, latency.at, strict=True)),
                                reverse=True)[:5]}

    def wait_until(condition: Callable[[], bool], seconds: float) -> None:
        deadline = time.perf_counter() + seconds
        while not condition() and time.perf_counter() < deadline:
            spin(20)

    def idle_latency(ms: int) -> list[float]:
        latency = LatencyProbe()
        latency.start()
        spin(ms)
        latency.stop()
        return latency.lateness_ms

    def frame_cost(make: Callable[[], Experiment], frames: int) -> dict[str, float]:
        """GUI-thread CPU per frame with no training running (so no GIL contention).

        The window gets ready-made snapshots through ``snapshotReady`` (the
        slot's time is the views' updates), then processEvents paints as the
        event loop would.  Apart from that frame, each view is then rendered
        once more with ``grab()`` to time one full paint of it.
        """
        fresh(make)
        session = window.session
        tr = session.trainer
        start_hist = len(tr.history)
        graphics = {name: window.findChild(QWidget, name).findChild(QGraphicsView)
                    for name in views}
        paint_cpu: dict[str, list[float]] = {name: [] for name in views}
        paints: dict[str, int] = dict.fromkeys(views, 0)
        snap_cpu, update_cpu, gui_cpu, gui_wall = [], [], [], []
        for k in range(frames + 3):
            tr.run_steps(500)  # about what 30 ms of training does
            c = time.thread_time()
            snap = make_snapshot(session, start_hist, 0.0)  # the worker's part
            snap_cpu.append(time.thread_time() - c)
            start_hist = len(tr.history)
            for counter in counters.values():
                counter.count = 0
            c0, w0 = time.thread_time(), time.perf_counter()
            window.controller.snapshotReady.emit(snap)  # what the window receives
            c1 = time.thread_time()
            app.processEvents()  # the paints, labels, layouts
            c2, w2 = time.thread_time(), time.perf_counter()
            if k < 3:  # the first frames allocate and lay out
                continue
            update_cpu.append(c1 - c0)
            gui_cpu.append(c2 - c0)
            gui_wall.append(w2 - w0)
            for name, view in graphics.items():
                paints[name] += counters[name].count
                c = time.thread_time()
                view.grab()
                paint_cpu[name].append(time.thread_time() - c)
        out = {"snapshot_ms": 1e3 * median(snap_cpu[3:]), "gui_ms": 1e3 * median(gui_cpu),
               "gui_wall_ms": 1e3 * median(gui_wall), "update_ms": 1e3 * median(update_cpu)}
        for name in views:
            out[f"paint_ms {name}"] = 1e3 * median(paint_cpu[name])
            out[f"paints {name}"] = paints[name] / frames
        return out

    def print_paces(paces: dict[float, tuple[float, int, int]],
                    alone: dict[float, float]) -> None:
        from bplab.experiment.pacing import EVERY_EPOCH_DRAWN

        print("  pace (circle 2-4-2-1): chosen -> achieved epochs/s with the window, error; "
              "epochs without a frame of their own (at 30 epochs/s and below); the worker's "
              "loop alone, without the window")
        for pace, (rate, epochs, skipped) in paces.items():
            if pace <= 0:
                print(f"      Max -> {rate:8.2f}  (the ceiling now); loop alone "
                      f"{alone[pace]:.2f}")
                continue
            drawn = (f"; {skipped} of {epochs} epochs without a frame"
                     if pace <= EVERY_EPOCH_DRAWN else "")
            print(f"    {pace:>5g} -> {rate:8.2f}  ({100 * (rate / pace - 1):+.1f}%){drawn}; "
                  f"loop alone {alone[pace]:.2f} ({100 * (alone[pace] / pace - 1):+.1f}%)")

    if args.pace_only:
        from bplab.experiment.pacing import PACES

        print(f"bplab GUI benchmark, pace only (load average at start: {load_start})")
        paces = {pace: pace_run(pace) for pace in PACES}
        alone = {pace: loop_pace_run(pace) for pace in PACES}
        print_paces(paces, alone)
        print(f"  load average at end: {loadavg()}")
        window.setWindowModified(False)
        window.close()
        return 0

    # -- header ----------------------------------------------------------------
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"
    sizes = {n: window.findChild(QWidget, n).size() for n in views}
    print("bplab GUI benchmark")
    print(f"  python {platform.python_version()}  numpy {np.__version__}  PySide6 "
          f"{PySide6.__version__} (Qt {qVersion()})  pyqtgraph {pg.__version__}")
    print(f"  os.cpu_count()={os.cpu_count()}  usable CPUs={affinity}  "
          f"Qt platform={app.platformName()}  GIL switch interval="
          f"{sys.getswitchinterval() * 1e3:g} ms")
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        print(f"  {var}={os.environ.get(var, '(unset)')}")
    print(f"  load average at start: {load_start}")
    print("  window 1400x900; views: " + ", ".join(
        f"{n} {s.width()}x{s.height()}" for n, s in sizes.items()))
    print(f"  rounds={rounds} x {seconds:g} s per run, interleaved; modes per workload: "
          "headless, window (training process), window + latency probe, window "
          "(worker thread)")
    print()

    # -- the rounds -------------------------------------------------------------
    results = {name: Results() for name, _ in workloads}
    jobs = [(name, make, mode) for name, make in workloads
            for mode in ("headless", "window", "probe", "thread")]
    for r in range(rounds):
        print(f"gui_bench: round {r + 1}/{rounds} (load {loadavg()})", file=sys.stderr)
        for k in range(len(jobs)):
            name, make, mode = jobs[(r + k) % len(jobs)]
            res = results[name]
            if mode == "headless":
                res.headless.append(headless_run(make))
            elif mode == "window":
                res.window.append(window_run(make, probe=False))
            elif mode == "thread":
                res.threaded.append(window_run(make, probe=False, in_process=False))
            else:
                res.probed.append(window_run(make, probe=True))
    print("gui_bench: measuring the paces ...", file=sys.stderr)
    from bplab.experiment.pacing import PACES

    paces = {pace: pace_run(pace) for pace in PACES} if rounds else {}
    alone = {pace: loop_pace_run(pace) for pace in PACES} if rounds else {}
    idle = idle_latency(1000)
    bigs = []
    if not args.no_big:
        for r in range(args.big_rounds):
            print(f"gui_bench: big net {r + 1}/{args.big_rounds} (load {loadavg()})",
                  file=sys.stderr)
            bigs.append(big_run(args.big_seconds))
        idle_after = idle_latency(1000)  # the baseline again, next to the big runs
    else:
        idle_after = []
    if rounds:
        print("gui_bench: measuring frame cost without training ...", file=sys.stderr)
        costs = {name: frame_cost(make, 20 if args.quick else 40) for name, make in workloads}
    else:
        costs, results = {}, {}

    profile_text = ""
    if args.profile:
        print("gui_bench: profiling the GUI thread (spiral) ...", file=sys.stderr)
        profiler = cProfile.Profile()
        run = window_run(spiral, probe=False, profiler=profiler)
        out = io.StringIO()
        out.write(f"cProfile of the GUI thread, one {seconds:g} s spiral run with the window: "
                  f"{run.steps_per_s:,.0f} steps/s, {run.frames_per_s:.1f} frames/s\n")
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("tottime").print_stats(18)
        stats.sort_stats("cumulative").print_stats(25)
        profile_text = out.getvalue()

    window.setWindowModified(False)  # nothing to save: close without asking
    window.close()  # stops the worker thread and waits for it
    app.processEvents()

    # -- the table -----------------------------------------------------------------
    def verdict(ok: bool) -> str:
        return "pass" if ok else "FAIL"

    rows = []
    for name, res in results.items():
        ratio = median(res.ratios())
        target = TARGET_RATIOS.get(name, TARGET_RATIO)
        rows.append((f"1 training with window / headless, {name}", f"{ratio:.2f}",
                     f">= {target:.2f}", verdict(ratio >= target)))
        thread_ratio = median(res.thread_ratios())
        rows.append((f"1 … the same trained in the worker thread, {name}",
                     f"{thread_ratio:.2f}", "(compare)", ""))
    for name, res in results.items():
        p99 = median([percentile(p.lateness_ms, 99) for p in res.probed])
        rows.append((f"2 GUI timer lateness p99 while training, {name}", f"{p99:.1f} ms",
                     f"< {TARGET_P99_MS:g} ms", verdict(p99 < TARGET_P99_MS)))
    if results:
        spiral_runs = results["spiral 2-8-8-1"].window
        fps = median([w.frames_per_s for w in spiral_runs])
        paints = median([w.paints_per_s["networkView"] for w in spiral_runs])
        frames_drawn = min(fps, paints)  # a frame counts if it was handled and painted
        rows.append(("3 frames drawn per second, spiral 2-8-8-1", f"{frames_drawn:.1f} /s",
                     f">= {TARGET_FPS:g} /s", verdict(frames_drawn >= TARGET_FPS)))
    if paces:
        worst = max(abs(rate / pace - 1) for pace, (rate, _, _) in paces.items() if pace > 0)
        rows.append(("4 pace held, worst of 1-300 epochs/s (circle 2-4-2-1)",
                     f"{100 * worst:.1f}%", f"<= {100 * TARGET_PACE_ERROR:g}%",
                     verdict(worst <= TARGET_PACE_ERROR)))
    if startups:
        startup = median(startups)
        rows.append(("5 startup to first painted window (from source)", f"{startup:.3f} s",
                     f"< {TARGET_STARTUP_S:g} s", verdict(startup < TARGET_STARTUP_S)))

    if bigs:
        stall = median([max(b["lateness_ms"], default=float("nan")) for b in bigs])
        rows.append(("6 longest GUI pause, 10x256 Play/Pause/Step/Cancel", f"{stall:.0f} ms",
                     f"< {TARGET_BIG_STALL_MS:g} ms", verdict(stall < TARGET_BIG_STALL_MS)))
        big_fps = median([min(b["frames_per_s"], b["paints_per_s"]) for b in bigs])
        rows.append(("6 frames drawn per second while training, 10x256", f"{big_fps:.1f} /s",
                     f">= {TARGET_BIG_FPS:g} /s", verdict(big_fps >= TARGET_BIG_FPS)))

    widths = (max(len(r[0]) for r in rows), 10, 10, 6)
    head = ("measure", "value", "target", "result")
    line = "  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                     for i, (c, w) in enumerate(zip(head, widths, strict=True)))
    print(line)
    print("-" * len(line))
    for row in rows:
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                        for i, (c, w) in enumerate(zip(row, widths, strict=True))))
    print()

    # -- details -------------------------------------------------------------------
    print("Details (medians over rounds unless noted)")
    for name, res in results.items():
        ratios = res.ratios()
        win = res.window
        print(f"  {name}{' (the default experiment)' if name.startswith('circle') else ''}:")
        print(f"    steps/s headless {median(res.headless):,.0f}, with window "
              f"{median([w.steps_per_s for w in win]):,.0f}; per-round ratios "
              + " ".join(f"{x:.2f}" for x in ratios))
        print(f"    frames handled {median([w.frames_per_s for w in win]):.1f}/s; Paint events/s: "
              + ", ".join(f"{v} {median([w.paints_per_s[v] for w in win]):.1f}"
                          for v in views))
        late = [x for p in res.probed for x in p.lateness_ms]
        print(f"    timer lateness (probe runs, {len(late)} ticks): median "
              f"{median([median(p.lateness_ms) for p in res.probed]):.2f} ms, p99 per run "
              + " ".join(f"{percentile(p.lateness_ms, 99):.1f}" for p in res.probed)
              + f" ms, max {max(late, default=float('nan')):.1f} ms; training "
              f"{median([p.steps_per_s for p in res.probed]):,.0f} steps/s, "
              f"{median([p.frames_per_s for p in res.probed]):.1f} frames/s with the probe")
        shares = [w.cpu for w in win if w.cpu]
        if shares:
            parts = {k: median([s[k] for s in shares]) for k in ("gui", "training", "other")}
            print(f"    CPU (share of one core) with window: GUI thread {parts['gui']:.2f}, "
                  f"trainingThread {parts['training']:.2f}, other threads {parts['other']:.2f}")
            if parts["other"] > 0.1 and not os.environ.get("OPENBLAS_NUM_THREADS"):
                print("      (the other threads are most likely OpenBLAS workers spinning after "
                      "the threaded grid matmul of each snapshot; compare a run with "
                      "OPENBLAS_NUM_THREADS=1)")
        c = costs[name]
        print(f"    no training running: snapshot (worker side) {c['snapshot_ms']:.2f} ms CPU; "
              f"GUI thread per frame {c['gui_ms']:.2f} ms CPU ({c['gui_wall_ms']:.2f} ms wall)"
              f" = views' updates {c['update_ms']:.2f} + event processing (paints) "
              f"{c['gui_ms'] - c['update_ms']:.2f}")
        print("      paints per frame: " + ", ".join(f"{v} {c[f'paints {v}']:.1f}" for v in views)
              + "; one full paint (grab): "
              + ", ".join(f"{v} {c[f'paint_ms {v}']:.2f} ms" for v in views))
        bad = [w.status for w in [*win, *res.probed] if w.status != "ready"]
        if bad:
            print(f"    WARNING: training status {bad[0]!r} in {len(bad)} runs")
    print_paces(paces, alone)
    print(f"  idle window, no training: timer lateness median {median(idle):.2f} ms, "
          f"p99 {percentile(idle, 99):.2f} ms, max {max(idle, default=float('nan')):.2f} ms")
    for k, b in enumerate(bigs, start=1):
        late = b["lateness_ms"]
        calls = ", ".join(f"{n} {ms:.0f}" for n, ms in b["calls_ms"].items())
        print(f"  big net 10x256, round {k}: built in {b['build_s']:.1f} s; training "
              f"{b['steps_per_s']:.0f} steps/s, {b['frames_per_s']:.1f} frames handled/s, "
              f"{b['paints_per_s']:.1f} networkView paints/s")
        print(f"    GUI timer lateness over Play, Pause, Step, Cancel ({len(late)} ticks): median "
              f"{median(late):.1f} ms, p99 {percentile(late, 99):.1f} ms, max "
              f"{max(late, default=float('nan')):.1f} ms")
        print(f"    GUI thread inside each call (ms): {calls}; worker idle "
              f"{b['pause_s']:.2f} s after Pause; a Step took {b['step_s']:.2f} s; Cancel took "
              f"effect in {b['cancel_s']:.2f} s; Steps completed: {b['step_done']}")
        print("    longest pauses (ms, during): " + ", ".join(
            f"{late:.0f} ({phase})" for late, phase in b["worst"]))
    if bigs:
        print(f"  idle window next to the big runs (baseline): timer lateness median "
              f"{median(idle_after):.2f} ms, p99 {percentile(idle_after, 99):.2f} ms, max "
              f"{max(idle_after, default=float('nan')):.2f} ms")
    print(f"  startup: {startup_how}, from the parent's Popen; median of {len(startups)} "
          "runs after one warm-up: " + ", ".join(f"{t:.3f}" for t in startups) + " s")
    print(f"  frames drawn = min(snapshots handled, networkView Paint events) per second; "
          f"load average at end: {loadavg()}")
    if profile_text:
        print()
        print(profile_text.rstrip())
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 rounds of 1.5 s runs")
    parser.add_argument("--rounds", type=int, default=None, help="rounds (default 5)")
    parser.add_argument("--seconds", type=float, default=None,
                        help="seconds per timed run (default 4)")
    parser.add_argument("--pace-only", action="store_true",
                        help="measure only the pace control (chosen vs achieved epochs/s)")
    parser.add_argument("--profile", action="store_true",
                        help="also cProfile the GUI thread during one spiral run")
    parser.add_argument("--no-big", action="store_true", help="leave out the 10x256 net")
    parser.add_argument("--big-rounds", type=int, default=2, help="rounds of the 10x256 net")
    parser.add_argument("--big-seconds", type=float, default=8.0,
                        help="seconds the 10x256 net trains per round (default 8)")
    parser.add_argument("--only-big", action="store_true",
                        help="measure the 10x256 net only (no rounds, no startup)")
    parser.add_argument("--startup-only", action="store_true",
                        help="measure only the startup (no Qt object in this process)")
    parser.add_argument("--switch-interval", type=float, default=None, metavar="MS",
                        help="set sys.setswitchinterval (the GIL hand-over time) for an "
                             "experiment; default: Python's 5 ms")
    args = parser.parse_args(argv)
    if args.switch_interval is not None:
        sys.setswitchinterval(args.switch_interval / 1000)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # read when QApplication starts
    if args.startup_only:
        return startup_only(3 if args.quick else 5)
    return run_benchmark(args)


if __name__ == "__main__":
    sys.exit(main())
