"""Allows `python -m tui_ledger`, identical to the `tui-ledger` console script."""

from tui_ledger.cli import main

if __name__ == "__main__":
    main()
