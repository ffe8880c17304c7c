"""The pickers' company list: customers an Addition can bill, read once per session."""

from __future__ import annotations

from types import SimpleNamespace

from tui_ledger.connectors.connectwise.companies import Company
from tui_ledger.services.invoice_lines.directory import PsaDirectory


class CountedCompanies:
    """ConnectWise's company list as the connector returns it, counting the reads."""

    def __init__(self, companies: list[Company]) -> None:
        self.listed = companies
        self.reads = 0

    async def companies(self) -> list[Company]:
        self.reads += 1
        return self.listed


def company(identity: int, name: str, *types: str) -> Company:
    return Company(id=identity, identifier=name.replace(" ", ""), name=name, default_contact=None, type_names=types)


async def test_vendor_only_companies_are_left_out_of_the_pickers_and_the_list_is_read_once() -> None:
    connectwise = CountedCompanies(
        [
            company(1, "Acme Logistics", "Client"),
            company(2, "Ingram Micro", "Vendor"),
            company(3, "Harbor Supply", "Vendor", "Client"),
            company(4, "Untyped Ltd"),
        ]
    )
    directory = PsaDirectory(SimpleNamespace(companies=connectwise))  # type: ignore[arg-type]

    first = await directory.companies()
    again = await directory.companies()

    assert [party.name for party in first] == ["Acme Logistics", "Harbor Supply", "Untyped Ltd"]
    assert again == first
    assert connectwise.reads == 1
    suggester = await directory.company_suggester()
    assert suggester.exact("Ingram Micro") is None
    assert suggester.exact("ACME LOGISTICS") is not None
