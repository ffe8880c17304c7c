"""Opening a profile: no config means the sandbox; every way a real profile can be wrong gives one clear message."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from tests.support.config_files import CONNECTWISE, isolated_environ, profile_config
from tests.support.served_sandbox import serving
from tui_ledger.domain.filters import UnpostedFilter
from tui_ledger.domain.money import total
from tui_ledger.sandbox import connectwise
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.hub import SandboxHub
from tui_ledger.services.workspace import WorkspaceError
from tui_ledger.wiring import open_runtime, workspace_factory

TODAY = date(2026, 11, 21)


def real_profile(base_url: str) -> str:
    """A profile on the served ConnectWise sandbox (its demo company and public key; the private key in CW_PRIVATE)."""
    sandbox_connectwise = {
        **CONNECTWISE,
        "company_id": "tuiledger",
        "public_key": "sandbox-public",
        "private_key": "env:CW_PRIVATE",
        "client_id": "5c1f3a9e-2b7d-4e8a-9c6f-1d2e3f4a5b6c",
        "base_url": base_url,
    }
    target = {"name": "Acme Books", "package": "xero", "client_id": "acme-xero-app", "client_secret": "env:XERO_SECRET"}
    return profile_config(target, connectwise=sandbox_connectwise, chosen=True)


@pytest.fixture
def served_connectwise(tmp_path: Path) -> Iterator[str]:
    world = tmp_path / "served"
    hub = SandboxHub(world, services=[connectwise.SERVICE])
    hub.seed(DemoCompany.generate(anchor=TODAY))
    served = SandboxHub(world, services=[connectwise.SERVICE])
    with serving(served) as port:
        yield served.served_base_url("connectwise", port)


async def test_no_config_opens_the_seeded_sandbox_with_the_demo_company_data(tmp_path: Path) -> None:
    runtime = await open_runtime(environ=isolated_environ(tmp_path), today=TODAY)
    try:
        assert runtime.is_sandbox
        assert runtime.name == "sandbox"
        demo = DemoCompany.generate(anchor=TODAY)
        everything = UnpostedFilter(thru_date=TODAY)
        invoices = [doc for page in [p async for p in runtime.psa.unposted_invoices(everything)] for doc in page]
        assert len(invoices) == len(demo.unposted_invoices())
        assert total(doc.total for doc in invoices) == total(
            Decimal(str(inv.total)) for inv in demo.unposted_invoices()
        )
        assert await runtime.psa.count_unposted_expenses(everything) == len(demo.unposted_expenses())
    finally:
        await runtime.aclose()


async def test_the_workspace_names_the_sandbox_and_both_demo_packages(tmp_path: Path) -> None:
    workspace = await workspace_factory(environ=isolated_environ(tmp_path), today=TODAY)()
    try:
        assert workspace.is_sandbox
        assert workspace.connected_systems[0] == "ConnectWise"
        assert [company.package for company in workspace.target_companies] == ["Xero", "QuickBooks Online"]
        assert workspace.paths.config_file is None
    finally:
        await workspace.aclose()


async def test_a_broken_config_names_the_file_and_the_line(tmp_path: Path) -> None:
    environ = isolated_environ(tmp_path, "[app]\nprofile = \n")
    with pytest.raises(WorkspaceError) as raised:
        await open_runtime(environ=environ, today=TODAY)
    assert raised.value.headline == "The configuration cannot be used"
    assert "config.toml" in raised.value.detail
    assert "line 2" in raised.value.detail
    assert "tui-ledger config check" in raised.value.remedy


async def test_a_missing_secret_names_the_variable(tmp_path: Path) -> None:
    environ = isolated_environ(tmp_path, real_profile("http://127.0.0.1:9/v4_6_release/apis/3.0"))
    with pytest.raises(WorkspaceError) as raised:
        await open_runtime(environ=environ, today=TODAY)
    assert "CW_PRIVATE" in raised.value.detail
    assert "environment variable" in raised.value.remedy


async def test_an_unreachable_connectwise_says_so_and_what_to_check(tmp_path: Path) -> None:
    environ = isolated_environ(tmp_path, real_profile("http://127.0.0.1:9/v4_6_release/apis/3.0"), CW_PRIVATE="x")
    with pytest.raises(WorkspaceError) as raised:
        await open_runtime(environ=environ, today=TODAY)
    assert raised.value.headline == "ConnectWise cannot be reached"
    assert "base_url" in raised.value.remedy


async def test_wrong_credentials_are_named_without_revealing_the_key(tmp_path: Path, served_connectwise: str) -> None:
    environ = isolated_environ(tmp_path, real_profile(served_connectwise), CW_PRIVATE="not-the-key")
    with pytest.raises(WorkspaceError) as raised:
        await open_runtime(environ=environ, today=TODAY)
    error = raised.value
    assert error.headline == "ConnectWise did not accept the credentials of profile 'acme'"
    assert "private_key" in error.remedy
    assert "not-the-key" not in f"{error.headline} {error.detail} {error.remedy}"


async def test_right_credentials_on_a_real_profile_open_it(tmp_path: Path, served_connectwise: str) -> None:
    environ = isolated_environ(tmp_path, real_profile(served_connectwise), CW_PRIVATE="sandbox-private")
    runtime = await open_runtime(environ=environ, today=TODAY)
    try:
        assert not runtime.is_sandbox
        assert runtime.target().name == "Acme Books"
        assert await runtime.psa.count_unposted_invoices(UnpostedFilter(thru_date=TODAY)) > 0
    finally:
        await runtime.aclose()


async def test_the_sandbox_accounting_companies_open_on_the_runtimes_own_hub(tmp_path: Path) -> None:
    runtime = await open_runtime(environ=isolated_environ(tmp_path), today=TODAY)
    try:
        xero = await runtime.accounting()
        quickbooks = await runtime.accounting("Demo QuickBooks")
        assert xero.capabilities.display_name == "Xero"
        assert quickbooks.capabilities.display_name == "QuickBooks Online"
        assert await runtime.accounting("Demo Xero") is xero
        assert (await xero.company()).name
        assert (await quickbooks.company()).name
    finally:
        await runtime.aclose()


async def test_an_unknown_accounting_company_lists_the_known_ones(tmp_path: Path) -> None:
    runtime = await open_runtime(environ=isolated_environ(tmp_path), today=TODAY)
    try:
        with pytest.raises(WorkspaceError) as raised:
            await runtime.accounting("Nope Ltd")
        assert "Demo Xero" in raised.value.remedy
        assert "Demo QuickBooks" in raised.value.remedy
    finally:
        await runtime.aclose()


async def test_a_theme_chosen_in_the_app_is_saved_without_disturbing_the_users_comments(tmp_path: Path) -> None:
    config = '# my desk\n[app]\n# dark at night\ntheme = "tui-ledger-dark"\n\n[profiles.sandbox.sandbox]\nscale = 1\n'
    environ = isolated_environ(tmp_path, config)
    workspace = await workspace_factory(environ=environ, today=TODAY)()
    try:
        assert workspace.save_preference is not None
        workspace.save_preference("app.theme", "tui-ledger-light")
        workspace.save_preference("app.unicode", False)
    finally:
        await workspace.aclose()
    saved = (tmp_path / "config.toml").read_text(encoding="utf-8")
    assert saved.startswith('# my desk\n[app]\n# dark at night\ntheme = "tui-ledger-light"\n')
    assert "unicode = false" in saved
    with pytest.raises(ValueError, match="not a preference"):
        workspace.save_preference("profiles.sandbox.sandbox.scale", 3)


async def test_sandbox_companies_carry_the_tax_code_map_their_simulators_seeded(tmp_path: Path) -> None:
    runtime = await open_runtime(environ=isolated_environ(tmp_path), today=TODAY)
    try:
        xero_map = runtime.target("Demo Xero").tax_codes
        quickbooks_map = runtime.target("Demo QuickBooks").tax_codes
        xero = await runtime.accounting("Demo Xero")
        xero_codes = {rate.code for rate in await xero.tax_rates()}
        demo_codes = {code.identifier for code in DemoCompany.generate(anchor=TODAY).tax_codes}
        assert set(xero_map) == demo_codes
        mapped_and_present = {code for code, package_code in xero_map.items() if package_code in xero_codes}
        assert len(mapped_and_present) == len(demo_codes) - 1, "all but the deliberately missing rate exist"
        assert len(quickbooks_map) == len(demo_codes) - 1
    finally:
        await runtime.aclose()


async def test_the_lines_service_syncs_on_a_client_of_its_own_and_closing_it_leaves_the_reader_open(
    tmp_path: Path,
) -> None:
    from tui_ledger.wiring.lines import lines_service

    runtime = await open_runtime(environ=isolated_environ(tmp_path), today=TODAY)
    try:
        service = lines_service(runtime)
        assert await service.directory.companies(), "the sync's own client reaches the sandbox's ConnectWise"
        await service.aclose()
        assert await runtime.psa.locations(), "the reader (Retrieve, batches) keeps its client"
    finally:
        await runtime.aclose()
