"""The hub: state, seeding and reset, in-process and served apps, and faults through `SandboxTransport`."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import httpx
import pytest

from tests.sandbox.connectwise.cw_support import AUTH_HEADERS, body
from tui_ledger.sandbox import connectwise
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.hub import SandboxHub, UnknownServiceError
from tui_ledger.sandbox.knobs import SandboxKnobs

ANCHOR = date(2026, 10, 31)
UNPOSTED = "finance/accounting/unpostedinvoices"


@pytest.fixture(scope="module")
def company() -> DemoCompany:
    return DemoCompany.generate(anchor=ANCHOR)


def seeded_hub(state_dir: Path, company: DemoCompany, **knobs: object) -> SandboxHub:
    hub = SandboxHub(state_dir, SandboxKnobs(**knobs), services=[connectwise.SERVICE])  # type: ignore[arg-type]
    hub.seed(company)
    return hub


def test_the_registry_holds_connectwise_under_its_real_api_root(tmp_path: Path) -> None:
    hub = SandboxHub(tmp_path)
    assert "connectwise" in hub.names
    assert hub.base_url("connectwise") == "http://connectwise.sandbox.invalid/v4_6_release/apis/3.0"
    assert hub.served_base_url("connectwise", 8765) == "http://127.0.0.1:8765/connectwise/v4_6_release/apis/3.0"
    with pytest.raises(UnknownServiceError, match="no sandbox service 'salesforce'"):
        hub.spec("salesforce")


async def test_ensure_seeded_seeds_once_and_then_keeps_the_state(tmp_path: Path, company: DemoCompany) -> None:
    hub = SandboxHub(tmp_path, services=[connectwise.SERVICE])
    assert hub.seed_record is None
    record = hub.ensure_seeded(anchor=ANCHOR)
    assert (record.seed, record.scale, record.anchor) == (company.seed, 1, ANCHOR)
    async with hub.client("connectwise", headers=AUTH_HEADERS) as client:
        assert (await client.delete("finance/accounting/batches/65")).status_code == 204
    assert hub.ensure_seeded(anchor=date(2027, 1, 1)) == record
    async with hub.client("connectwise", headers=AUTH_HEADERS) as client:
        assert (await client.get("finance/accounting/batches/65")).status_code == 404


def test_reset_forgets_every_state_file(tmp_path: Path, company: DemoCompany) -> None:
    hub = seeded_hub(tmp_path, company)
    assert (tmp_path / "connectwise.sqlite").exists()
    hub.reset()
    assert hub.seed_record is None
    assert not list(tmp_path.glob("connectwise.sqlite*"))


async def test_the_served_app_mounts_each_service_under_its_name(tmp_path: Path, company: DemoCompany) -> None:
    hub = seeded_hub(tmp_path, company)
    transport = httpx.ASGITransport(app=hub.served_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8765", headers=AUTH_HEADERS) as client:
        response = await client.get(f"/connectwise/v4_6_release/apis/3.0/{UNPOSTED}", params={"pageSize": 5})
        assert response.status_code == 200
        assert "http://127.0.0.1:8765/connectwise/v4_6_release/apis/3.0/finance/" in response.headers["link"]
        assert (await client.get("/nothing/here")).status_code == 404


@pytest.mark.parametrize("status_kind", ["5xx"])
async def test_server_errors_come_in_the_service_dialect(
    tmp_path: Path, company: DemoCompany, status_kind: str
) -> None:
    hub = seeded_hub(tmp_path, company, fault_rate=1.0, fault_kinds=(status_kind,))
    seen: set[int] = set()
    async with hub.client("connectwise", headers=AUTH_HEADERS) as client:
        for _ in range(30):
            response = await client.get(UNPOSTED)
            seen.add(response.status_code)
            if response.status_code == 500:
                assert body(response)["code"] == "ConnectWiseApi"
                assert "timeout" in body(response)["message"].lower()
            else:
                assert response.headers["content-type"].startswith("text/html")
    assert seen <= {500, 502, 503, 504}
    assert len(seen) > 1


async def test_too_many_requests_carries_retry_after(tmp_path: Path, company: DemoCompany) -> None:
    hub = seeded_hub(tmp_path, company, fault_rate=1.0, fault_kinds=("429",))
    async with hub.client("connectwise", headers=AUTH_HEADERS) as client:
        response = await client.get(UNPOSTED)
    assert response.status_code == 429
    assert int(response.headers["retry-after"]) >= 1
    assert body(response)["code"] == "TooManyRequests"


@pytest.mark.parametrize(
    ("kind", "errors"),
    [("timeout", (httpx.ReadTimeout,)), ("reset", (httpx.ConnectError, httpx.RemoteProtocolError))],
)
async def test_lost_connections_surface_as_httpx_errors(
    tmp_path: Path, company: DemoCompany, kind: str, errors: tuple[type[Exception], ...]
) -> None:
    hub = seeded_hub(tmp_path, company, fault_rate=1.0, fault_kinds=(kind,))
    async with hub.client("connectwise", headers=AUTH_HEADERS) as client:
        with pytest.raises(errors):
            await client.get(UNPOSTED)


async def test_a_patient_client_reads_the_same_world_through_faults(tmp_path: Path, company: DemoCompany) -> None:
    hub = seeded_hub(tmp_path, company, fault_rate=0.4, fault_kinds=("5xx", "timeout", "reset", "429"))
    async with hub.client("connectwise", headers=AUTH_HEADERS) as client:
        seen: list[int] = []
        page, failures = 1, 0
        while True:
            try:
                response = await client.get(UNPOSTED, params={"pageSize": 10, "page": page})
            except httpx.TransportError:
                failures += 1
                continue
            if response.status_code != 200:
                failures += 1
                continue
            rows = body(response)
            if not rows:
                break
            seen += [row["billingLogId"] for row in rows]
            page += 1
    assert failures > 0
    assert sorted(seen) == sorted(invoice.id for invoice in company.unposted_invoices())


async def test_a_timeout_after_processing_means_the_batch_was_created(tmp_path: Path, company: DemoCompany) -> None:
    """The case that makes naive clients create duplicates: the write happened, only the answer was lost."""
    clean = seeded_hub(tmp_path / "clean", company)
    async with clean.client("connectwise", headers=AUTH_HEADERS) as client:
        export = body(await client.post("finance/accounting/export", json={"exportInvoicesFlag": True}))
    entries = [int(entry) for entry in export["transactions"][0]["glEntryIds"].split(",")]
    request = {"batchIdentifier": "lost-answer", "exportInvoicesFlag": True, "processedRecordIds": entries}
    outcomes: set[str] = set()
    for attempt in range(40):
        if outcomes == {"applied", "lost"}:
            break
        state = tmp_path / f"attempt-{attempt}"
        hub = seeded_hub(state, company, fault_rate=1.0, fault_kinds=("timeout",), random_seed=attempt)
        async with hub.client("connectwise", headers=AUTH_HEADERS) as client:
            with pytest.raises(httpx.ReadTimeout):
                await client.post("finance/accounting/batches", json=request)
        calm = SandboxHub(state, services=[connectwise.SERVICE])
        async with calm.client("connectwise", headers=AUTH_HEADERS) as client:
            retried = await client.post("finance/accounting/batches", json=request)
        outcomes.add("applied" if retried.status_code == 400 else "lost")
        if retried.status_code == 400:
            assert body(retried)["errors"][0]["code"] == "ObjectExists"
        else:
            assert retried.status_code == 201
    assert outcomes == {"applied", "lost"}


async def test_latency_is_added_to_every_request(tmp_path: Path, company: DemoCompany) -> None:
    hub = seeded_hub(tmp_path, company, latency_ms=40.0)
    async with hub.client("connectwise", headers=AUTH_HEADERS) as client:
        await client.get("system/info")
        started = time.perf_counter()
        await client.get("system/info")
    assert time.perf_counter() - started >= 0.035


async def test_an_unseeded_sandbox_says_how_to_seed_it(tmp_path: Path) -> None:
    hub = SandboxHub(tmp_path, services=[connectwise.SERVICE])
    async with hub.client("connectwise", headers=AUTH_HEADERS) as client:
        response = await client.get(UNPOSTED)
    assert response.status_code == 503
    assert "tui-ledger sandbox seed" in body(response)["message"]
