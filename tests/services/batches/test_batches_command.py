"""`tui-ledger batches …` headless: the same guards, --json, exit codes 0 / 1 / 2 like `tui-ledger export`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from batch_world import world_environ
from click.testing import CliRunner, Result

from tui_ledger.cli import main


def run(tmp_path: Path, state: Path, *arguments: str) -> Result:
    environ = world_environ(tmp_path)
    sandbox = tmp_path / "data" / "sandbox"
    if not sandbox.exists():
        shutil.copytree(state, sandbox)
    return CliRunner().invoke(main, ["batches", *arguments], env=environ, catch_exceptions=False)


def test_find_lists_the_records_with_their_batch_and_exits_0(tmp_path: Path, clean_state: Path) -> None:
    result = run(tmp_path, clean_state, "find", "po 981 line 1")

    assert result.exit_code == 0, result.output
    assert "unbatched from open batch 'P981:" in result.output
    assert "Xero bill 981 (authorised, 4,279.56 USD)" in result.output


def test_find_of_nothing_exits_1(tmp_path: Path, clean_state: Path) -> None:
    result = run(tmp_path, clean_state, "find", "invoice 999999")

    assert result.exit_code == 1
    assert "Nothing found for invoice 999999" in result.output


def test_unbatch_without_a_package_choice_changes_nothing_and_says_the_choices(
    tmp_path: Path, clean_state: Path
) -> None:
    result = run(tmp_path, clean_state, "unbatch", "invoice 5009")
    check = run(tmp_path, clean_state, "find", "invoice 5009", "--json")

    assert result.exit_code == 1
    assert "--package" in result.output
    assert "update   keep the copy in Xero" in result.output
    assert json.loads(check.output)["records"][0]["state"] == "batched"


def test_unbatch_without_yes_outside_a_terminal_asks_and_does_nothing(tmp_path: Path, clean_state: Path) -> None:
    result = run(tmp_path, clean_state, "unbatch", "invoice 5009", "--package", "update")

    assert result.exit_code == 1
    assert "Nothing done" in result.output


def test_unbatch_with_yes_and_json_reports_before_and_after(tmp_path: Path, clean_state: Path) -> None:
    result = run(tmp_path, clean_state, "unbatch", "invoice 5009", "--package", "void", "--yes", "--json")

    assert result.exit_code == 0, result.output
    outcome = json.loads(result.output)
    assert outcome["status"] == "done"
    assert outcome["before"]["batch"]["identifier"].startswith("I5009:")
    assert outcome["after"]["batch"] is None
    assert outcome["after"]["package"]["copies"][0]["status"] == "voided"


def test_a_guard_refusal_exits_1_with_the_reason(tmp_path: Path, clean_state: Path) -> None:
    shared = run(tmp_path, clean_state, "unbatch", "invoice 5005", "--package", "update", "--yes")
    closed = run(tmp_path, clean_state, "delete", "Month End 2025-12-10", "--package", "nothing", "--yes", "--json")

    assert shared.exit_code == 1
    assert "delete the whole batch here" in shared.output
    assert closed.exit_code == 1
    assert json.loads(closed.output)["status"] == "refused"


def test_rebatch_then_reconcile_with_a_saved_summary(tmp_path: Path, clean_state: Path) -> None:
    assert run(tmp_path, clean_state, "unbatch", "expense 4304", "--package", "update", "--yes").exit_code == 0
    rebatched = run(tmp_path, clean_state, "rebatch", "expense 4304", "--yes")
    saved = tmp_path / "reconcile.json"
    reconciled = run(tmp_path, clean_state, "reconcile", "--save", str(saved), "--json")

    assert rebatched.exit_code == 0, rebatched.output
    assert "re-created batch 'E4304dchu:" in rebatched.output
    summary = json.loads(reconciled.output)
    assert reconciled.exit_code == 1, "the world has discrepancies left"
    assert summary["discrepancies"] == json.loads(saved.read_text(encoding="utf-8"))["discrepancies"] == 2


def test_reconcile_fixes_what_it_is_told_to(tmp_path: Path, planted_state: Path) -> None:
    result = run(tmp_path, planted_state, "reconcile", "--fix", "link", "--yes", "--json")

    outcome = json.loads(result.output)
    assert [fix["status"] for fix in outcome["fixes"]] == ["done", "done"]
    assert outcome["left"] == outcome["discrepancies"] - 2
    assert result.exit_code == 1


def test_an_unknown_profile_is_a_configuration_problem_exit_2(tmp_path: Path, clean_state: Path) -> None:
    result = run(tmp_path, clean_state, "find", "5009", "--profile", "nowhere")

    assert result.exit_code == 2
    assert "nowhere" in result.output
    assert "No such option" not in result.output
