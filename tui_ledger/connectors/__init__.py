"""One module per external system, on a shared async httpx base. Services depend on the Protocols in `ports`."""
