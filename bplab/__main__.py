"""``python -m bplab``: the same as the ``bplab`` command."""

from bplab.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
