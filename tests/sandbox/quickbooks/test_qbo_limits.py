"""QBO's throttles with their real numbers on the sandbox clock: 500 a minute, 40 batch calls a minute, 10 in flight."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
from qbo_helpers import COMPANY, ROOT, VirtualClock, json_body, refresh

from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.hub import SandboxHub
from tui_ledger.sandbox.knobs import SandboxKnobs
from tui_ledger.sandbox.quickbooks import SERVICE
from tui_ledger.sandbox.quickbooks.credentials import DEMO_REFRESH_TOKEN


async def _bearer(root: httpx.AsyncClient) -> dict[str, str]:
    response = await refresh(root, DEMO_REFRESH_TOKEN)
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _assert_throttled(response: httpx.Response) -> None:
    assert response.status_code == 429
    assert "Retry-After" not in response.headers
    assert response.headers["content-type"].startswith("application/xml")
    assert 'code="3001"' in response.text
    assert "ThrottleExceeded" in response.text


async def test_the_501st_request_in_a_minute_is_throttled_until_the_window_moves(
    api: httpx.AsyncClient, clock: VirtualClock
) -> None:
    for _ in range(500):
        assert (await api.get("/query", params={"query": "select count(*) from Item"})).status_code == 200

    _assert_throttled(await api.get("/query", params={"query": "select count(*) from Item"}))

    clock.advance(60)
    assert (await api.get("/query", params={"query": "select count(*) from Item"})).status_code == 200


async def test_the_41st_batch_call_in_a_minute_is_throttled_but_other_calls_pass(
    api: httpx.AsyncClient, clock: VirtualClock
) -> None:
    batch = json_body({"BatchItemRequest": [{"bId": "q", "Query": "select count(*) from Item"}]})
    for _ in range(40):
        assert (await api.post("/batch", **batch)).status_code == 200

    _assert_throttled(await api.post("/batch", **batch))
    assert (await api.get("/query", params={"query": "select count(*) from Item"})).status_code == 200

    clock.advance(60)
    assert (await api.post("/batch", **batch)).status_code == 200


class HeldClock(VirtualClock):
    """Service time that lasts until the test lets go, so requests stay in flight together."""

    def __init__(self) -> None:
        super().__init__()
        self.release = asyncio.Event()

    async def sleep(self, seconds: float) -> None:
        await self.release.wait()
        await super().sleep(seconds)


async def test_the_eleventh_request_in_flight_is_throttled(tmp_path: Path, demo: DemoCompany) -> None:
    clock = HeldClock()
    hub = SandboxHub(tmp_path, SandboxKnobs(), services=[SERVICE], clock=clock)
    hub.seed(demo)
    async with httpx.AsyncClient(transport=hub.transport("quickbooks"), base_url=ROOT) as root:
        headers = await _bearer(root)
        url = f"{COMPANY}/query"

        calls = [
            asyncio.create_task(root.get(url, params={"query": "select * from Item"}, headers=headers))
            for _ in range(11)
        ]
        finished, held = await asyncio.wait(calls, timeout=5, return_when=asyncio.FIRST_COMPLETED)
        assert (len(finished), len(held)) == (1, 10)
        _assert_throttled(finished.pop().result())
        clock.release.set()
        statuses = sorted(response.status_code for response in await asyncio.gather(*calls))

    assert statuses == [200] * 10 + [429]


async def test_no_throttles_when_the_rate_limit_knob_is_off(tmp_path: Path, demo: DemoCompany) -> None:
    hub = SandboxHub(tmp_path, SandboxKnobs(rate_limits=False), services=[SERVICE], clock=VirtualClock())
    hub.seed(demo)
    async with httpx.AsyncClient(transport=hub.transport("quickbooks"), base_url=ROOT) as root:
        root.headers.update(await _bearer(root))
        batch = json_body({"BatchItemRequest": [{"bId": "q", "Query": "select count(*) from Item"}]})
        statuses = {(await root.post(f"{COMPANY}/batch", **batch)).status_code for _ in range(45)}

    assert statuses == {200}


async def test_injected_429_faults_speak_the_same_dialect(tmp_path: Path, demo: DemoCompany) -> None:
    knobs = SandboxKnobs(fault_rate=1.0, fault_kinds=("429",))
    hub = SandboxHub(tmp_path, knobs, services=[SERVICE], clock=VirtualClock())
    hub.seed(demo)
    async with httpx.AsyncClient(transport=hub.transport("quickbooks"), base_url=ROOT) as root:
        _assert_throttled(await root.get(f"{COMPANY}/query", params={"query": "select * from Item"}))
