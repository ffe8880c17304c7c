"""Wiring: how a profile becomes live objects. The one layer (with cli.py) that may import config, connectors and
the sandbox together; everything above it receives ready-made runtimes and workspaces."""

from tui_ledger.wiring.runtime import ProfileRuntime, open_runtime, workspace_factory, workspace_from_runtime

__all__ = ["ProfileRuntime", "open_runtime", "workspace_factory", "workspace_from_runtime"]
