"""Entry script of the PyInstaller build: the same as the ``bplab`` command."""

import sys

from bplab.cli import main

if __name__ == "__main__":
    sys.exit(main())
