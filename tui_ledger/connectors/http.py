"""The one HTTP client every connector is built on.

`open_service_client(spec)` gives a `ServiceClient`: an httpx.AsyncClient wrapped with the behaviour every
external system needs and no connector should rewrite — timeouts, paced admission (in-flight cap, budgets,
quota headers), retries with backoff for calls that may be resent, `Retry-After`, typed errors with the
service's own words, secret-free logging, and JSON decoded with Decimal money. A connector only says what
differs: base URL, auth, headers, limits, and how its error bodies read.

Tests and the sandbox pass a `transport` (httpx.MockTransport, the sandbox's in-process transport); the
client code is the same one that talks to the real service.
"""

from __future__ import annotations

import json
import logging
import random
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any

import httpx

from tui_ledger.connectors.error_mapping import CallSite, ErrorMapper, ServiceMessage, StatusErrorMapper
from tui_ledger.connectors.errors import ConnectorError, MalformedResponse, RateLimited, Unreachable
from tui_ledger.connectors.gc_pause import collection_paused
from tui_ledger.connectors.pacing import Pacer, PacingPolicy
from tui_ledger.connectors.redaction import Redactor
from tui_ledger.connectors.retry import (
    NEVER_SENT_ERRORS,
    RETRYABLE_STATUSES,
    TRANSIENT_ERRORS,
    RetryPolicy,
    may_resend,
    parse_retry_after,
)
from tui_ledger.domain.clock import Clock, SystemClock

DEFAULT_TIMEOUT = httpx.Timeout(connect=10.0, read=60.0, write=30.0, pool=60.0)

DAY_SECONDS = 86_400.0
"""How long a day-limit stop lasts when the service says it is one but not when it ends."""

QueryParams = Mapping[str, str | int | float | bool | None]


@dataclass(frozen=True)
class ServiceSpec:
    """Everything that differs between services. `secrets` are the values to scrub from any text we emit."""

    service: str
    base_url: str
    headers: Mapping[str, str] = field(default_factory=dict, repr=False)
    auth: httpx.Auth | None = field(default=None, repr=False)
    timeout: httpx.Timeout = field(default_factory=lambda: DEFAULT_TIMEOUT)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    pacing: PacingPolicy = field(default_factory=PacingPolicy)
    errors: ErrorMapper = field(default_factory=StatusErrorMapper)
    secrets: tuple[str, ...] = field(default=(), repr=False)
    logger_name: str | None = None

    @property
    def logger(self) -> logging.Logger:
        return logging.getLogger(f"tui_ledger.connectors.{self.logger_name or self.service.lower()}")


def decode_json(response: httpx.Response, call: CallSite) -> Any:
    """The body as JSON with every non-integer number a Decimal; a clear `MalformedResponse` when it is not JSON."""
    try:
        with collection_paused():
            return json.loads(response.content, parse_float=Decimal)
    except (ValueError, UnicodeDecodeError) as exc:
        kind = response.headers.get("content-type", "no content type")
        raise MalformedResponse(
            call.service,
            f"expected JSON, got {len(response.content)} bytes of {kind} ({exc})",
            method=call.method,
            path=call.path,
            status=response.status_code,
        ) from None


class ServiceClient:
    """Paced, retrying, error-mapping HTTP calls to one service. Use `open_service_client` to make one."""

    def __init__(
        self,
        spec: ServiceSpec,
        http: httpx.AsyncClient,
        *,
        clock: Clock,
        pacer: Pacer,
        rng: random.Random,
    ) -> None:
        self.spec = spec
        self.clock = clock
        self.pacer = pacer
        self.redactor = Redactor(spec.secrets)
        self.log = spec.logger
        self._http = http
        self._rng = rng
        self._base_path = http.base_url.path.rstrip("/")

    def __repr__(self) -> str:
        return f"ServiceClient({self.spec.service!r}, {self.redactor.url(self.spec.base_url)!r})"

    @property
    def service(self) -> str:
        return self.spec.service

    def call_site(self, method: str, url: httpx.URL) -> CallSite:
        """The method and the path under the base URL, without the query: what errors and logs name."""
        path = url.path
        if self._base_path and path.startswith(self._base_path):
            path = path[len(self._base_path) :] or "/"
        return CallSite(self.spec.service, method, path)

    def call_for(self, method: str, path: str) -> CallSite:
        """The call site of a path relative to the base URL, for errors about records read from it."""
        return CallSite(self.spec.service, method, path)

    def same_origin(self, url: str | httpx.URL) -> bool:
        """True when `url` points at this service: credentials must never follow a link to another host."""
        target = self._http.base_url.join(url)
        base = self._http.base_url
        return (target.scheme, target.host, target.port) == (base.scheme, base.host, base.port)

    async def request(
        self,
        method: str,
        url: str | httpx.URL,
        *,
        params: QueryParams | None = None,
        json_body: Any = None,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        idempotent: bool | None = None,
        tags: Collection[str] = (),
        allow_statuses: Collection[int] = (),
    ) -> httpx.Response:
        """Send one call with pacing and retries; return the successful response or raise a `ConnectorError`.

        `idempotent=True` marks a POST safe to resend (it carries an idempotency key, or only previews);
        `tags` select pacing budgets (e.g. "batch"); `allow_statuses` are error statuses the caller handles
        itself (e.g. 404 meaning "absent").
        """
        request = self._http.build_request(
            method,
            url,
            params=_clean_params(params),
            json=json_body,
            content=content,
            headers=headers,
        )
        call = self.call_site(request.method, request.url)
        resendable = may_resend(request.method, marked_idempotent=idempotent)
        attempts = self.spec.retry.max_attempts
        for attempt in range(1, attempts + 1):
            last = attempt == attempts
            try:
                response = await self._send_once(request, tags)
            except TRANSIENT_ERRORS as exc:
                never_sent = isinstance(exc, NEVER_SENT_ERRORS)
                if last or not (resendable or never_sent):
                    raise self._unreachable(exc, call, attempt) from None
                await self._back_off(call, attempt, f"{type(exc).__name__}", None)
                continue
            except httpx.TransportError as exc:
                # Not a passing network fault (TLS set-up, proxy, unsupported scheme): retrying cannot help.
                raise self._unreachable(exc, call, attempt) from None
            status = response.status_code
            if response.is_success or status in allow_statuses:
                return response
            if status == 429:
                wait = self._rate_limited_wait(response, call)
                if last:
                    raise self._rate_limited(response, call, wait)
                await self._back_off(call, attempt, "429 Too Many Requests", wait)
                continue
            if status in RETRYABLE_STATUSES and resendable and not last:
                retry_after = parse_retry_after(response.headers.get("Retry-After"), self.clock.now())
                if retry_after is None or retry_after <= self.spec.retry.longest_wait_seconds:
                    await self._back_off(call, attempt, f"{status}", retry_after)
                    continue
            raise self._error_for(response, call)
        raise AssertionError("unreachable: the last attempt always returns or raises")

    async def _send_once(self, request: httpx.Request, tags: Collection[str]) -> httpx.Response:
        async with self.pacer.slot(tags):
            started = self.clock.monotonic()
            response = await self._http.send(request)
        self.pacer.observe(response)
        if self.log.isEnabledFor(logging.DEBUG):
            elapsed_ms = (self.clock.monotonic() - started) * 1000
            self.log.debug(
                "%s %s → %d (%.0f ms)",
                request.method,
                self.redactor.url(request.url),
                response.status_code,
                elapsed_ms,
            )
        return response

    async def _back_off(self, call: CallSite, attempt: int, reason: str, retry_after: float | None) -> None:
        wait = retry_after if retry_after is not None else self.spec.retry.backoff_seconds(attempt, self._rng)
        if retry_after is not None:
            self.pacer.pause(retry_after)
        self.log.warning(
            "%s %s %s failed (%s); attempt %d of %d in %.1f s",
            call.service,
            call.method,
            call.path,
            reason,
            attempt + 1,
            self.spec.retry.max_attempts,
            wait,
        )
        await self.clock.sleep(wait)

    def _rate_limited_wait(self, response: httpx.Response, call: CallSite) -> float | None:
        """Seconds to wait after a 429, or raise when the wait would be a day-limit stop or longer than we wait."""
        stated = parse_retry_after(response.headers.get("Retry-After"), self.clock.now())
        if self.pacer.is_day_limit(response):
            message = self._message(response).message
            seconds = stated if stated is not None else DAY_SECONDS
            raise self.pacer.stop_for_day(seconds, message, method=call.method, path=call.path, status=429)
        retry_after = stated if stated is not None else self.spec.retry.unstated_retry_after_seconds
        if retry_after is not None and retry_after > self.spec.retry.longest_wait_seconds:
            raise self._rate_limited(response, call, retry_after)
        return retry_after

    def _rate_limited(self, response: httpx.Response, call: CallSite, wait: float | None) -> RateLimited:
        retry_at = None if wait is None else self.clock.now() + timedelta(seconds=wait)
        return RateLimited(
            call.service,
            self._message(response).message,
            retry_at=retry_at,
            method=call.method,
            path=call.path,
            status=response.status_code,
        )

    def _message(self, response: httpx.Response) -> ServiceMessage:
        return self.spec.errors.read_message(response).scrubbed(self.redactor)

    def _error_for(self, response: httpx.Response, call: CallSite) -> ConnectorError:
        return self.spec.errors.error_for(response.status_code, self._message(response), call)

    def _unreachable(self, exc: Exception, call: CallSite, attempts: int) -> Unreachable:
        detail = self.redactor.scrub(str(exc)) or type(exc).__name__
        tries = f" after {attempts} attempts" if attempts > 1 else ""
        return Unreachable(
            call.service,
            f"no answer from {self.redactor.url(self.spec.base_url)}{tries}: {type(exc).__name__}: {detail}",
            method=call.method,
            path=call.path,
        )

    async def get_json(
        self,
        url: str | httpx.URL,
        *,
        params: QueryParams | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        response = await self.request("GET", url, params=params, headers=headers)
        return self.json_of(response)

    def json_of(self, response: httpx.Response) -> Any:
        return decode_json(response, self.call_site(response.request.method, response.request.url))

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> ServiceClient:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.aclose()


def _clean_params(params: QueryParams | None) -> dict[str, str] | None:
    """Drop None values and render booleans the way web APIs expect (`true`, not `True`)."""
    if params is None:
        return None
    cleaned: dict[str, str] = {}
    for name, value in params.items():
        if value is None:
            continue
        cleaned[name] = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return cleaned


def open_service_client(
    spec: ServiceSpec,
    *,
    clock: Clock | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    pacer: Pacer | None = None,
    rng: random.Random | None = None,
) -> ServiceClient:
    """The single factory for connector HTTP clients.

    Pass `pacer` to share one service's limits between several clients (two connectors on one Xero tenant);
    `rng` makes retry jitter reproducible in tests.
    """
    clock = clock or SystemClock()
    http = httpx.AsyncClient(
        base_url=spec.base_url,
        headers=dict(spec.headers),
        auth=spec.auth,
        timeout=spec.timeout,
        transport=transport,
        limits=httpx.Limits(max_connections=max(spec.pacing.max_in_flight, 4), max_keepalive_connections=8),
        follow_redirects=False,
    )
    return ServiceClient(
        spec,
        http,
        clock=clock,
        pacer=pacer or Pacer(spec.service, spec.pacing, clock, spec.logger),
        rng=rng or random.Random(),
    )
