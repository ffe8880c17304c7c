"""Holding Python's cyclic garbage collector off while a page of records is decoded and mapped.

Decoding a 1000-invoice page and turning it into domain objects allocates hundreds of thousands of
objects, none of them garbage. Each allocation burst triggers collections, and the older generations they
reach are traversed whole — measured on `bench/retrieve.py`, collections were half of the client's time.
Pausing the collector for such a synchronous block (no `await` inside, so no other task runs meanwhile)
costs nothing: whatever is garbage is collected as soon as the collector is back on. Reference counting,
which frees almost everything, keeps working throughout.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collection_paused() -> Iterator[None]:
    """Disable the cyclic collector for the block; restore it only if it was on (nesting is safe)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
