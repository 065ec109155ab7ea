"""What the status bar says when a stop rule ended training (translatable)."""

from __future__ import annotations

from PySide6.QtCore import QObject

from bplab.experiment.stop_rules import EPOCH, LOSS, StopReason


class StopText(QObject):
    """The sentences, as methods of a QObject so that the count gets its plural forms
    (pyside6-lupdate finds ``self.tr(text, "", n)``, not a module function's)."""

    def sentence(self, reason: StopReason) -> str:
        if reason.rule == EPOCH:
            return self.tr("Stopped: reached epoch {0}").format(reason.epoch)
        if reason.rule == LOSS:
            return self.tr("Stopped: the train loss reached {0} (at most {1}) at epoch {2}").format(
                f"{reason.loss:.4g}", f"{reason.limit:g}", reason.epoch)
        what = self.tr("test loss") if reason.monitored == "test" else self.tr("train loss")
        text = self.tr("Stopped: {0} has not improved for %n epoch(s); best {1} at epoch {2}",
                       "", int(reason.limit))
        text = text.format(what, f"{reason.best:.4g}", reason.best_epoch)
        return text + self.tr(", restored") if reason.restored else text


def stop_text(reason: StopReason) -> str:
    """'Stopped: test loss has not improved for 100 epochs; best 0.0123 at epoch 412, restored'."""
    return StopText().sentence(reason)
