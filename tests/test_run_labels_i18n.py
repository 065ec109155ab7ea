"""Run labels are stored in English and shown translated: every key a label can name is
in the catalogue, and a translator sees each phrase."""

from __future__ import annotations

from bplab.data.generators import GENERATORS
from bplab.engine.activations import ACTIVATIONS
from bplab.engine.initializers import INITIALIZERS
from bplab.engine.optimizers import OPTIMIZERS
from bplab.experiment import default_experiment
from bplab.experiment.run_labels import KEYS, SHORT_LOSSES, describe_change, settings_summary

# Names a label shows as they are, in every language (glossary: kept as written).
AS_WRITTEN = {"sigmoid", "tanh", "relu", "leaky relu", "elu", "softplus", "swish", "softmax"}


def test_every_key_a_label_can_name_is_marked_for_translation() -> None:
    keys = {*GENERATORS, *OPTIMIZERS, *INITIALIZERS, *ACTIVATIONS, *SHORT_LOSSES.values(),
            "mean", "sum"}
    wanted = {k.replace("_", " ") for k in keys} - AS_WRITTEN
    assert wanted <= set(KEYS), sorted(wanted - set(KEYS))


def test_labels_go_through_the_translator_and_stay_english_without_one() -> None:
    before, after = default_experiment(), default_experiment()
    after.training.learning_rate = 0.3
    after.training.optimizer = "adam"
    after.data.noise = 0.2
    seen: list[tuple[str, str]] = []

    def shout(context: str, text: str, disambiguation=None, n: int = -1) -> str:
        seen.append((context, text))
        return text.upper()

    assert describe_change(before, after) == "noise 20%, lr 0.3, adam"
    assert describe_change(before, after, shout) == "NOISE 20%, LR 0.3, ADAM"
    assert {c for c, _ in seen} == {"RunLabels"}
    assert settings_summary(after, shout) == settings_summary(after).upper()
