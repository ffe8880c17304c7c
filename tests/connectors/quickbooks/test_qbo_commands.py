"""`tui-ledger auth quickbooks` and `tui-ledger doctor` for QuickBooks, run as a user runs them: in process for the
sandbox profile, and against the sandbox served on a port for a real profile."""

from __future__ import annotations

import socket
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from click.testing import CliRunner

from tests.connectors.quickbooks.support import APP, CREDENTIALS, World
from tui_ledger.cli import main
from tui_ledger.connectors.quickbooks import IntuitEndpoints, IntuitOAuthClient
from tui_ledger.domain.clock import SystemClock

STATE = "fixed-state-for-the-test"


@pytest.fixture
def served(world: World) -> Iterator[str]:
    """The sandbox on a loopback port, as `tui-ledger sandbox serve` runs it; yields the QuickBooks root URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(world.hub.served_app(), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the sandbox did not start serving"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}/quickbooks"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def environment(tmp_path: Path) -> dict[str, str]:
    return {"TUI_LEDGER_DATA_DIR": str(tmp_path / "data"), "TUI_LEDGER_CONFIG": str(tmp_path / "config.toml")}


def _write_config(path: Path, root: str) -> None:
    path.write_text(
        f"""
[profiles.acme.connectwise]
site = "api-na.myconnectwise.net"
company_id = "acme"
public_key = "pub"
private_key = "env:CW_PRIVATE_KEY"
client_id = "00000000-0000-0000-0000-000000000000"

[[profiles.acme.targets]]
name = "Acme Books"
package = "quickbooks"
client_id = "{APP.client_id}"
client_secret = "env:QBO_SECRET"
base_url = "{root}/v3"
""",
        encoding="utf-8",
    )


def _landed(root: str) -> str:
    """Where the browser lands after approving the link the command prints (its state is pinned by the test)."""
    oauth = IntuitOAuthClient(APP, IntuitEndpoints.at(root), clock=SystemClock(), sign_in_hint="")
    return httpx.get(oauth.authorization_url(STATE), follow_redirects=False).headers["location"]


def test_doctor_checks_the_sandbox_profile_in_process(environment: dict[str, str]) -> None:
    result = CliRunner().invoke(main, ["doctor"], env=environment)

    assert result.exit_code == 0, result.output
    assert "Demo QuickBooks (QuickBooks Online):" in result.output
    for step in ("sign-in", "company", "scope com.intuit.quickbooks.accounting", "quota"):
        assert f"ok   {step}:" in result.output


def test_sign_in_over_ssh_then_the_doctor_finds_everything_working(
    served: str, environment: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write_config(tmp_path / "config.toml", served)
    env = {**environment, "QBO_SECRET": APP.client_secret, "CW_PRIVATE_KEY": "x"}
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


def test_the_doctor_says_what_to_do_before_anyone_signed_in(
    served: str, environment: dict[str, str], tmp_path: Path
) -> None:
    _write_config(tmp_path / "config.toml", served)
    env = {**environment, "QBO_SECRET": APP.client_secret, "CW_PRIVATE_KEY": "x"}

    checked = CliRunner().invoke(main, ["doctor", "--profile", "acme"], env=env)

    assert checked.exit_code == 1
    assert "FAIL sign-in: QuickBooks Online: no QuickBooks company (realm id)" in checked.output
    assert "tui-ledger auth quickbooks --profile acme" in checked.output
