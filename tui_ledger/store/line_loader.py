"""Bulk load of one period: a million lines in one transaction, indexes built afterwards.

The order of work is what makes it fast (see `line_schema` for why each load builds a new generation):

1. stream the lines once, encoding each into a row of integers and exact texts, and insert them with one
   `executemany` into a temporary staging table without indexes; texts get provisional codes as they arrive;
2. rank the distinct texts of each field and copy the staging rows into the period's line table, renumbering
   provisional codes to ranks by joining small lookup tables (only for fields that arrived out of order);
3. build the line-key index, carry over what the previous generation knew about the same lines (user edits,
   Status in PSA, marks), then build the sort indexes, one sorted pass each;
4. point the period at the new generation and drop the old one — all in the same transaction, so a failed or
   interrupted load leaves the previous state untouched.

New lines are pre-filled from the mappings (default company and agreement of their organization, product
of their offer), and Configuration's charge-date rules are applied through `charge_date_rules`, a function
the caller builds from the rules so that the store need not know their vocabulary.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from operator import attrgetter

from tui_ledger.domain.invoice_lines import InvoiceLine
from tui_ledger.store.codec import timestamp_text
from tui_ledger.store.database import Database
from tui_ledger.store.errors import StoreError
from tui_ledger.store.line_codes import NO_ID, Badge, PsaStatus, amount_text, date_code
from tui_ledger.store.line_columns import TextField
from tui_ledger.store.line_dictionary import RankedCodes, TextCoder
from tui_ledger.store.line_mappings import EMPTY_DEFAULTS, MappingDefaults
from tui_ledger.store.line_periods import BillingPeriod
from tui_ledger.store.line_schema import SHARD_VERSION, LineShard


class LineLoadError(StoreError):
    """The lines given for a period cannot be stored; the message names the line and what is wrong."""


@dataclass(frozen=True, slots=True)
class RuledChargeDates:
    """Charge dates set by a Configuration rule; a field whose `*_ruled` is False keeps the platform's value."""

    start_ruled: bool = False
    start: date | None = None
    end_ruled: bool = False
    end: date | None = None


ChargeDateRules = Callable[[InvoiceLine], RuledChargeDates | None]
"""Given a new line, the dates Configuration's rules set on it (System Updated badge), or None."""


class LoadStage(StrEnum):
    """The steps of a load, reported as they start so that a progress display can name what takes time."""

    STORING = "storing lines"
    ORDERING = "ordering texts"
    CARRYING_OVER = "keeping edits and sync state"
    INDEXING = "building sort indexes"
    DONE = "done"


LoadProgress = Callable[[LoadStage], None]


@dataclass(frozen=True, slots=True)
class LoadedPeriod:
    """A period in the store: how many lines, when loaded, and which generation of tables holds them."""

    period: BillingPeriod
    line_count: int
    loaded_at: datetime
    generation: int

    @property
    def shard(self) -> LineShard:
        return LineShard(self.period, self.generation)


_STAGED_COLUMNS = (
    "id, source_platform, platform_line_id, invoice_id, subscription_id, description, currency, is_custom, "
    "invoice_date, organization, organization_name, organization_reference, contract_id, offer_name, offer_id, "
    "vendor_name, billing_cycle, commitment_term, quantity, quantity_key, cost, cost_key, revenue, revenue_key, "
    "charge_type, platform_start, platform_end, charge_start, charge_start_badge, charge_end, charge_end_badge, "
    "psa_company_id, psa_company_name, psa_company_badge, psa_agreement_id, psa_agreement_name, psa_agreement_new, "
    "psa_agreement_badge, psa_product_id, psa_product_name, psa_product_badge"
)
_STAGED_COUNT = _STAGED_COLUMNS.count(",") + 1
_CODED_FIELDS = tuple(TextField)
_CODED_BY_COLUMN = {field.value: field for field in _CODED_FIELDS}
_TEXT_ATTRIBUTES = {
    TextField.ORGANIZATION: "organization_id",
    TextField.ORGANIZATION_NAME: "organization_name",
    TextField.ORGANIZATION_REFERENCE: "organization_reference",
    TextField.CONTRACT_ID: "contract_id",
    TextField.OFFER_NAME: "offer_name",
    TextField.OFFER_ID: "offer_id",
    TextField.VENDOR_NAME: "vendor_name",
    TextField.BILLING_CYCLE: "billing_cycle",
    TextField.COMMITMENT_TERM: "commitment_term",
}
LOAD_CACHE_KIB = 131_072
"""Page cache while a load runs (128 MiB), given back when it ends."""
SORT_THREADS = 2
"""Helper threads SQLite may use to sort while building an index (the bench machine has two cores)."""

_CARRIED_FIELDS = (
    ("charge_start_badge", ("charge_start", "charge_start_badge")),
    ("charge_end_badge", ("charge_end", "charge_end_badge")),
    ("psa_company_badge", ("psa_company_id", "psa_company_name", "psa_company_badge")),
    ("psa_agreement_badge", ("psa_agreement_id", "psa_agreement_name", "psa_agreement_new", "psa_agreement_badge")),
    ("psa_product_badge", ("psa_product_id", "psa_product_name", "psa_product_badge")),
)
"""Fields a person edited (badge User Updated) survive a reload; on a synced line every field does."""


class PeriodLoader:
    """Writes one period's lines as a new generation (see the module docstring)."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def load(
        self,
        period: BillingPeriod,
        lines: Iterable[InvoiceLine],
        *,
        loaded_at: datetime,
        defaults: MappingDefaults = EMPTY_DEFAULTS,
        charge_date_rules: ChargeDateRules | None = None,
        progress: LoadProgress | None = None,
    ) -> LoadedPeriod:
        report = progress or _ignore
        with self._database.transaction() as connection, _roomy_cache(connection):
            previous = _current_generation(connection, period)
            generation = int(connection.execute("INSERT INTO line_generation DEFAULT VALUES").lastrowid or 0)
            shard = LineShard(period, generation)
            for statement in shard.create_statements():
                connection.execute(statement)
            encoding = _Encoding(period, defaults, charge_date_rules)
            if isinstance(lines, Sequence):
                coders = _store_list(connection, shard, lines, encoding, report)
            else:
                coders = _store_stream(connection, shard, lines, encoding, report)
            count = sum(coders[TextField.ORGANIZATION].counts)
            _write_dictionary(connection, shard, coders)
            _build_key_index(connection, shard)
            if previous is not None:
                report(LoadStage.CARRYING_OVER)
                _carry_over(connection, LineShard(period, previous), shard)
            report(LoadStage.INDEXING)
            _build_sort_indexes(connection, shard)
            connection.execute(
                """
                INSERT INTO line_period (period, generation, shard_version, line_count, loaded_at)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (period) DO UPDATE SET generation = excluded.generation,
                    shard_version = excluded.shard_version, line_count = excluded.line_count,
                    loaded_at = excluded.loaded_at
                """,
                (period.key, generation, SHARD_VERSION, count, timestamp_text(loaded_at)),
            )
            if previous is not None:
                for statement in LineShard(period, previous).drop_statements():
                    connection.execute(statement)
        report(LoadStage.DONE)
        return LoadedPeriod(period, count, loaded_at, generation)


def _ignore(stage: LoadStage) -> None:
    """Progress goes nowhere when nobody listens."""


@contextmanager
def _roomy_cache(connection: sqlite3.Connection) -> Iterator[None]:
    """A bigger page cache while loading: index builds with SQLite's default 2 MB take twice as long."""
    before = int(connection.execute("PRAGMA cache_size").fetchone()[0])
    connection.execute(f"PRAGMA cache_size = -{LOAD_CACHE_KIB}")
    try:
        yield
    finally:
        connection.execute(f"PRAGMA cache_size = {before}")


def _store_list(
    connection: sqlite3.Connection,
    shard: LineShard,
    lines: Sequence[InvoiceLine],
    encoding: _Encoding,
    report: LoadProgress,
) -> dict[TextField, TextCoder]:
    """All texts are known up front: read them, then write every line once with its final codes."""
    report(LoadStage.ORDERING)
    for number, line in enumerate(lines, start=1):
        _require_line(encoding.period, number, line)
    coders = {field: TextCoder() for field in _CODED_FIELDS}
    for field, attribute in _TEXT_ATTRIBUTES.items():
        coders[field].add_all(map(attrgetter(attribute), lines))
    ranked = {field: RankedCodes(coder).code for field, coder in coders.items()}
    report(LoadStage.STORING)
    connection.executemany(
        f"INSERT INTO {shard.lines} ({_STAGED_COLUMNS}) VALUES ({', '.join('?' * _STAGED_COUNT)})",
        encoding.rows(lines, ranked),
    )
    return coders


def _store_stream(
    connection: sqlite3.Connection,
    shard: LineShard,
    lines: Iterable[InvoiceLine],
    encoding: _Encoding,
    report: LoadProgress,
) -> dict[TextField, TextCoder]:
    """Texts arrive with the lines: stage them with provisional codes, then copy them over renumbered."""
    coders = {field: TextCoder() for field in _CODED_FIELDS}
    provisional = {field: coder.code for field, coder in coders.items()}
    connection.execute(f"CREATE TEMP TABLE line_staging ({_STAGED_COLUMNS})")
    try:
        report(LoadStage.STORING)
        connection.executemany(
            f"INSERT INTO temp.line_staging VALUES ({', '.join('?' * _STAGED_COUNT)})",
            encoding.rows(lines, provisional),
        )
        report(LoadStage.ORDERING)
        _copy_ranked(connection, shard, coders)
    finally:
        connection.execute("DROP TABLE IF EXISTS temp.line_staging")
    return coders


def _current_generation(connection: sqlite3.Connection, period: BillingPeriod) -> int | None:
    row = connection.execute("SELECT generation FROM line_period WHERE period = ?", (period.key,)).fetchone()
    return None if row is None else int(row[0])


class _Encoding:
    """Turns lines into rows of the line table; the hot loop of a load, so `rows` avoids every call it can."""

    def __init__(
        self, period: BillingPeriod, defaults: MappingDefaults, charge_date_rules: ChargeDateRules | None
    ) -> None:
        self.period = period
        self.defaults = defaults
        self.charge_date_rules = charge_date_rules

    def rows(
        self, lines: Iterable[InvoiceLine], codes: dict[TextField, Callable[[str | None], int]]
    ) -> Iterator[tuple[object, ...]]:
        period, charge_date_rules = self.period, self.charge_date_rules
        first, last = date_code(period.first_day), date_code(period.last_day)
        organization = codes[TextField.ORGANIZATION]
        organization_name = codes[TextField.ORGANIZATION_NAME]
        organization_reference = codes[TextField.ORGANIZATION_REFERENCE]
        contract_id = codes[TextField.CONTRACT_ID]
        offer_name = codes[TextField.OFFER_NAME]
        offer_id = codes[TextField.OFFER_ID]
        vendor_name = codes[TextField.VENDOR_NAME]
        billing_cycle = codes[TextField.BILLING_CYCLE]
        commitment_term = codes[TextField.COMMITMENT_TERM]
        company_for, product_for = self.defaults.company_for, self.defaults.product_for
        none, system = int(Badge.NONE), int(Badge.SYSTEM)
        for number, line in enumerate(lines, start=1):
            _require_line(period, number, line)
            invoiced = line.invoice_date.toordinal()
            if not first <= invoiced <= last:
                raise LineLoadError(
                    f"line {number} ({line.source_platform.value} {line.platform_line_id}) has Invoice Date "
                    f"{line.invoice_date.isoformat()}, outside {period.label}"
                )
            start = date_code(line.charge_start_date)
            end = date_code(line.charge_end_date)
            charge_start, start_badge, charge_end, end_badge = start, none, end, none
            if charge_date_rules is not None:
                ruled = charge_date_rules(line)
                if ruled is not None:
                    if ruled.start_ruled:
                        charge_start, start_badge = date_code(ruled.start), system
                    if ruled.end_ruled:
                        charge_end, end_badge = date_code(ruled.end), system
            company = company_for(line)
            product = product_for(line)
            agreement = company.agreement if company is not None else None
            quantity, cost, revenue = line.quantity, line.cost, line.revenue
            yield (
                number,
                line.source_platform.value,
                line.platform_line_id,
                line.invoice_id,
                line.subscription_id,
                line.description,
                line.currency,
                int(line.is_custom_invoice),
                invoiced,
                organization(line.organization_id),
                organization_name(line.organization_name),
                organization_reference(line.organization_reference),
                contract_id(line.contract_id),
                offer_name(line.offer_name),
                offer_id(line.offer_id),
                vendor_name(line.vendor_name),
                billing_cycle(line.billing_cycle),
                commitment_term(line.commitment_term),
                amount_text(quantity),
                float(quantity),
                amount_text(cost),
                float(cost),
                amount_text(revenue),
                float(revenue),
                line.charge_type.value,
                start,
                end,
                charge_start,
                start_badge,
                charge_end,
                end_badge,
                company.company_id if company is not None else NO_ID,
                company.company_name if company is not None else "",
                none,
                agreement.agreement_id if agreement is not None else NO_ID,
                agreement.name if agreement is not None else "",
                int(agreement.create_new) if agreement is not None else 0,
                none,
                product.product_id if product is not None else NO_ID,
                product.product_name if product is not None else "",
                none,
            )


def _require_line(period: BillingPeriod, number: int, line: object) -> None:
    if not isinstance(line, InvoiceLine):
        raise LineLoadError(f"line {number} of {period.label} is a {type(line).__name__}, not an InvoiceLine")


def _copy_ranked(connection: sqlite3.Connection, shard: LineShard, coders: dict[TextField, TextCoder]) -> None:
    """Copy staging into the line table, replacing provisional codes by ranks where they differ."""
    selected: list[str] = []
    joins: list[str] = []
    for column in (name.strip() for name in _STAGED_COLUMNS.split(",")):
        field = _CODED_BY_COLUMN.get(column)
        if field is None or coders[field].is_ranked():
            selected.append(f"s.{column}")
            continue
        lookup = f"temp.rank_{column}"
        connection.execute(f"CREATE TEMP TABLE rank_{column} (code INTEGER PRIMARY KEY, rank INTEGER NOT NULL)")
        connection.executemany(f"INSERT INTO {lookup} VALUES (?, ?)", enumerate(coders[field].ranks()))
        joins.append(f"JOIN {lookup} AS r_{column} ON r_{column}.code = s.{column}")
        selected.append(f"r_{column}.rank")
    try:
        connection.execute(
            f"INSERT INTO {shard.lines} ({_STAGED_COLUMNS}) "
            f"SELECT {', '.join(selected)} FROM temp.line_staging AS s {' '.join(joins)} ORDER BY s.id"
        )
    finally:
        for field in _CODED_FIELDS:
            connection.execute(f"DROP TABLE IF EXISTS temp.rank_{field.value}")


def _write_dictionary(connection: sqlite3.Connection, shard: LineShard, coders: dict[TextField, TextCoder]) -> None:
    for field, coder in coders.items():
        connection.executemany(f"INSERT INTO {shard.text} VALUES (?, ?, ?, ?)", coder.ranked_rows(field))


def _build_key_index(connection: sqlite3.Connection, shard: LineShard) -> None:
    """The unique line-key index; a duplicate key is reported by name, not as a constraint failure."""
    key_index, *_ = shard.index_statements()
    try:
        connection.execute(key_index)
    except sqlite3.IntegrityError:
        duplicate = connection.execute(
            f"SELECT source_platform, platform_line_id, count(*) FROM {shard.lines} "
            "GROUP BY platform_line_id, source_platform HAVING count(*) > 1 LIMIT 1"
        ).fetchone()
        raise LineLoadError(
            f"{duplicate[2]} lines of {shard.period.label} share the line id {duplicate[0]} {duplicate[1]!r}; "
            "a line id must be unique within a period"
        ) from None


def _build_sort_indexes(connection: sqlite3.Connection, shard: LineShard) -> None:
    """Every sort index, and the Mapping screen's two group indexes, so that its first open after a load does
    not stop for seconds to build them (they add about 10% to a load)."""
    from tui_ledger.store.line_groups import group_index_statements  # line_groups reads LoadedPeriod from here

    _, *sort_indexes = shard.index_statements()
    connection.execute(f"PRAGMA threads = {SORT_THREADS}")
    for statement in (*sort_indexes, *group_index_statements(shard.lines)):
        connection.execute(statement)


def _carry_over(connection: sqlite3.Connection, old: LineShard, new: LineShard) -> None:
    """Keep what the previous load knew about the same lines: edits, sync state, marks."""
    synced = int(PsaStatus.SYNCED)
    user = int(Badge.USER)
    assignments: list[str] = []
    for badge, columns in _CARRIED_FIELDS:
        keep = f"(o.psa_status = {synced} OR o.{badge} = {user})"
        assignments.extend(
            f"{column} = CASE WHEN {keep} THEN o.{column} ELSE {new.lines}.{column} END" for column in columns
        )
    assignments.extend(
        f"{column} = o.{column}" for column in ("psa_status", "psa_addition_id", "psa_message", "psa_synced_at")
    )
    worth_keeping = " OR ".join(
        [f"o.psa_status != {int(PsaStatus.NOT_SYNCED)}", *(f"o.{badge} = {user}" for badge, _ in _CARRIED_FIELDS)]
    )
    connection.execute(
        f"""
        UPDATE {new.lines} SET {", ".join(assignments)}
        FROM {old.lines} AS o
        WHERE o.platform_line_id = {new.lines}.platform_line_id AND o.source_platform = {new.lines}.source_platform
          AND ({worth_keeping})
        """
    )
    connection.execute(
        f"""
        INSERT INTO {new.marks} (line_id)
        SELECT n.id FROM {old.marks} AS m
        JOIN {old.lines} AS o ON o.id = m.line_id
        JOIN {new.lines} AS n ON n.platform_line_id = o.platform_line_id AND n.source_platform = o.source_platform
        WHERE n.psa_status != {synced}
        """
    )
