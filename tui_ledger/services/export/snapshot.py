"""Reading what the checks need from the accounting package, once per Retrieve (or Refresh).

The reads are independent, so they go out together and the connector paces them to the package's limits. The
documents are looked up by the numbers the plans will send (DESIGN.md §5 step 2 as the checks apply it), so the
Errors pane can show "already in Xero" before the user exports anything.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from tui_ledger.connectors.accounting import AccountingConnector
from tui_ledger.domain.accounting import DocumentType, RemoteDocument
from tui_ledger.domain.checks import PackageSnapshot
from tui_ledger.services.retrieve import all_or_first_failure


async def read_package_snapshot(
    connector: AccountingConnector, numbers: Mapping[DocumentType, Sequence[str]]
) -> PackageSnapshot:
    """The company (with the currencies it records), chart of accounts, tax rates, contacts, items, and the
    documents carrying `numbers`."""
    company, accounts, tax_rates, contacts, items, remote = await all_or_first_failure(
        [
            connector.company(),
            connector.accounts(),
            connector.tax_rates(),
            connector.contacts(),
            connector.items(),
            _documents(connector, numbers),
        ]
    )
    return PackageSnapshot.of(
        connector.capabilities,
        company,
        accounts=accounts,
        tax_rates=tax_rates,
        contacts=contacts,
        items=items,
        remote_documents=remote,
        multi_currency=company.multi_currency,
        currencies=company.currencies,
    )


async def _documents(
    connector: AccountingConnector, numbers: Mapping[DocumentType, Sequence[str]]
) -> list[RemoteDocument]:
    lookups = [
        connector.find_documents(document_type, wanted)
        for document_type, wanted in numbers.items()
        if wanted and connector.capabilities.supports(document_type)
    ]
    return [document for found in await all_or_first_failure(lookups) for document in found]
