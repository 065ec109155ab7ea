"""bplab: a desktop training lab for forward and backward propagation."""

__version__ = "0.1.0"
