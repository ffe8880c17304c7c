"""Changes to lines after they were loaded: edits by a person, mappings applied, results of a sync.

Every value a person sets wears the User Updated badge (seed 003: "If a user has manually overridden the
value (either through edit-row or bulk update), the badge changes to User Updated"), and survives a reload of
the period. Synced lines are locked: an edit that names one is refused as a whole, before anything changes,
so a Bulk Update never half-applies.

Choosing a new PSA organization clears the agreement (seed 003), because the old company's agreements
do not belong to the new one — unless the choice brings its own agreement.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime

from tui_ledger.domain.invoice_lines import ChargeType, SourcePlatform
from tui_ledger.store.codec import timestamp_text
from tui_ledger.store.database import Database
from tui_ledger.store.errors import StoreError
from tui_ledger.store.line_codes import NO_ID, Badge, PsaStatus, date_code
from tui_ledger.store.line_columns import TextField
from tui_ledger.store.line_dictionary import PeriodTexts
from tui_ledger.store.line_loader import LoadedPeriod
from tui_ledger.store.line_mappings import AgreementChoice, CompanyChoice, ProductChoice, offer_key
from tui_ledger.store.line_records import RECORD_COLUMNS, LineRecord, decode_records


class LockedLineError(StoreError):
    """An edit named a line that is already synced to ConnectWise; such lines are changed in ConnectWise only."""


class LineEditor:
    """Writes to the lines of one loaded period."""

    def __init__(self, database: Database, loaded: LoadedPeriod, texts: PeriodTexts) -> None:
        self._database = database
        self.loaded = loaded
        self._table = loaded.shard.lines
        self._texts = texts

    def records(self, keys: Sequence[int], charge_type_names: dict[ChargeType, str] | None = None) -> list[LineRecord]:
        """The lines with these keys, in the order given (unknown keys are left out)."""
        rows = self._database.query(
            f"SELECT {RECORD_COLUMNS}, EXISTS (SELECT 1 FROM {self.loaded.shard.marks} WHERE line_id = id) "
            f"FROM {self._table} WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(list(keys))],
        )
        by_key = {record.key: record for record in decode_records(rows, self._texts, charge_type_names or {})}
        return [by_key[key] for key in keys if key in by_key]

    def set_charge_start(self, keys: Sequence[int], start: date | None) -> int:
        return self._set(keys, {"charge_start": date_code(start), "charge_start_badge": int(Badge.USER)})

    def set_charge_end(self, keys: Sequence[int], end: date | None) -> int:
        return self._set(keys, {"charge_end": date_code(end), "charge_end_badge": int(Badge.USER)})

    def set_psa_company(self, keys: Sequence[int], company: CompanyChoice) -> int:
        """A new PSA organization; the agreement is cleared unless `company.agreement` names one."""
        agreement = company.agreement
        return self._set(
            keys,
            {
                "psa_company_id": company.company_id,
                "psa_company_name": company.company_name,
                "psa_company_badge": int(Badge.USER),
                **_agreement_values(agreement, Badge.USER if agreement.is_chosen else Badge.NONE),
            },
        )

    def set_psa_agreement(self, keys: Sequence[int], agreement: AgreementChoice) -> int:
        return self._set(keys, _agreement_values(agreement, Badge.USER))

    def set_psa_product(self, keys: Sequence[int], product: ProductChoice) -> int:
        return self._set(
            keys,
            {
                "psa_product_id": product.product_id,
                "psa_product_name": product.product_name,
                "psa_product_badge": int(Badge.USER),
            },
        )

    def companies_of(self, keys: Sequence[int]) -> set[int]:
        """The PSA companies of these lines (0 for none): Bulk Update sets an agreement only when there is one."""
        rows = self._database.query(
            f"SELECT DISTINCT psa_company_id FROM {self._table} WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(list(keys))],
        )
        return {int(row[0]) for row in rows}

    def apply_company_mapping(self, platform: SourcePlatform, organization_id: str, company: CompanyChoice) -> int:
        """Fill the PSA organization of this organization's lines that nobody edited and nothing synced."""
        code = self._texts[TextField.ORGANIZATION].code_of(organization_id)
        if code is None:
            return 0
        values = {
            "psa_company_id": company.company_id,
            "psa_company_name": company.company_name,
            **_agreement_values(company.agreement, Badge.NONE),
        }
        return self._fill(values, "organization = ? AND psa_company_badge != ?", [code, int(Badge.USER)], platform)

    def apply_product_mapping(self, platform: SourcePlatform, key: str, product: ProductChoice) -> int:
        """Fill the PSA product of this offer's lines that nobody edited and nothing synced."""
        by_id = not key.startswith("name:")
        field = TextField.OFFER_ID if by_id else TextField.OFFER_NAME
        code = self._texts[field].code_of(key if by_id else key.removeprefix("name:"))
        if code is None:
            return 0
        condition = f"{field.value} = ? AND psa_product_badge != ?"
        parameters: list[object] = [code, int(Badge.USER)]
        if not by_id:
            condition += f" AND offer_id = {self._empty_offer_id_code()}"
        values = {"psa_product_id": product.product_id, "psa_product_name": product.product_name}
        return self._fill(values, condition, parameters, platform)

    def record_sync(
        self,
        key: int,
        status: PsaStatus,
        *,
        at: datetime,
        addition_id: int | None = None,
        message: str = "",
    ) -> None:
        """Status in PSA after a sync attempt (or an undo, which sets Not Synced again)."""
        with self._database.transaction() as connection:
            connection.execute(
                f"UPDATE {self._table} SET psa_status = ?, psa_addition_id = ?, psa_message = ?, psa_synced_at = ? "
                "WHERE id = ?",
                (int(status), addition_id or NO_ID, message, timestamp_text(at), key),
            )
            if status is PsaStatus.SYNCED:
                connection.execute(f"DELETE FROM {self.loaded.shard.marks} WHERE line_id = ?", (key,))

    def _set(self, keys: Sequence[int], values: dict[str, object]) -> int:
        wanted = json.dumps(list(keys))
        assignments = ", ".join(f"{column} = ?" for column in values)
        with self._database.transaction() as connection:
            locked = connection.execute(
                f"SELECT platform_line_id FROM {self._table} "
                "WHERE id IN (SELECT value FROM json_each(?)) AND psa_status = ? LIMIT 1",
                (wanted, int(PsaStatus.SYNCED)),
            ).fetchone()
            if locked is not None:
                raise LockedLineError(
                    f"line {locked[0]} is already synced to ConnectWise; change it there, or leave it out"
                )
            cursor = connection.execute(
                f"UPDATE {self._table} SET {assignments} WHERE id IN (SELECT value FROM json_each(?))",
                [*values.values(), wanted],
            )
        return cursor.rowcount

    def _fill(
        self, values: dict[str, object], condition: str, parameters: list[object], platform: SourcePlatform
    ) -> int:
        assignments = ", ".join(f"{column} = ?" for column in values)
        with self._database.transaction() as connection:
            cursor = connection.execute(
                f"UPDATE {self._table} SET {assignments} WHERE {condition} AND source_platform = ? AND psa_status != ?",
                [*values.values(), *parameters, platform.value, int(PsaStatus.SYNCED)],
            )
        return cursor.rowcount

    def _empty_offer_id_code(self) -> int:
        code = self._texts[TextField.OFFER_ID].code_of("")
        return -1 if code is None else code


def _agreement_values(agreement: AgreementChoice, badge: Badge) -> dict[str, object]:
    return {
        "psa_agreement_id": agreement.agreement_id,
        "psa_agreement_name": agreement.name,
        "psa_agreement_new": int(agreement.create_new),
        "psa_agreement_badge": int(badge),
    }


def offer_key_of(record: LineRecord) -> str:
    """The mapping key of a line's offer (see `line_mappings.offer_key`)."""
    return offer_key(record.offer_id or None, record.offer_name)
