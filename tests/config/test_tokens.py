"""The token file: 0600 in a 0700 folder, replaced atomically, refused when loose or damaged."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tui_ledger.config import TokenFileError, TokenStore


@pytest.fixture
def store(tmp_path: Path) -> TokenStore:
    return TokenStore(tmp_path / "tokens")


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_saved_tokens_load_back_and_are_readable_by_the_owner_only(store: TokenStore) -> None:
    store.save("acme", "xero", {"access_token": "a1", "refresh_token": "r1", "expires_at": 1700000000})

    assert store.load("acme", "xero") == {"access_token": "a1", "refresh_token": "r1", "expires_at": 1700000000}
    assert mode_of(store.path_for("acme", "xero")) == 0o600
    assert mode_of(store.directory) == 0o700


def test_nothing_saved_loads_as_none(store: TokenStore) -> None:
    assert store.load("acme", "quickbooks") is None


def test_a_rotated_refresh_token_replaces_the_file_atomically(store: TokenStore) -> None:
    store.save("acme", "xero", {"refresh_token": "r1"})
    before = store.path_for("acme", "xero").stat().st_ino

    store.save("acme", "xero", {"refresh_token": "r2"})

    assert store.load("acme", "xero") == {"refresh_token": "r2"}
    assert store.path_for("acme", "xero").stat().st_ino != before, "a new file renamed over the old, not rewritten"
    assert mode_of(store.path_for("acme", "xero")) == 0o600
    assert sorted(path.name for path in store.directory.iterdir()) == ["acme.xero.json"]


def test_a_crash_before_the_rename_keeps_the_previous_tokens(
    store: TokenStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save("acme", "xero", {"refresh_token": "r1"})

    def crash(*_: object) -> None:
        raise OSError("disk vanished")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk vanished"):
        store.save("acme", "xero", {"refresh_token": "r2"})

    assert store.load("acme", "xero") == {"refresh_token": "r1"}
    assert sorted(path.name for path in store.directory.iterdir()) == ["acme.xero.json"]


def test_services_and_profiles_do_not_overwrite_each_other(store: TokenStore) -> None:
    store.save("acme", "xero", {"refresh_token": "x"})
    store.save("acme", "quickbooks", {"refresh_token": "q"})
    store.save("beta", "xero", {"refresh_token": "b"})

    assert store.load("acme", "xero") == {"refresh_token": "x"}
    assert store.load("acme", "quickbooks") == {"refresh_token": "q"}
    assert store.load("beta", "xero") == {"refresh_token": "b"}


def test_a_file_others_can_read_is_refused_with_the_fix(store: TokenStore) -> None:
    store.save("acme", "xero", {"refresh_token": "r1"})
    path = store.path_for("acme", "xero")
    path.chmod(0o644)

    with pytest.raises(TokenFileError) as raised:
        store.load("acme", "xero")

    assert f"chmod 600 {path}" in raised.value.user_message
    assert "r1" not in raised.value.user_message


def test_a_damaged_file_is_refused_without_showing_its_content(store: TokenStore) -> None:
    store.save("acme", "xero", {"refresh_token": "r1"})
    store.path_for("acme", "xero").write_text('{"refresh_token": "half-writ', encoding="utf-8")

    with pytest.raises(TokenFileError) as raised:
        store.load("acme", "xero")

    assert "half-writ" not in raised.value.user_message
    assert "sign in again" in raised.value.user_message


def test_delete_forgets_the_tokens(store: TokenStore) -> None:
    store.save("acme", "xero", {"refresh_token": "r1"})

    assert store.delete("acme", "xero") is True
    assert store.load("acme", "xero") is None
    assert store.delete("acme", "xero") is False


@pytest.mark.parametrize(("profile", "service"), [("../etc", "xero"), ("acme", "x/y"), ("", "xero")])
def test_names_that_would_escape_the_folder_are_refused(store: TokenStore, profile: str, service: str) -> None:
    with pytest.raises(ValueError, match="cannot name a token file"):
        store.path_for(profile, service)
