"""`tui-ledger sandbox seed | reset | serve` as a user runs them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tui_ledger.cli import main
from tui_ledger.sandbox.hub import SandboxHub


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, ["sandbox", *args], env=env, catch_exceptions=False)


def test_seed_writes_the_demo_company_into_the_data_dir(tmp_path: Path) -> None:
    result = run(
        "seed", "--scale", "2", "--seed", "11", "--anchor", "2026-10-31", env={"TUI_LEDGER_DATA_DIR": str(tmp_path)}
    )
    assert result.exit_code == 0, result.output
    assert "300 invoices" in result.output
    record = SandboxHub(tmp_path / "sandbox").seed_record
    assert record is not None
    assert (record.seed, record.scale, record.anchor.isoformat()) == (11, 2, "2026-10-31")
    assert (tmp_path / "sandbox" / "connectwise.sqlite").exists()


def test_reset_seeds_the_same_company_again(tmp_path: Path) -> None:
    state = tmp_path / "state"
    assert run("seed", "--seed", "5", "--anchor", "2026-01-31", "--state-dir", str(state)).exit_code == 0
    result = run("reset", "--state-dir", str(state))
    assert result.exit_code == 0, result.output
    record = SandboxHub(state).seed_record
    assert record is not None
    assert record.seed == 5


def test_a_bad_anchor_is_a_clear_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["sandbox", "seed", "--anchor", "31/10/2026", "--state-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "is not a date like 2026-10-31" in result.output


def test_serve_binds_loopback_and_prints_every_base_url_and_credentials(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    served: dict[str, Any] = {}

    def fake_run(app: object, **options: Any) -> None:
        served.update(options, app=app)

    monkeypatch.setattr("uvicorn.run", fake_run)
    result = run("serve", "--port", "9911", "--fault-rate", "0.1", "--state-dir", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert served["host"] == "127.0.0.1"
    assert served["port"] == 9911
    hub = SandboxHub(tmp_path)
    for name in hub.names:
        assert hub.served_base_url(name, 9911) in result.output
    assert "company_id: tuiledger" in result.output
    assert hub.seed_record is not None


def test_serve_refuses_a_fault_rate_above_one(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["sandbox", "serve", "--fault-rate", "1.5", "--state-dir", str(tmp_path)])
    assert result.exit_code == 2
