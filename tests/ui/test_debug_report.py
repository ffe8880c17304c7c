"""The debug report never carries secrets and reads as plain text in a ticket."""

from __future__ import annotations

import pytest

from tui_ledger.ui.debug_report import MASK, Fact, looks_secret, redacted, report_text


@pytest.mark.parametrize(
    "label", ["Private key", "client_secret", "sasKey", "refresh token", "Password", "apiKey", "Authorization"]
)
def test_secret_labels_are_recognised(label: str) -> None:
    assert looks_secret(label, "anything")


@pytest.mark.parametrize("label", ["ConnectWise URL", "company id", "Keyboard layout", "database"])
def test_ordinary_labels_are_left_alone(label: str) -> None:
    assert not looks_secret(label, "https://example.invalid")


def test_auth_values_are_redacted_whatever_their_label() -> None:
    details = {"header": "Basic dHVpbGVkZ2VyOnNlY3JldA==", "site": "api-na.myconnectwise.net"}

    assert redacted(details) == [("header", MASK), ("site", "api-na.myconnectwise.net")]


def test_the_report_groups_facts_under_their_sections() -> None:
    text = report_text([Fact("Versions", "Textual", "8.2.8"), Fact("Paths", "Data folder", "/data")])

    assert text == "tui-ledger debug report\n\n[Versions]\nTextual: 8.2.8\n\n[Paths]\nData folder: /data\n"
