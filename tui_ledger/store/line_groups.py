"""The organizations and offers a period's lines name, found in SQLite without reading every line.

The Mapping screen lists each organization and offer once, and shows for the rows on screen how many lines each
has and how many of those still lack a PSA company or product. A million-line period names some sixteen to
twenty-five thousand organizations and a thousand offers; reading the million lines (or even one `GROUP BY` walk
over a million index entries, half a second) is too slow for a screen that should open in well under a second.

Two covering indexes answer both questions by seeking, never by walking a million entries:

- `group_organization` (organization, source_platform, organization_name, organization_reference, psa_company_id)
- `group_offer` (offer_id, offer_name, source_platform, vendor_name, psa_product_id)

The lists are a "loose index scan": from one organization code, seek the next greater code, and read the first
entry's names — one b-tree seek per organization, about sixty milliseconds of CPU for sixteen thousand of them.
The counts are a walk over one organization's (or offer's) entries, asked only for the rows shown. The same
indexes serve the fill that follows a mapping (`organization = ?`, `offer_id = ?`), which otherwise scans the
period. They are made on first use of a period generation (`CREATE INDEX IF NOT EXISTS`, one to three seconds at
a million lines) and kept with the shard, so every later question is answered from them.

An organization id is expected to belong to one platform within a period (ids are the platform's own); if two
platforms shared one, the list shows it once, under the platform of its first entry, and counts both.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui_ledger.domain.invoice_lines import SourcePlatform
from tui_ledger.store.database import Database
from tui_ledger.store.line_codes import NO_ID
from tui_ledger.store.line_columns import TextField
from tui_ledger.store.line_dictionary import PeriodTexts
from tui_ledger.store.line_loader import LoadedPeriod
from tui_ledger.store.line_mappings import offer_key

GROUP_INDEX_KEYS: dict[str, tuple[str, ...]] = {
    "group_organization": (
        "organization",
        "source_platform",
        "organization_name",
        "organization_reference",
        "psa_company_id",
    ),
    "group_offer": ("offer_id", "offer_name", "source_platform", "vendor_name", "psa_product_id"),
}
"""Index name (suffix of the line table's name) → its columns, each index covering one grouped query."""


@dataclass(frozen=True, slots=True)
class OrganizationGroup:
    """One organization of a period: its id and names as the lines give them."""

    platform: SourcePlatform
    organization_id: str
    name: str
    reference: str


@dataclass(frozen=True, slots=True)
class OfferGroup:
    """One offer of a period, keyed as mappings key it (`line_mappings.offer_key`)."""

    platform: SourcePlatform
    key: str
    offer_id: str
    name: str
    vendor: str


@dataclass(frozen=True, slots=True)
class LineCounts:
    """How many lines an organization (or offer) has, and how many of them lack a PSA company (or product)."""

    lines: int = 0
    unfilled: int = 0

    def __add__(self, other: LineCounts) -> LineCounts:
        return LineCounts(self.lines + other.lines, self.unfilled + other.unfilled)


def group_index_statements(table: str) -> tuple[str, ...]:
    return tuple(
        f"CREATE INDEX IF NOT EXISTS {table}_{name} ON {table} ({', '.join(keys)})"
        for name, keys in GROUP_INDEX_KEYS.items()
    )


def _loose_scan(table: str, index: str, column: str, reads: tuple[str, ...], within: str = "") -> str:
    """Each distinct value of `column` (the index's first key, or its second under `within`), with the `reads`
    of its first index entry: one seek per value instead of a walk over every entry."""
    indexed = f"{table} INDEXED BY {table}_{index}"
    scope = f"{within} AND " if within else ""
    first_of = ", ".join(
        f"(SELECT {read} FROM {indexed} WHERE {scope}{column} = step.code ORDER BY {column} LIMIT 1)" for read in reads
    )
    return f"""
        WITH RECURSIVE step(code) AS (
            SELECT (SELECT {column} FROM {indexed} {"WHERE " + within if within else ""} ORDER BY {column} LIMIT 1)
            UNION ALL
            SELECT (SELECT {column} FROM {indexed} WHERE {scope}{column} > step.code ORDER BY {column} LIMIT 1)
            FROM step WHERE step.code IS NOT NULL
        )
        SELECT code, {first_of} FROM step WHERE code IS NOT NULL
    """


class LineGroups:
    """Grouped questions about one loaded period generation (see the module docstring)."""

    def __init__(self, database: Database, loaded: LoadedPeriod, texts: PeriodTexts) -> None:
        self._database = database
        self._table = loaded.shard.lines
        self._texts = texts
        self._indexed = False

    def organizations(self) -> list[OrganizationGroup]:
        """Every organization of the period, in the order of its id's code."""
        rows = self._query(
            _loose_scan(
                self._table,
                "group_organization",
                "organization",
                ("source_platform", "organization_name", "organization_reference"),
            )
        )
        codes = self._texts[TextField.ORGANIZATION]
        names = self._texts[TextField.ORGANIZATION_NAME]
        references = self._texts[TextField.ORGANIZATION_REFERENCE]
        return [
            OrganizationGroup(SourcePlatform(platform), codes.text(code), names.text(name), references.text(reference))
            for code, platform, name, reference in rows
        ]

    def offers(self) -> list[OfferGroup]:
        """Every offer of the period: one per offer id, and one per name among lines without an offer id."""
        reads = ("offer_name", "source_platform", "vendor_name")
        rows = self._query(_loose_scan(self._table, "group_offer", "offer_id", reads))
        ids = self._texts[TextField.OFFER_ID]
        no_id = ids.code_of("")
        offers = [self._offer(code, name, platform, vendor) for code, name, platform, vendor in rows if code != no_id]
        if no_id is not None:
            by_name = _loose_scan(
                self._table, "group_offer", "offer_name", ("source_platform", "vendor_name"), f"offer_id = {no_id}"
            )
            offers.extend(self._offer(no_id, name, platform, vendor) for name, platform, vendor in self._query(by_name))
        return offers

    def organization_counts(self, organization_id: str) -> LineCounts:
        """The organization's lines in this period and how many have no PSA company: a walk over its entries."""
        code = self._texts[TextField.ORGANIZATION].code_of(organization_id)
        if code is None:
            return LineCounts()
        return self._counts("group_organization", "psa_company_id", "organization = ?", (code,))

    def offer_counts(self, key: str) -> LineCounts:
        """The offer's lines in this period (see `line_mappings.offer_key`) and how many have no PSA product."""
        ids = self._texts[TextField.OFFER_ID]
        if not key.startswith("name:"):
            code = ids.code_of(key)
            if code is None:
                return LineCounts()
            return self._counts("group_offer", "psa_product_id", "offer_id = ?", (code,))
        no_id, name = ids.code_of(""), self._texts[TextField.OFFER_NAME].code_of(key.removeprefix("name:"))
        if no_id is None or name is None:
            return LineCounts()
        return self._counts("group_offer", "psa_product_id", "offer_id = ? AND offer_name = ?", (no_id, name))

    def query_plans(self) -> list[str]:
        """SQLite's plans for the lists and the counts (for tests and the bench: every step must seek an index)."""
        questions = (
            _loose_scan(self._table, "group_organization", "organization", ("organization_name",)),
            _loose_scan(self._table, "group_offer", "offer_id", ("offer_name",)),
            f"SELECT count(*) FROM {self._table} INDEXED BY {self._table}_group_organization WHERE organization = 1",
        )
        self._ensure_indexes()
        return [str(row["detail"]) for sql in questions for row in self._database.query(f"EXPLAIN QUERY PLAN {sql}")]

    def _offer(self, code: int, name: int, platform: str, vendor: int) -> OfferGroup:
        offer_id = self._texts[TextField.OFFER_ID].text(code)
        offer_name = self._texts[TextField.OFFER_NAME].text(name)
        return OfferGroup(
            SourcePlatform(platform),
            offer_key(offer_id or None, offer_name),
            offer_id,
            offer_name,
            self._texts[TextField.VENDOR_NAME].text(vendor),
        )

    def _counts(self, index: str, filled: str, condition: str, parameters: tuple[int, ...]) -> LineCounts:
        rows = self._query(
            f"SELECT count(*), coalesce(sum({filled} = {NO_ID}), 0) "
            f"FROM {self._table} INDEXED BY {self._table}_{index} WHERE {condition}",
            parameters,
        )
        lines, unfilled = rows[0]
        return LineCounts(int(lines), int(unfilled))  # type: ignore[call-overload]

    def _query(self, sql: str, parameters: tuple[int, ...] = ()) -> list[tuple[object, ...]]:
        self._ensure_indexes()
        return [tuple(row) for row in self._database.query(sql, parameters)]

    def _ensure_indexes(self) -> None:
        if self._indexed:
            return
        with self._database.transaction() as connection:
            for statement in group_index_statements(self._table):
                connection.execute(statement)
        self._indexed = True
