"""Chaos: over a thousand documents, 10% of calls failing, the export process SIGKILLed at five random points.

The export runs in a child process (tests/chaos/chaos_child.py) against sandbox services whose state lives in
files, so it outlives the child as a real service outlives its client. Faults hit every service at 10% — server
errors, 429s, timeouts and resets, half of those after the service applied the request — with the sandbox clock
sixty times faster. The child is killed five times at a random event and started again until nothing is left.

Then the services are read directly (not through the connectors under test) and the judgement of issue 4 applied:
every valid document is in Xero exactly once and batched in ConnectWise exactly once, every invalid one is still
unposted with its error, and the journal agrees, with zero duplicates and zero losses.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.services.export.export_world import ANCHOR, EVERYTHING, PROFILE, ExportWorld, make_world
from tests.services.export.sandbox_truth import connectwise_batches, copies_per_number, party_names
from tui_ledger.domain.documents import UnpostedExpense, UnpostedInvoice, UnpostedPurchase
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.services.export import ExportPreparation, prepare_export
from tui_ledger.services.export.journal_rows import DocumentKey, document_key
from tui_ledger.store import RunHistory, open_profile_database
from tui_ledger.store.journal import ExportJournal
from tui_ledger.store.journal_records import DocumentStep, JournalDocument

SCALE = 5
"""1,095 unposted documents (invoices, expenses, purchase orders) in the demo company at this scale."""
MOST_LIVES = 30
KILL_PLAN = (
    ("call xero create", 1, 4),
    ("call xero create", 1, 4),
    ("call connectwise batch", 1, 200),
    ("call connectwise batch", 1, 200),
    ("call connectwise batch", 1, 150),
)
"""Where the five kills land: just after the n-th write call of a life went out (n drawn from the range), twice while
documents are out at Xero and three times while GL batches are out at ConnectWise — the moments where a naive client
duplicates. The child keeps running until the signal arrives, so it dies wherever it has got to by then."""
KILL_DELAY = 0.05
"""Up to this many seconds pass between the chosen line and the SIGKILL, so some kills land after the service
committed a write and before the journal recorded its answer."""
REPOSITORY = Path(__file__).resolve().parents[2]
XERO_KIND = {"sales_invoice": "Invoices:ACCREC", "sales_credit": "CreditNotes:ACCRECCREDIT", "bill": "Invoices:ACCPAY"}


async def prepared(world: ExportWorld) -> ExportPreparation:
    async with world.connected() as (psa, xero):
        return await prepare_export(psa, xero, EVERYTHING, world.plans(xero))


def live_once(
    state_dir: Path, data_dir: Path, fault_seed: int, kill_at: tuple[str, int, float] | None
) -> tuple[bool, list[str]]:
    """One life of the export process; True when it was killed. Returns what it printed.

    `kill_at` is (line prefix, n, delay): SIGKILL `delay` seconds after the n-th line starting with that prefix.
    The child's warnings (retries) go to a file, so a full pipe can never stall it.
    """
    errors_file = data_dir.parent / f"life-{fault_seed}.stderr"
    with errors_file.open("w") as errors:
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.chaos.chaos_child", str(state_dir), str(data_dir), str(fault_seed)],
            cwd=REPOSITORY,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            env={**os.environ, "PYTHONPATH": str(REPOSITORY)},
        )
        assert child.stdout is not None
        printed: list[str] = []
        seen = 0
        for line in child.stdout:
            printed.append(line.rstrip("\n"))
            if kill_at is not None and line.startswith(kill_at[0]):
                seen += 1
                if seen >= kill_at[1]:
                    time.sleep(kill_at[2])
                    child.send_signal(signal.SIGKILL)
                    child.wait()
                    return True, printed
        child.wait()
    assert child.returncode in (0, 2), f"the export process crashed:\n{errors_file.read_text()[-3000:]}"
    return False, printed


def journal_steps(data_dir: Path) -> set[DocumentStep]:
    """The steps the journal's documents are at (read right after a kill)."""
    database = open_profile_database(data_dir, PROFILE)
    try:
        journal = ExportJournal(database)
        return {
            row.step for run in RunHistory(database, PROFILE).recent(kind="export") for row in journal.documents(run.id)
        }
    finally:
        database.close()


def key_of(row: JournalDocument) -> DocumentKey:
    return (row.kind, row.psa_id)


def batch_records(document: UnpostedInvoice | UnpostedExpense | UnpostedPurchase) -> list[tuple[str, int]]:
    if isinstance(document, UnpostedInvoice):
        return [("invoice", document.invoice_id)]
    if isinstance(document, UnpostedExpense):
        return [("expense", document.expense_id)]
    return []


@pytest.mark.slow
def test_a_thousand_documents_through_faults_and_five_kills_arrive_exactly_once(tmp_path: Path) -> None:
    state_dir, data_dir = tmp_path / "sandbox", tmp_path / "data"
    world = make_world(state_dir, "xero", company=DemoCompany.generate(anchor=ANCHOR, scale=SCALE))
    before = asyncio.run(prepared(world))
    assert len(before.verdicts) >= 1000
    valid = {document_key(verdict.document): verdict for verdict in before.sendable()}
    invalid = {document_key(verdict.document): verdict.problems for verdict in before.blocked()}
    copies_before = copies_per_number(world)
    names_before = party_names(world)

    rng = random.Random(2026)
    kill_points = [(prefix, rng.randint(low, high), rng.uniform(0, KILL_DELAY)) for prefix, low, high in KILL_PLAN]
    kills = lives = 0
    left_behind: set[DocumentStep] = set()
    while True:
        lives += 1
        assert lives <= MOST_LIVES, "the export never finished"
        kill_at = kill_points[kills] if kills < len(kill_points) else None
        killed, printed = live_once(state_dir, data_dir, fault_seed=1000 + lives, kill_at=kill_at)
        kills += killed
        if killed:
            left_behind |= journal_steps(data_dir)
        if not killed and printed and printed[-1] == "idle":
            break
    assert kills == len(KILL_PLAN)
    assert {DocumentStep.SENDING, DocumentStep.BATCHING} <= left_behind, "kills landed while calls were out"

    after = asyncio.run(prepared(world))
    assert after.sendable() == (), "every valid document left the Unposted tabs"
    assert {document_key(verdict.document): verdict.problems for verdict in after.blocked()} == invalid

    database = open_profile_database(data_dir, PROFILE)
    try:
        journal = ExportJournal(database)
        runs = RunHistory(database, PROFILE).recent(kind="export")
        rows = [row for run in runs for row in journal.documents(run.id)]
        assert all(run.is_finished for run in runs)
    finally:
        database.close()
    rows_per_document = Counter(key_of(row) for row in rows)
    assert set(rows_per_document) == set(valid), "the journal holds every valid document and no invalid one"
    assert set(rows_per_document.values()) == {1}, "one journal row per document: no document was sent twice"

    copies = copies_per_number(world)
    batches = connectwise_batches(world)
    created = copies - copies_before
    expected_new: Counter[tuple[str, str]] = Counter()
    for row in rows:
        verdict = valid[key_of(row)]
        assert row.step is DocumentStep.DONE, f"{row.number}: {row.step} {row.message}"
        label = row.batch_identifier.rpartition(":")[0]
        assert batches.labels[label] == 1, f"{label} batched {batches.labels[label]} times"
        assert batches.identifiers[row.batch_identifier] == 1
        for record in batch_records(verdict.document):  # type: ignore[arg-type]
            assert batches.placements[record] == 1
            assert batches.batch_of[record] == row.batch_identifier
        for part in row.parts:
            kind = (XERO_KIND[part.document_type.value], part.number or "")
            assert copies[kind] == 1, f"{kind} is in Xero {copies[kind]} times"
            assert part.target_id, f"{kind} has no Xero id in the journal"
            expected_new[kind] += 1
    assert created == expected_new, "Xero holds exactly the documents the journal says were created, no others"
    for key in invalid:
        assert key not in rows_per_document
    names_after = party_names(world)
    assert all(count == 1 for name, count in names_after.items() if count != names_before[name])
