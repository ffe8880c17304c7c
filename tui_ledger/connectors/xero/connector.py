"""The Xero implementation of `AccountingConnector`: one organisation of one app registration.

Every call carries the `xero-tenant-id` header and goes through the shared service client, paced to Xero's limits:
5 in flight, 60 a minute counted from each answer (always at or after the moment Xero counted the call), holds when
`X-MinLimit-Remaining` reaches 0, a stop for the day when `X-DayLimit-Remaining` does or a 429 says `day`. Creates
go out as PUT with `summarizeErrors=false` (so one bad element never hides the others' ids), at most 50 per call,
with an `Idempotency-Key` derived from the drafts' own keys, so a retried call cannot create a second copy.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

from tui_ledger.connectors.accounting import ChunkOutcome
from tui_ledger.connectors.errors import DayLimitReached, Forbidden, MalformedResponse, ValidationFailed
from tui_ledger.connectors.http import ServiceClient, ServiceSpec, open_service_client
from tui_ledger.connectors.oauth_tokens import TokenSink
from tui_ledger.connectors.pacing import Pacer, PacingPolicy, QuotaHeader, RateBudget, WindowAnchor
from tui_ledger.connectors.xero.auth import GrantKind, XeroAuth
from tui_ledger.connectors.xero.capabilities import (
    MAX_ELEMENTS_PER_CALL,
    NUMBERS_PER_CREDIT_NOTE_LOOKUP,
    NUMBERS_PER_INVOICE_LOOKUP,
    XERO_CAPABILITIES,
)
from tui_ledger.connectors.xero.concurrency import as_completed_bounded
from tui_ledger.connectors.xero.endpoints import XeroEndpoints
from tui_ledger.connectors.xero.errors import TENANT_HEADER, XeroErrorMapper, is_day_limit
from tui_ledger.connectors.xero.mapping import (
    INVOICES,
    XERO_TYPES,
    Endpoint,
    account_record,
    company_profile,
    contact_body,
    contact_record,
    document_body,
    element_result,
    item_body,
    item_record,
    problems_of,
    remote_document,
    tax_rate_record,
    tracking_record,
)
from tui_ledger.connectors.xero.oauth import XeroOAuthClient
from tui_ledger.connectors.xero.wire import SERVICE, records
from tui_ledger.domain.accounting import (
    AccountRecord,
    CompanyProfile,
    ContactDraft,
    ContactRecord,
    DocumentDraft,
    DocumentType,
    ElementResult,
    ItemDraft,
    ItemRecord,
    PackageCapabilities,
    PartyRole,
    QuotaSnapshot,
    RemoteDocument,
    TaxRateRecord,
    TrackingCategoryRecord,
)
from tui_ledger.domain.clock import Clock, SystemClock
from tui_ledger.domain.decimal_json import dumps

MINUTE_HEADER = "X-MinLimit-Remaining"
DAY_HEADER = "X-DayLimit-Remaining"
CONTACTS_PAGE_SIZE = 1000
DOCUMENTS_PAGE_SIZE = 100
MAX_IN_FLIGHT = 5

XERO_PACING = PacingPolicy(
    max_in_flight=MAX_IN_FLIGHT,
    budgets=(RateBudget(calls=60, per_seconds=60.0),),
    quota_headers=(QuotaHeader(MINUTE_HEADER, 60.0), QuotaHeader(DAY_HEADER, 86_400.0, daily=True)),
    day_limit_signal=is_day_limit,
    window_anchor=WindowAnchor.COMPLETION,
)
DAY_LIMIT_MESSAGE = (
    "Xero's daily limit of 5,000 calls for this organisation is used up; start the run again once it resets "
    "(documents already exported stay exported and are not sent twice)"
)


@dataclass(frozen=True)
class XeroConnection:
    """What a profile says about one Xero organisation; `profile` names the sign-in command in messages."""

    client_id: str
    client_secret: str | None = field(repr=False)
    grant: GrantKind = GrantKind.AUTHORIZATION_CODE
    tenant_id: str | None = None
    endpoints: XeroEndpoints = field(default_factory=XeroEndpoints.production)
    profile: str | None = None

    @property
    def sign_in_command(self) -> str:
        return (
            f"tui-ledger auth xero --profile {self.profile}" if self.profile else "tui-ledger auth xero --profile NAME"
        )

    @property
    def sign_in_hint(self) -> str:
        if self.grant is GrantKind.CUSTOM_CONNECTION:
            return "check the Custom Connection's client id and secret in the profile, and that it is still active"
        return f"sign in again with `{self.sign_in_command}`"

    @property
    def tenant_hint(self) -> str:
        return f"choose the organisation with `{self.sign_in_command}`, or set tenant_id of the profile's Xero target"


def chunk_key(endpoint: Endpoint, keys: Sequence[str], content: bytes) -> str:
    """The `Idempotency-Key` of one write (at most 128 characters), from the drafts' keys AND the body sent.

    A retry of the same call (same drafts, same body) replays Xero's first answer instead of creating twice. A run
    started again after the user fixed something changes the body, so it gets a new key: Xero neither replays the
    old failure nor refuses the key as "used with a different request". The run looks numbers up before creating
    anything whose outcome is unknown, so a new key never makes a duplicate.
    """
    digest = hashlib.sha256()
    for part in (endpoint.collection, *keys):
        digest.update(part.encode("utf-8") + b"\n")
    digest.update(hashlib.sha256(content).digest())
    return f"tui-ledger-{endpoint.collection.lower()}-{digest.hexdigest()[:48]}"


@dataclass(frozen=True, slots=True)
class _Chunk:
    endpoint: Endpoint
    items: tuple[tuple[int, DocumentDraft], ...]


def plan_chunks(drafts: Sequence[DocumentDraft], size: int = MAX_ELEMENTS_PER_CALL) -> list[_Chunk]:
    """Invoices and credit notes go to different endpoints; each is cut into calls of at most `size`, in order."""
    by_endpoint: dict[str, list[tuple[int, DocumentDraft]]] = {}
    endpoints: dict[str, Endpoint] = {}
    for index, draft in enumerate(drafts):
        endpoint = XERO_TYPES[draft.document_type][0]
        by_endpoint.setdefault(endpoint.collection, []).append((index, draft))
        endpoints[endpoint.collection] = endpoint
    return [
        _Chunk(endpoints[name], tuple(items[start : start + size]))
        for name, items in by_endpoint.items()
        for start in range(0, len(items), size)
    ]


def _where_numbers(field_name: str, numbers: Sequence[str], xero_type: str) -> str:
    quoted = " OR ".join(f'{field_name}=="{_escape(number)}"' for number in numbers)
    return f'({quoted}) AND Type=="{xero_type}"'


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')


class XeroConnector:
    """An `AccountingConnector` for one Xero organisation."""

    capabilities: PackageCapabilities = XERO_CAPABILITIES

    def __init__(
        self, connection: XeroConnection, client: ServiceClient, auth: XeroAuth, oauth: XeroOAuthClient
    ) -> None:
        self.connection = connection
        self.client = client
        self.auth = auth
        self.oauth = oauth
        self._tenant_id: str | None = connection.tenant_id
        self._quota = QuotaSnapshot(minute_remaining=None, day_remaining=None)

    def __repr__(self) -> str:
        return f"XeroConnector(tenant={self._tenant_id!r}, grant={self.connection.grant.value})"

    # -- the organisation

    async def tenant_id(self) -> str:
        """The organisation to call: the profile's, else the one chosen at sign-in, else the only one connected."""
        if self._tenant_id:
            return self._tenant_id
        tokens = await self.auth.tokens()
        if tokens.tenant_id:
            self._tenant_id = tokens.tenant_id
            return tokens.tenant_id
        tenants = await self.oauth.connections(tokens.access_token)
        if len(tenants) == 1:
            await self.auth.remember_tenant(tenants[0].tenant_id, tenants[0].name)
            self._tenant_id = tenants[0].tenant_id
            return self._tenant_id
        names = ", ".join(tenant.name for tenant in tenants) or "none"
        raise Forbidden(
            SERVICE,
            f"no Xero organisation is chosen and this sign-in reaches {len(tenants)} ({names}); "
            f"{self.connection.tenant_hint}",
        )

    async def company(self) -> CompanyProfile:
        body = await self._get("/Organisation")
        organisations = records(body, "Organisations", "/Organisation")
        if not organisations:
            raise MalformedResponse(SERVICE, "the organisation list is empty", path="/Organisation")
        currencies = records(await self._get("/Currencies"), "Currencies", "/Currencies")
        return company_profile(organisations[0], currencies)

    # -- reads

    async def contacts(self, role: PartyRole | None = None) -> list[ContactRecord]:
        """Every contact, archived ones included. Xero has one Contact for both roles and marks a role only once a
        document was raised: asking for customers leaves out contacts known only as suppliers, and vice versa."""
        found: list[ContactRecord] = []
        page = 1
        while True:
            params = {"page": page, "pageSize": CONTACTS_PAGE_SIZE, "includeArchived": True}
            batch = records(await self._get("/Contacts", params), "Contacts", "/Contacts")
            found.extend(contact_record(record) for record in batch)
            if len(batch) < CONTACTS_PAGE_SIZE:
                break
            page += 1
        if role is PartyRole.CUSTOMER:
            return [contact for contact in found if contact.is_customer or not contact.is_supplier]
        if role is PartyRole.SUPPLIER:
            return [contact for contact in found if contact.is_supplier or not contact.is_customer]
        return found

    async def items(self) -> list[ItemRecord]:
        return [item_record(record) for record in records(await self._get("/Items"), "Items", "/Items")]

    async def accounts(self) -> list[AccountRecord]:
        return [account_record(record) for record in records(await self._get("/Accounts"), "Accounts", "/Accounts")]

    async def tax_rates(self) -> list[TaxRateRecord]:
        return [tax_rate_record(record) for record in records(await self._get("/TaxRates"), "TaxRates", "/TaxRates")]

    async def tracking_categories(self) -> list[TrackingCategoryRecord]:
        body = await self._get("/TrackingCategories")
        return [tracking_record(record) for record in records(body, "TrackingCategories", "/TrackingCategories")]

    # -- documents

    async def find_documents(self, document_type: DocumentType, numbers: Sequence[str]) -> list[RemoteDocument]:
        """Invoices by `InvoiceNumbers=` (50 a call), credit notes by a `where` of ORed numbers (25 a call);
        the calls run up to five at once, like creates."""
        endpoint, xero_type = XERO_TYPES[document_type]
        wanted = list(dict.fromkeys(number for number in numbers if number))
        lookups: list[dict[str, str]] = []
        by_where = wanted
        if endpoint is INVOICES:
            listable = [number for number in wanted if "," not in number]
            by_where = [number for number in wanted if "," in number]
            for start in range(0, len(listable), NUMBERS_PER_INVOICE_LOOKUP):
                lookups.append({"InvoiceNumbers": ",".join(listable[start : start + NUMBERS_PER_INVOICE_LOOKUP])})
        for start in range(0, len(by_where), NUMBERS_PER_CREDIT_NOTE_LOOKUP):
            chunk = by_where[start : start + NUMBERS_PER_CREDIT_NOTE_LOOKUP]
            lookups.append({"where": _where_numbers(endpoint.number_field, chunk, xero_type)})
        calls = [lambda filters=filters: self._documents(endpoint, filters) for filters in lookups]
        found = [document async for batch in as_completed_bounded(calls, MAX_IN_FLIGHT) for document in batch]
        return [document for document in found if document.document_type is document_type]

    async def _documents(self, endpoint: Endpoint, filters: dict[str, str]) -> list[RemoteDocument]:
        found: list[RemoteDocument] = []
        page = 1
        while True:
            params = {**filters, "page": page, "pageSize": DOCUMENTS_PAGE_SIZE, "unitdp": 4}
            path = f"/{endpoint.collection}"
            batch = records(await self._get(path, params), endpoint.collection, path)
            found.extend(remote_document(record, endpoint) for record in batch)
            if len(batch) < DOCUMENTS_PAGE_SIZE:
                return found
            page += 1

    async def create_documents(self, drafts: Sequence[DocumentDraft]) -> AsyncIterator[ChunkOutcome]:
        unsupported = sorted({draft.document_type.value for draft in drafts if draft.document_type not in XERO_TYPES})
        if unsupported:
            raise ValueError(f"Xero cannot create {', '.join(unsupported)} documents; map them to bills first")
        chunks = plan_chunks(drafts)
        calls = [lambda chunk=chunk: self._create_chunk(chunk) for chunk in chunks]
        async for outcome in as_completed_bounded(calls, MAX_IN_FLIGHT):
            yield outcome

    async def _create_chunk(self, chunk: _Chunk) -> ChunkOutcome:
        endpoint = chunk.endpoint
        content = dumps({endpoint.collection: [document_body(draft) for _, draft in chunk.items]}).encode("utf-8")
        key = chunk_key(endpoint, [draft.idempotency_key for _, draft in chunk.items], content)
        answer = await self._write("PUT", f"/{endpoint.collection}", content, key)
        elements = records(answer, endpoint.collection, f"PUT /{endpoint.collection}")
        if len(elements) != len(chunk.items):
            raise MalformedResponse(
                SERVICE,
                f"sent {len(chunk.items)} elements, got {len(elements)} back",
                path=f"/{endpoint.collection}",
            )
        results = tuple(
            element_result(draft.idempotency_key, index, element, endpoint.id_field, endpoint.number_field)
            for (index, draft), element in zip(chunk.items, elements, strict=True)
        )
        return ChunkOutcome(drafts_from=chunk.items[0][0], results=results)

    async def update_document(self, draft: DocumentDraft, target_id: str) -> ElementResult:
        """Replace the content of a document already in Xero (the user chose "update" for "already in Xero").

        POST to the collection with the document's id, `summarizeErrors=false`: a refusal (a voided or paid
        document, an archived account) comes back as the result's problems, like a create's.
        """
        endpoint = XERO_TYPES[draft.document_type][0]
        element = {**document_body(draft), endpoint.id_field: target_id}
        content = dumps({endpoint.collection: [element]}).encode("utf-8")
        key = chunk_key(endpoint, ["update", target_id, draft.idempotency_key], content)
        answer = await self._write("POST", f"/{endpoint.collection}", content, key)
        elements = records(answer, endpoint.collection, f"POST /{endpoint.collection}")
        if len(elements) != 1:
            raise MalformedResponse(
                SERVICE, f"sent 1 element, got {len(elements)} back", path=f"/{endpoint.collection}"
            )
        return element_result(draft.idempotency_key, 0, elements[0], endpoint.id_field, endpoint.number_field)

    async def void_document(self, document_type: DocumentType, target_id: str) -> RemoteDocument:
        return await self._set_status(document_type, target_id, "VOIDED")

    async def delete_document(self, document_type: DocumentType, target_id: str) -> RemoteDocument:
        return await self._set_status(document_type, target_id, "DELETED")

    async def _set_status(self, document_type: DocumentType, target_id: str, status: str) -> RemoteDocument:
        endpoint = XERO_TYPES[document_type][0]
        body = {endpoint.collection: [{endpoint.id_field: target_id, "Status": status}]}
        key = f"tui-ledger-{status.lower()}-{target_id}"
        path = f"/{endpoint.collection}/{target_id}"
        answer = await self._write("POST", path, dumps(body).encode("utf-8"), key, per_element=False)
        changed = records(answer, endpoint.collection, f"POST {path}")
        if not changed:
            raise MalformedResponse(SERVICE, "the answer holds no document", path=path)
        refused = problems_of(changed[0])
        if refused:
            words = tuple(problem.message for problem in refused)
            raise ValidationFailed(SERVICE, f"Xero refused to set {status}", method="POST", path=path, problems=words)
        return remote_document(changed[0], endpoint)

    # -- contacts and items

    async def create_contacts(self, drafts: Sequence[ContactDraft]) -> list[ElementResult]:
        bodies = [contact_body(draft) for draft in drafts]
        return await self._create_simple(
            "Contacts", "ContactID", "Name", bodies, [draft.idempotency_key for draft in drafts]
        )

    async def create_items(self, drafts: Sequence[ItemDraft]) -> list[ElementResult]:
        bodies = [item_body(draft) for draft in drafts]
        return await self._create_simple("Items", "ItemID", "Code", bodies, [draft.idempotency_key for draft in drafts])

    async def _create_simple(
        self, collection: str, id_field: str, number_field: str, bodies: list[dict[str, Any]], keys: list[str]
    ) -> list[ElementResult]:
        results: list[ElementResult] = []
        endpoint = Endpoint(collection, id_field, number_field)
        for start in range(0, len(bodies), MAX_ELEMENTS_PER_CALL):
            part = bodies[start : start + MAX_ELEMENTS_PER_CALL]
            part_keys = keys[start : start + MAX_ELEMENTS_PER_CALL]
            content = dumps({collection: part}).encode("utf-8")
            answer = await self._write("PUT", f"/{collection}", content, chunk_key(endpoint, part_keys, content))
            elements = records(answer, collection, f"PUT /{collection}")
            if len(elements) != len(part):
                raise MalformedResponse(
                    SERVICE, f"sent {len(part)} elements, got {len(elements)} back", path=f"/{collection}"
                )
            results += [
                element_result(key, start + offset, element, id_field, number_field)
                for offset, (key, element) in enumerate(zip(part_keys, elements, strict=True))
            ]
        return results

    # -- quota and lifecycle

    def quota(self) -> QuotaSnapshot:
        return self._quota

    async def aclose(self) -> None:
        await self.client.aclose()

    # -- calls

    async def _get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        response = await self._call("GET", path, params=params)
        return self.client.json_of(response)

    async def _write(self, method: str, path: str, content: bytes, key: str, *, per_element: bool = True) -> Any:
        """A PUT/POST with its idempotency key; `per_element` asks for `summarizeErrors=false` (collection writes)."""
        params: dict[str, Any] = {"unitdp": 4}
        if per_element:
            params["summarizeErrors"] = "false"
        response = await self._call(
            method,
            path,
            params=params,
            content=content,
            headers={"Content-Type": "application/json", "Idempotency-Key": key},
            idempotent=True,
        )
        return self.client.json_of(response)

    async def _call(self, method: str, path: str, **options: Any) -> httpx.Response:
        tenant = await self.tenant_id()
        headers = {TENANT_HEADER: tenant, **options.pop("headers", {})}
        try:
            response = await self.client.request(method, path, headers=headers, **options)
        except DayLimitReached as stop:
            raise DayLimitReached(
                SERVICE, DAY_LIMIT_MESSAGE, retry_at=stop.retry_at, method=method, path=path, status=429
            ) from None
        self._observe(response)
        return response

    def _observe(self, response: httpx.Response) -> None:
        def number(name: str) -> int | None:
            raw = response.headers.get(name)
            return int(raw) if raw is not None and raw.strip().isdigit() else None

        self._quota = QuotaSnapshot(
            minute_remaining=number(MINUTE_HEADER),
            day_remaining=number(DAY_HEADER),
            observed_at=self.client.clock.now(),
            in_flight=0,
            limits={"minute": 60, "day": 5000, "in_flight": MAX_IN_FLIGHT},
        )


def oauth_client(
    connection: XeroConnection, *, transport: httpx.AsyncBaseTransport | None = None, clock: Clock
) -> XeroOAuthClient:
    """The sign-in client of `connection` (authorize, exchange, renew, revoke, list organisations)."""
    return XeroOAuthClient(
        connection.endpoints,
        connection.client_id,
        connection.client_secret,
        sign_in_hint=connection.sign_in_hint,
        transport=transport,
        clock=clock,
    )


def open_xero(
    connection: XeroConnection,
    tokens: TokenSink,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    clock: Clock | None = None,
    pacer: Pacer | None = None,
) -> XeroConnector:
    """A connector for one organisation; `transport` is the sandbox's in-process one in the sandbox and in tests."""
    clock = clock or SystemClock()
    oauth = oauth_client(connection, transport=transport, clock=clock)
    auth = XeroAuth(oauth, tokens, clock, connection.grant)
    spec = ServiceSpec(
        service=SERVICE,
        base_url=connection.endpoints.api_base,
        headers={"Accept": "application/json"},
        auth=auth,
        pacing=XERO_PACING,
        errors=XeroErrorMapper(connection.sign_in_hint, connection.tenant_hint),
        secrets=tuple(secret for secret in (connection.client_secret,) if secret),
        logger_name="xero",
    )
    client = open_service_client(spec, clock=clock, transport=transport, pacer=pacer)
    return XeroConnector(connection, client, auth, oauth)
