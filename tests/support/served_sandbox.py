"""The sandbox served over TCP as `tui-ledger sandbox serve` runs it, for tests that drive the real command line.

The Xero and QuickBooks command tests and the wiring tests start uvicorn on a loopback port the same way; this is
that once. The port is the one the operating system chose (port 0), so parallel runs never collide.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import uvicorn

from tui_ledger.sandbox.hub import LOOPBACK, SandboxHub

START_SECONDS = 10.0


@contextmanager
def serving(hub: SandboxHub) -> Iterator[int]:
    """Serve every service of `hub` under `/{name}` on a loopback port, yielding the port; stopped on exit."""
    server = uvicorn.Server(uvicorn.Config(hub.served_app(), host=LOOPBACK, port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_SECONDS
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the sandbox server did not start")
        time.sleep(0.02)
    try:
        yield server.servers[0].sockets[0].getsockname()[1]
    finally:
        server.should_exit = True
        thread.join(timeout=START_SECONDS)
