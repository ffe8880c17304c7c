"""Every failure reaches the user as a headline, the service's own words and what to do."""

from __future__ import annotations

from tui_ledger.connectors.errors import (
    AuthenticationFailed,
    DayLimitReached,
    MalformedResponse,
    ServiceUnavailable,
    Unreachable,
)
from tui_ledger.services.failures import explain
from tui_ledger.services.workspace import WorkspaceError


def test_a_workspace_error_keeps_its_own_words() -> None:
    failure = explain(WorkspaceError("Profile 'acme' does not exist", detail="config.toml", remedy="Use sandbox."))

    assert (failure.title, failure.detail, failure.remedy) == (
        "Profile 'acme' does not exist",
        "config.toml",
        "Use sandbox.",
    )


def test_wrong_credentials_point_at_the_profiles_keys() -> None:
    error = AuthenticationFailed("ConnectWise", "Login failed", method="GET", path="/system/info", status=401)

    failure = explain(error)

    assert failure.title == "ConnectWise did not accept the credentials"
    assert "Login failed" in failure.detail
    assert "GET /system/info" in failure.detail
    assert "config.toml" in failure.remedy


def test_each_kind_of_connector_failure_has_its_own_next_step() -> None:
    titles = {
        type(error).__name__: explain(error).title
        for error in (
            Unreachable("Xero", "connection refused"),
            ServiceUnavailable("Xero", "502 Bad Gateway"),
            DayLimitReached("Xero", "daily limit reached"),
            MalformedResponse("ConnectWise", "total is not a number", field="total"),
        )
    }

    assert titles == {
        "Unreachable": "Xero could not be reached",
        "ServiceUnavailable": "Xero is having trouble",
        "DayLimitReached": "Xero's daily call limit is used up",
        "MalformedResponse": "ConnectWise answered with something unexpected",
    }


def test_an_unexpected_error_says_so_and_asks_for_the_debug_report() -> None:
    failure = explain(KeyError("total"))

    assert failure.title == "Something unexpected went wrong"
    assert failure.detail == "KeyError: 'total'"
    assert "F12" in failure.remedy
    assert failure.as_text().startswith("Something unexpected went wrong\n\nKeyError")
