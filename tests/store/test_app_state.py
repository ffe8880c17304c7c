"""App state: small JSON facts by key that survive a restart."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from tui_ledger.store import AppState, Database, open_profile_database


def test_values_are_stored_replaced_and_deleted(database: Database) -> None:
    state = AppState(database)

    state.set("export.last_filter", {"thru": date(2026, 5, 31), "invoices": True, "location": None})
    state.set("export.last_filter", {"thru": date(2026, 6, 30), "invoices": False, "location": 3})

    assert state.get("export.last_filter") == {"thru": "2026-06-30", "invoices": False, "location": 3}
    assert state.delete("export.last_filter") is True
    assert state.get("export.last_filter", "none") == "none"
    assert state.delete("export.last_filter") is False


def test_keys_are_listed_by_prefix(database: Database) -> None:
    state = AppState(database)
    for key in ("ui.theme", "export.columns", "export.last_filter", "exports"):
        state.set(key, 1)

    assert state.keys("export.") == ["export.columns", "export.last_filter"]
    assert state.keys() == ["export.columns", "export.last_filter", "exports", "ui.theme"]


def test_values_survive_a_restart_and_money_stays_exact(tmp_path: Path) -> None:
    with open_profile_database(tmp_path, "acme") as database:
        AppState(database).set("lines.last_total", Decimal("10.10"))
        AppState(database).set("lines.rate", 0.1)

    with open_profile_database(tmp_path, "acme") as reopened:
        assert AppState(reopened).get("lines.last_total") == "10.10"
        assert AppState(reopened).get("lines.rate") == Decimal("0.1")
