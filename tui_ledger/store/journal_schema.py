"""Tables of the export journal (DESIGN.md §5): what every export run planned, sent and recorded, row by row.

Three tables, all tied to a row of `run` (kind "export"):

- `export_document`: one row per PSA document per run, written before any remote call, with its batch
  identifier chosen once (so a resume batches under the same label), its GL entry ids and the step it reached;
- `export_part`: the package documents it becomes (an invoice, a credit note, or both; a bill; a purchase), each
  with its deterministic idempotency key, target number, the exact draft to send, and the target id once known;
- `export_entity`: the customers, suppliers and products the run creates before its documents.

A resume reads only these tables: it needs neither ConnectWise nor the plans to know what is left to do.
"""

from __future__ import annotations

JOURNAL_SCHEMA_STATEMENTS: tuple[str, ...] = (
    """
    CREATE TABLE export_document (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES run (id),
        position INTEGER NOT NULL,
        kind TEXT NOT NULL,
        psa_id INTEGER NOT NULL,
        number TEXT NOT NULL,
        counterparty TEXT NOT NULL,
        document_date TEXT NOT NULL,
        total TEXT NOT NULL,
        currency TEXT,
        step TEXT NOT NULL,
        failed_at TEXT,
        message TEXT NOT NULL DEFAULT '',
        batch_identifier TEXT NOT NULL,
        gl_entry_ids TEXT NOT NULL,
        batch_id INTEGER,
        depends_on TEXT NOT NULL DEFAULT '[]',
        choices TEXT NOT NULL DEFAULT '[]',
        resolution TEXT,
        updated_at TEXT NOT NULL,
        UNIQUE (run_id, kind, psa_id)
    )
    """,
    "CREATE INDEX export_document_by_run ON export_document (run_id, position)",
    "CREATE INDEX export_document_by_psa ON export_document (kind, psa_id)",
    """
    CREATE TABLE export_part (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES export_document (id) ON DELETE CASCADE,
        part TEXT NOT NULL,
        document_type TEXT NOT NULL,
        number TEXT,
        idempotency_key TEXT NOT NULL,
        draft TEXT NOT NULL,
        state TEXT NOT NULL,
        target_id TEXT,
        target_number TEXT,
        message TEXT NOT NULL DEFAULT '',
        UNIQUE (document_id, part)
    )
    """,
    "CREATE INDEX export_part_by_key ON export_part (idempotency_key)",
    """
    CREATE TABLE export_entity (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES run (id),
        kind TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        name TEXT NOT NULL,
        code TEXT,
        draft TEXT NOT NULL,
        state TEXT NOT NULL,
        target_id TEXT,
        message TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL,
        UNIQUE (run_id, idempotency_key)
    )
    """,
)
