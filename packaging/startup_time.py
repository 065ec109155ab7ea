"""Seconds from launching bplab to its first painted window, median of several runs.

    python packaging/startup_time.py [--runs 5] -- COMMAND [ARGS…]
    python packaging/startup_time.py -- dist/bplab/bplab
    python packaging/startup_time.py -- .venv/bin/bplab

Runs ``COMMAND --startup-time`` and takes the difference between the moment
it launched the process and the ``shown-at:`` wall-clock time the program
prints when its main window is first painted.  So the figure includes
everything a user waits for: process creation, a onefile build unpacking
itself, imports, and building the window.  Without a display Qt uses its
offscreen platform.  Needs only the standard library.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time


def one_run(command: list[str], env: dict[str, str]) -> float:
    start = time.time()
    done = subprocess.run([*command, "--startup-time"], env=env, capture_output=True,
                          text=True, timeout=120, check=False)
    for line in done.stdout.splitlines():
        if line.startswith("shown-at:"):
            return float(line.split()[1]) - start
    raise RuntimeError(f"{' '.join(command)} exited with {done.returncode} without "
                       f"'shown-at:'\n{done.stdout}\n{done.stderr}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--warmup", type=int, default=1, help="runs not counted (disk cache)")
    p.add_argument("command", nargs="+")
    args = p.parse_args(argv)
    env = dict(os.environ)
    if sys.platform.startswith("linux") and not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    for _ in range(args.warmup):
        one_run(args.command, env)
    times = [one_run(args.command, env) for _ in range(args.runs)]
    listed = ", ".join(f"{t:.3f}" for t in times)
    print(f"startup to first painted window: median {statistics.median(times):.3f} s "
          f"over {args.runs} runs ({listed}); platform {env.get('QT_QPA_PLATFORM', 'default')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
