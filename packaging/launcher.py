"""Entry script of the PyInstaller build: the same as the ``bplab`` command."""

import multiprocessing
import sys

from bplab.cli import main

if __name__ == "__main__":
    # The training process is started by a fork server, which is this same binary
    # run with multiprocessing's arguments: freeze_support() runs it and exits.
    multiprocessing.freeze_support()
    sys.exit(main())
