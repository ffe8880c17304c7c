"""How to reach one ConnectWise PSA (Manage) tenant: the API base, the member's keys, the integration id.

Plain data with the private key kept out of `repr`, so a settings object can be logged or shown on the
debug screen without leaking the key. Configuration (tui_ledger/config) validates the user's file and
resolves `env:` references; this is what the connector needs once that is done.
"""

from __future__ import annotations

from dataclasses import dataclass, field

API_VERSION = "2025.8"
"""The API version this connector is written and tested against (reference/connectwise_api.md §2)."""

DEFAULT_CODEBASE = "v4_6_release/"
MAX_PAGE_SIZE = 1000
DEFAULT_SYNC_MAX_IN_FLIGHT = 32
"""ConnectWise documents no rate limit. 32 calls in flight sync about 500 lines a second at 50 ms a call (6: about
100); beyond it the gain shrinks (64: about 780 on the sandbox, bound by this side's CPU) while the load on a
tenant other integrations share doubles. The sync halves it on push-back and grows back slowly."""


@dataclass(frozen=True, slots=True)
class ConnectWiseSettings:
    """`base_url` is the full API root, e.g. `https://api-na.myconnectwise.net/v4_6_release/apis/3.0`."""

    base_url: str
    company_id: str
    public_key: str
    private_key: str = field(repr=False)
    client_id: str
    api_version: str = API_VERSION
    timeout_seconds: float = 60.0
    max_in_flight: int = 6
    sync_max_in_flight: int = DEFAULT_SYNC_MAX_IN_FLIGHT
    """The ceiling of calls in flight for the invoice-line sync's own client, which backs off below it when the
    tenant answers 429 or 503 (call_gate.py). Reads, retrieves and batches keep `max_in_flight`."""
    page_size: int = MAX_PAGE_SIZE

    def __post_init__(self) -> None:
        for name in ("base_url", "company_id", "public_key", "private_key", "client_id", "api_version"):
            if not str(getattr(self, name)).strip():
                raise ValueError(f"ConnectWise settings: {name} must not be empty")
        if not self.base_url.startswith(("http://", "https://")):
            raise ValueError(f"ConnectWise settings: base_url must start with https:// (got {self.base_url!r})")
        if not 1 <= self.page_size <= MAX_PAGE_SIZE:
            raise ValueError(f"ConnectWise settings: page_size must be 1..{MAX_PAGE_SIZE}, not {self.page_size}")
        if self.max_in_flight < 1:
            raise ValueError("ConnectWise settings: max_in_flight must be at least 1")
        if self.sync_max_in_flight < 1:
            raise ValueError("ConnectWise settings: sync_max_in_flight must be at least 1")

    @classmethod
    def for_site(
        cls,
        site: str,
        *,
        company_id: str,
        public_key: str,
        private_key: str,
        client_id: str,
        codebase: str = DEFAULT_CODEBASE,
        api_version: str = API_VERSION,
    ) -> ConnectWiseSettings:
        """Settings from the parts a ConnectWise admin knows: `api-na.myconnectwise.net` and `v4_6_release/`."""
        host = site.strip().removeprefix("https://").removeprefix("http://").strip("/")
        return cls(
            base_url=f"https://{host}/{codebase.strip('/')}/apis/3.0",
            company_id=company_id,
            public_key=public_key,
            private_key=private_key,
            client_id=client_id,
            api_version=api_version,
        )

    @property
    def secrets(self) -> tuple[str, ...]:
        """Values that must never appear in a log or message."""
        return (self.private_key,)
