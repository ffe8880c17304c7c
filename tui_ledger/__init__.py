"""tui-ledger: a keyboard-driven terminal desk for the month-end close of IT service providers."""

__version__ = "0.1.0"
