"""The embedded default: faithful simulators of ConnectWise, Xero, QuickBooks Online, AppXite and Pax8.

Imported only by the command line, the wiring and tests. Each service is a Starlette ASGI app with its own
SQLite state; connectors reach it in-process through `SandboxTransport` or over loopback with `sandbox serve`,
and cannot tell it from the real service.
"""
