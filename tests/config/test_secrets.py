"""Secrets are `env:NAME` references resolved at use; a missing variable names itself and the key."""

from __future__ import annotations

import pytest

from tests.config.conftest import WriteConfig
from tests.config.samples import REAL_PROFILE
from tui_ledger.config import MissingSecretError, SecretRef, load_settings


def test_reference_resolves_from_the_environment_at_use(write_config: WriteConfig) -> None:
    write_config(REAL_PROFILE)
    connectwise = load_settings().profile("acme").connectwise
    assert connectwise is not None

    assert connectwise.private_key.resolve({"ACME_CW_PRIVATE_KEY": "k-42"}) == "k-42"


def test_missing_variable_names_the_variable_the_key_and_the_file(write_config: WriteConfig) -> None:
    path = write_config(REAL_PROFILE)
    target = load_settings().profile("acme").targets[1]
    assert target.client_secret is not None

    with pytest.raises(MissingSecretError) as raised:
        target.client_secret.resolve({})

    message = raised.value.user_message
    assert "ACME_QBO_SECRET is not set" in message
    assert "profiles.acme.targets[2].client_secret" in message
    assert str(path) in message
    assert "export ACME_QBO_SECRET=" in message


def test_an_empty_variable_counts_as_missing() -> None:
    with pytest.raises(MissingSecretError):
        SecretRef("TOKEN").resolve({"TOKEN": ""})


@pytest.mark.parametrize("text", ["env:", "env:1ABC", "env:A-B", "ENV:ABC"])
def test_malformed_references_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="env:NAME"):
        SecretRef.parse(text)


def test_a_reference_shows_as_its_text_never_as_a_value() -> None:
    ref = SecretRef.parse("env:XERO_SECRET")

    assert str(ref) == "env:XERO_SECRET"
    assert ref.is_set({"XERO_SECRET": "x"})
    assert not ref.is_set({})
