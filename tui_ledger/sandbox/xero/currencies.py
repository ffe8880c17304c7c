"""The organisation's currencies as GET /Currencies lists them: the base currency, then the others it trades in.

Xero describes each currency by its English name; the sandbox knows the names of the currencies its seeds use
and of the common trading currencies, and describes any other by its code rather than inventing a name.
"""

from __future__ import annotations

from tui_ledger.sandbox.xero.store import Record

CURRENCY_NAMES = {
    "AUD": "Australian Dollar",
    "CAD": "Canadian Dollar",
    "EUR": "Euro",
    "GBP": "British Pound",
    "NZD": "New Zealand Dollar",
    "USD": "United States Dollar",
}


def currency_records(organisation: Record) -> list[Record]:
    """`Currency` records (Code, Description) of one organisation record, base currency first."""
    base = str(organisation["BaseCurrency"])
    others = sorted({str(code) for code in organisation.get("_Currencies") or []} - {base})
    return [{"Code": code, "Description": CURRENCY_NAMES.get(code, code)} for code in (base, *others)]
