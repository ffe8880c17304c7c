"""Request bodies for ConnectWise writes, with amounts written exactly as their Decimal digits.

httpx's `json=` cannot write a Decimal, and going through float would turn a unit price of `18.7` into
whatever binary fraction is nearest. The bodies are written by `tui_ledger.domain.decimal_json`, the one writer
for every body that carries money; this module only gives the write path its bytes and headers.
"""

from __future__ import annotations

from tui_ledger.domain.decimal_json import JsonValue, dumps

JSON_HEADERS = {"Content-Type": "application/json"}


def encode_json(value: JsonValue) -> bytes:
    """UTF-8 JSON text of dicts, lists, text, integers, Decimals, booleans and None (`TypeError` for a float)."""
    return dumps(value).encode()
