"""How many threads BLAS may use in a process that trains behind a window.  Qt-free."""

from __future__ import annotations

_blas_limit: object | None = None  # threadpoolctl's limiter, kept for the whole process


def limit_blas_threads() -> None:
    """Let BLAS (OpenBLAS in NumPy's wheels) use one thread in this process; idempotent.

    The nets trained here are small: their matmuls gain nothing from a second BLAS
    thread, but each snapshot's grid matmul (every neuron × 10,000 grid points) is
    just big enough for OpenBLAS to split it.  Its helper thread then spins for a
    while after every snapshot (~0.4 of a core on a 2-core machine, taken from the
    training and GUI threads), and the split itself made a snapshot 2.4-4 ms instead
    of 0.34 ms.  The numbers computed are the same; only the threading changes.
    """
    global _blas_limit
    if _blas_limit is None:
        from threadpoolctl import threadpool_limits

        # Global form: applied now and never undone (no context manager).
        _blas_limit = threadpool_limits(limits=1, user_api="blas")
