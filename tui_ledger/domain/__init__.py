"""Pure rules and models: no I/O, no Textual, no httpx. Everything here is unit-testable in isolation."""
