"""The frame the window draws: a snapshot with what the watches and the views add.

One recipe for every place a frame is taken: the worker thread, the training
process and the GUI thread of an idle session.  Qt-free.
"""

from __future__ import annotations

import dataclasses

from bplab.experiment.live_grids import LiveGrids
from bplab.experiment.run_watch import RunWatch
from bplab.experiment.session import Session
from bplab.experiment.snapshot import Snapshot, make_snapshot, take_snapshot
from bplab.experiment.view_requests import ViewRequests


def take_frame(session: Session, history_start: int, steps_per_second: float,
               running: bool = False, *, watch: RunWatch, requests: ViewRequests,
               grids: LiveGrids | None = None, with_grids: bool = True) -> Snapshot:
    """The weights and the output grids (``grids`` brought up by one budget's work, or all
    computed now, or none without ``with_grids``: see ``plane_grids``), the doctor's and
    gradient flow's parts (RunWatch), then what the views asked for (ViewRequests)."""
    if not with_grids:
        snap = take_snapshot(session, history_start, steps_per_second, with_grids=False,
                             running=running)
    elif grids is not None:
        snap = grids.snapshot(session, history_start, steps_per_second, running=running)
    else:
        snap = make_snapshot(session, history_start, steps_per_second, running=running)
    snap = watch.add_to(snap, session, running)
    extras = requests.extras(session, running)
    return dataclasses.replace(snap, **extras) if extras else snap
