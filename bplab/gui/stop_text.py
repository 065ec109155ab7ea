"""What the status bar says when a stop rule ended training (translatable)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from bplab.experiment.stop_rules import EPOCH, LOSS, StopReason


def _tr(text: str) -> str:
    return QCoreApplication.translate("stop", text)


def stop_text(reason: StopReason) -> str:
    """'Stopped: test loss has not improved for 100 epochs; best 0.0123 at epoch 412, restored'."""
    if reason.rule == EPOCH:
        return _tr("Stopped: reached epoch {0}").format(reason.epoch)
    if reason.rule == LOSS:
        return _tr("Stopped: the train loss reached {0} (at most {1}) at epoch {2}").format(
            f"{reason.loss:.4g}", f"{reason.limit:g}", reason.epoch)
    what = _tr("test loss") if reason.monitored == "test" else _tr("train loss")
    text = _tr("Stopped: {0} has not improved for {1} epochs; best {2} at epoch {3}").format(
        what, int(reason.limit), f"{reason.best:.4g}", reason.best_epoch)
    return text + _tr(", restored") if reason.restored else text
