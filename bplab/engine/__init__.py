"""The NumPy engine: networks, activations, losses, optimizers, training.

Imports nothing from Qt and does no I/O.
"""

from bplab.engine.activations import ACTIVATIONS, HIDDEN_ACTIVATIONS, OUTPUT_ACTIVATIONS
from bplab.engine.history import History
from bplab.engine.initializers import INITIALIZERS, initial_parameters
from bplab.engine.losses import LOSSES, check_pairing, valid_losses
from bplab.engine.network import BackwardPass, ForwardPass, Network
from bplab.engine.optimizers import OPTIMIZERS, make_optimizer
from bplab.engine.regularizers import REGULARIZERS
from bplab.engine.trainer import AUTO_RECORD, Split, Trainer

__all__ = [
    "ACTIVATIONS", "AUTO_RECORD", "HIDDEN_ACTIVATIONS", "INITIALIZERS", "LOSSES", "OPTIMIZERS",
    "OUTPUT_ACTIVATIONS", "REGULARIZERS", "BackwardPass", "ForwardPass", "History", "Network",
    "Split", "Trainer", "check_pairing", "initial_parameters", "make_optimizer", "valid_losses",
]
