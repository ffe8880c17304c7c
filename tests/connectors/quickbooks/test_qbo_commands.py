"""`tui-ledger auth quickbooks` and `tui-ledger doctor` for QuickBooks, run as a user runs them: in process for the
sandbox profile, and against the sandbox served on a port for a real profile."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from tests.connectors.quickbooks.support import APP, CREDENTIALS, World
from tests.support.config_files import isolated_environ, profile_config
from tests.support.served_sandbox import serving
from tui_ledger.cli import main
from tui_ledger.connectors.quickbooks import IntuitEndpoints, IntuitOAuthClient
from tui_ledger.domain.clock import SystemClock
from tui_ledger.sandbox.hub import LOOPBACK

STATE = "fixed-state-for-the-test"


@pytest.fixture
def served(world: World) -> Iterator[str]:
    """The sandbox on a loopback port, as `tui-ledger sandbox serve` runs it; yields the QuickBooks root URL."""
    with serving(world.hub) as port:
        yield f"http://{LOOPBACK}:{port}/quickbooks"


def _real_profile_environ(tmp_path: Path, root: str) -> dict[str, str]:
    """A profile whose QuickBooks target is the served sandbox, with the secrets its config names."""
    target = {
        "name": "Acme Books",
        "package": "quickbooks",
        "client_id": APP.client_id,
        "client_secret": "env:QBO_SECRET",
        "base_url": f"{root}/v3",
    }
    return isolated_environ(tmp_path, profile_config(target), QBO_SECRET=APP.client_secret, CW_PRIVATE_KEY="x")


def _landed(root: str) -> str:
    """Where the browser lands after approving the link the command prints (its state is pinned by the test)."""
    oauth = IntuitOAuthClient(APP, IntuitEndpoints.at(root), clock=SystemClock(), sign_in_hint="")
    return httpx.get(oauth.authorization_url(STATE), follow_redirects=False).headers["location"]


def test_doctor_checks_the_sandbox_profile_in_process(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["doctor"], env=isolated_environ(tmp_path))

    assert result.exit_code == 0, result.output
    assert "Demo QuickBooks (QuickBooks Online):" in result.output
    for step in ("sign-in", "company", "scope com.intuit.quickbooks.accounting", "quota"):
        assert f"ok   {step}:" in result.output


def test_sign_in_over_ssh_then_the_doctor_finds_everything_working(
    served: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = _real_profile_environ(tmp_path, served)
    monkeypatch.setattr("tui_ledger.connectors.quickbooks.session.new_state", lambda: STATE)
    runner = CliRunner()

    signed = runner.invoke(main, ["auth", "quickbooks", "--profile", "acme"], env=env, input=_landed(served) + "\n")
    checked = runner.invoke(main, ["doctor", "--profile", "acme"], env=env)

    assert signed.exit_code == 0, signed.output
    assert f"{served}/connect/oauth2?" in signed.output
    assert f"Signed in to QuickBooks Online company {CREDENTIALS['realm_id']}" in signed.output
    token_file = tmp_path / "data" / "tokens" / "acme.quickbooks-acme-books.json"
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert checked.exit_code == 0, checked.output
    assert "FAIL" not in checked.output
    assert APP.client_secret not in checked.output + signed.output


def test_the_doctor_says_what_to_do_before_anyone_signed_in(served: str, tmp_path: Path) -> None:
    env = _real_profile_environ(tmp_path, served)

    checked = CliRunner().invoke(main, ["doctor", "--profile", "acme"], env=env)

    assert checked.exit_code == 1
    assert "FAIL sign-in: QuickBooks Online: no QuickBooks company (realm id)" in checked.output
    assert "tui-ledger auth quickbooks --profile acme" in checked.output
