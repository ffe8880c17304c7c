"""`tui-ledger auth xero` and `tui-ledger doctor`, run as a user runs them, against the sandbox (served on a port
for a real profile, in process for the sandbox profile), and the interactive sign-in they use."""

from __future__ import annotations

import stat
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner
from xero_connector_support import follow

from tests.support.config_files import isolated_environ, profile_config
from tests.support.served_sandbox import serving
from tui_ledger.cli import main
from tui_ledger.connectors.xero import MemoryTokenSink, XeroConnection, XeroTenant
from tui_ledger.connectors.xero.connector import oauth_client
from tui_ledger.connectors.xero.session import sign_in_interactively
from tui_ledger.domain.clock import Clock
from tui_ledger.sandbox.hub import LOOPBACK, SandboxHub
from tui_ledger.sandbox.xero.demo_apps import TRAINING_TENANT_ID


@pytest.fixture
def served(hub: SandboxHub) -> Iterator[str]:
    """The sandbox on a loopback port, as `tui-ledger sandbox serve` runs it; yields the Xero root URL."""
    with serving(hub) as port:
        yield f"http://{LOOPBACK}:{port}/xero"


def real_profile_environ(tmp_path: Path, root: str, client_id: str, client_secret: str) -> dict[str, str]:
    """A profile whose Xero target is the served sandbox's app `client_id`, with the secrets its config names."""
    target = {
        "name": "Acme Books",
        "package": "xero",
        "client_id": client_id,
        "client_secret": "env:XERO_SECRET",
        "base_url": f"{root}/api.xro/2.0",
    }
    return isolated_environ(tmp_path, profile_config(target), XERO_SECRET=client_secret, CW_PRIVATE_KEY="x")


def test_doctor_checks_the_sandbox_profile_in_process(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["doctor"], env=isolated_environ(tmp_path))
    assert result.exit_code == 0, result.output
    assert "Demo Xero (Xero):" in result.output
    for step in ("sign-in", "organisation", "scope accounting.settings", "scope accounting.transactions", "quota"):
        assert f"ok   {step}:" in result.output


def test_a_custom_connection_signs_in_and_the_doctor_finds_everything_working(
    served: str, hub: SandboxHub, tmp_path: Path
) -> None:
    credentials = hub.credentials("xero")
    env = real_profile_environ(tmp_path, served, credentials["custom_client_id"], credentials["custom_client_secret"])
    runner = CliRunner()
    signed = runner.invoke(main, ["auth", "xero", "--profile", "acme", "--custom-connection"], env=env)
    assert signed.exit_code == 0, signed.output
    assert "Custom Connection works" in signed.output
    token_file = tmp_path / "data" / "tokens" / "acme.xero-acme-books.json"
    assert token_file.exists()
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    checked = runner.invoke(main, ["doctor", "--profile", "acme"], env=env)
    assert checked.exit_code == 0, checked.output
    assert "FAIL" not in checked.output
    assert credentials["custom_client_secret"] not in checked.output + signed.output


def test_the_doctor_says_what_is_wrong_and_what_to_do(served: str, hub: SandboxHub, tmp_path: Path) -> None:
    credentials = hub.credentials("xero")
    env = real_profile_environ(tmp_path, served, credentials["client_id"], credentials["client_secret"])
    checked = CliRunner().invoke(main, ["doctor", "--profile", "acme"], env=env)
    assert checked.exit_code == 1
    assert (
        "FAIL sign-in: Xero: not signed in to Xero; sign in again with `tui-ledger auth xero --profile acme`"
        in checked.output
    )


async def test_the_interactive_sign_in_lets_the_user_paste_again_and_choose_the_organisation(
    web_connection: XeroConnection, hub: SandboxHub, clock: Clock
) -> None:
    transport = hub.transport("xero")
    oauth = oauth_client(web_connection, transport=transport, clock=clock)
    shown: list[str] = []
    answers = iter(["http://localhost:8765/xero/callback?code=abc&state=wrong"])

    async def ask(prompt: str) -> str:
        pasted = next(answers, None)
        if pasted is not None:
            return pasted
        authorize = next(line for line in shown if "/identity/connect/authorize?" in line)
        return await follow(transport, authorize)

    async def choose(tenants: Sequence[XeroTenant]) -> XeroTenant:
        return next(tenant for tenant in tenants if tenant.tenant_id == TRAINING_TENANT_ID)

    sink = MemoryTokenSink()
    tokens = await sign_in_interactively(
        oauth, sink, hub.credentials("xero")["redirect_uri"], shown.append, ask, choose
    )
    assert tokens.tenant_id == TRAINING_TENANT_ID
    assert sink.tokens is not None
    assert sink.tokens["tenant_id"] == TRAINING_TENANT_ID
    assert any("Try again" in line for line in shown)
