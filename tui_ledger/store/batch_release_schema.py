"""Tables of GL batch management: records tui-ledger took out of a batch, and accepted reconcile differences.

`batch_release` is the memory ConnectWise does not keep: the batch a record left (a deleted batch vanishes from
ConnectWise), and the decision about its copy in the accounting package. An open release with
`package_action = 'update'` is the mark the export run reads to update a copy in place instead of creating a
second one. `reconcile_acceptance` holds differences a user accepted, with both amounts, so one that changes is
reported again.
"""

from __future__ import annotations

BATCH_RELEASE_STATEMENTS: tuple[str, ...] = (
    """
    CREATE TABLE batch_release (
        id INTEGER PRIMARY KEY,
        record_kind TEXT NOT NULL,
        record_id INTEGER NOT NULL,
        document_kind TEXT NOT NULL,
        document_number TEXT NOT NULL,
        batch_id INTEGER NOT NULL,
        batch_identifier TEXT NOT NULL,
        way TEXT NOT NULL,
        released_at TEXT NOT NULL,
        amount TEXT NOT NULL,
        package_action TEXT NOT NULL,
        target TEXT,
        copy_document_type TEXT,
        copy_target_id TEXT,
        copy_number TEXT,
        settled_at TEXT,
        settlement TEXT
    )
    """,
    "CREATE INDEX batch_release_open ON batch_release (document_kind, document_number) WHERE settled_at IS NULL",
    "CREATE INDEX batch_release_by_record ON batch_release (record_kind, record_id, released_at)",
    """
    CREATE TABLE reconcile_acceptance (
        document_kind TEXT NOT NULL,
        document_number TEXT NOT NULL,
        target TEXT NOT NULL,
        discrepancy TEXT NOT NULL,
        ledger_amount TEXT NOT NULL,
        package_amount TEXT,
        accepted_at TEXT NOT NULL,
        PRIMARY KEY (document_kind, document_number, target)
    ) WITHOUT ROWID
    """,
)
