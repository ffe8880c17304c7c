"""The QuickBooks Online connector: one company (realm) behind the package-neutral `AccountingConnector`.

Every call goes to `/v3/company/{realmId}/...?minorversion=75` through the shared client, paced to QBO's limits
before they are hit: at most 10 calls in flight, 500 a minute, 40 batch calls a minute, each window counted from
the moment an answer arrives (QBO sends no quota headers to read, so the budget is ours to keep). A 429 still
gets a backoff and a retry. Documents are created through `/batch`, 30 to a call, each call carrying a `requestid`
derived from its drafts' idempotency keys and its exact body: resending the same call (after a timeout, a crash,
a retry) answers the same response and never creates twice, while a call whose content changed gets a new id.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import httpx

from tui_ledger.connectors.accounting import ChunkOutcome
from tui_ledger.connectors.errors import AuthenticationFailed, MalformedResponse, ValidationFailed
from tui_ledger.connectors.http import ServiceClient, ServiceSpec, open_service_client
from tui_ledger.connectors.oauth_tokens import TokenSink
from tui_ledger.connectors.pacing import Pacer, PacingPolicy, RateBudget, WindowAnchor
from tui_ledger.connectors.quickbooks import query, records
from tui_ledger.connectors.quickbooks.auth import QuickBooksAuth
from tui_ledger.connectors.quickbooks.book import ReferenceBook
from tui_ledger.connectors.quickbooks.capabilities import QUICKBOOKS_CAPABILITIES
from tui_ledger.connectors.quickbooks.faults import QuickBooksErrorMapper, StaleObject, errors_of_fault, problem_of
from tui_ledger.connectors.quickbooks.oauth import AppRegistration, IntuitEndpoints, IntuitOAuthClient
from tui_ledger.connectors.quickbooks.payloads import (
    ENTITY_OF,
    Prepared,
    prepare_contact,
    prepare_document,
    prepare_item,
)
from tui_ledger.connectors.quickbooks.tokens import SERVICE, TokenSet
from tui_ledger.connectors.retry import RetryPolicy
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
    PackageProblem,
    PartyRole,
    ProblemKind,
    QuotaSnapshot,
    RemoteDocument,
    RemoteStatus,
    TaxRateRecord,
    TrackingCategoryRecord,
)
from tui_ledger.domain.clock import Clock, SystemClock
from tui_ledger.domain.decimal_json import dumps

PRODUCTION_API = "https://quickbooks.api.intuit.com/v3"
MINOR_VERSION = "75"
JSON_HEADERS = {"Content-Type": "application/json"}
"""A body written by `decimal_json.dumps`: amounts go out with their Decimal digits, never through float."""
TEXT_HEADERS = {"Content-Type": "application/text"}
"""A query statement, which QBO takes as plain text."""
BATCH_SIZE = 30
NUMBERS_PER_LOOKUP = 100
REQUESTS_PER_MINUTE = 500
BATCH_CALLS_PER_MINUTE = 40
MAX_IN_FLIGHT = 10
PACING = PacingPolicy(
    max_in_flight=MAX_IN_FLIGHT,
    budgets=(RateBudget(REQUESTS_PER_MINUTE, 60.0), RateBudget(BATCH_CALLS_PER_MINUTE, 60.0, applies_to="batch")),
    window_anchor=WindowAnchor.COMPLETION,
)
RETRY = RetryPolicy(max_attempts=6, base_delay_seconds=2.0, max_delay_seconds=60.0, unstated_retry_after_seconds=60.0)
"""QBO answers 429 without Retry-After and documents "wait 60 seconds": a 429 pauses every call to the company for a
minute (the throttle windows are a minute long), and server errors back off longer than the default."""


def sign_in_hint(profile: str) -> str:
    return f"run `tui-ledger auth quickbooks --profile {profile}` to sign in"


@dataclass(frozen=True)
class QuickBooksSettings:
    """Where and as whom to connect. `realm_id` None: the company chosen at sign-in (saved with the tokens)."""

    app: AppRegistration
    realm_id: str | None = None
    api_base_url: str = PRODUCTION_API
    endpoints: IntuitEndpoints = field(default_factory=IntuitEndpoints)
    profile: str = "default"


def batch_request_id(keys: Sequence[str], body: str) -> str:
    """At most 36 characters (QBO's cap for a batch), the same for the same drafts and content, new otherwise."""
    digest = hashlib.sha256(("\n".join(keys) + "\n\n" + body).encode("utf-8")).hexdigest()
    return "tl" + digest[:34]


def resolve_realm(settings: QuickBooksSettings, sink: TokenSink) -> str:
    """The company to work in: the configured one, else the one signed in to; a clear error when neither exists."""
    hint = sign_in_hint(settings.profile)
    saved = sink.load()
    signed_in = TokenSet.from_json(saved, hint).realm_id if saved else None
    if settings.realm_id and signed_in and settings.realm_id != signed_in:
        raise AuthenticationFailed(
            SERVICE,
            f"config.toml names QuickBooks company {settings.realm_id} but the saved sign-in is for company "
            f"{signed_in}; fix realm_id, or {hint} and choose company {settings.realm_id}",
        )
    realm = settings.realm_id or signed_in
    if not realm:
        raise AuthenticationFailed(
            SERVICE,
            f"no QuickBooks company (realm id) is known for profile {settings.profile!r}; {hint} "
            "(the company you pick is remembered), or set realm_id in config.toml",
        )
    return realm


def open_quickbooks(
    settings: QuickBooksSettings,
    sink: TokenSink,
    *,
    clock: Clock | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    pacer: Pacer | None = None,
) -> QuickBooksConnector:
    """The connector for one company. `transport` reaches the sandbox in process (API and token endpoints alike)."""
    clock = clock or SystemClock()
    realm = resolve_realm(settings, sink)
    hint = sign_in_hint(settings.profile)
    oauth = IntuitOAuthClient(settings.app, settings.endpoints, clock=clock, sign_in_hint=hint, transport=transport)
    auth = QuickBooksAuth(oauth, sink, clock)
    spec = ServiceSpec(
        service=SERVICE,
        base_url=settings.api_base_url,
        headers={"Accept": "application/json"},
        auth=auth,
        retry=RETRY,
        pacing=PACING,
        errors=QuickBooksErrorMapper(hint, realm),
        secrets=(settings.app.client_secret,),
        logger_name="quickbooks",
    )
    client = open_service_client(spec, clock=clock, transport=transport, pacer=pacer)
    return QuickBooksConnector(client, realm, auth)


class QuickBooksConnector:
    """`AccountingConnector` for QuickBooks Online."""

    def __init__(self, client: ServiceClient, realm_id: str, auth: QuickBooksAuth) -> None:
        self._client = client
        self.realm_id = realm_id
        self._auth = auth
        self._book: ReferenceBook | None = None
        self._book_lock = asyncio.Lock()
        self._in_flight = 0

    def __repr__(self) -> str:
        return f"QuickBooksConnector(realm={self.realm_id!r})"

    @property
    def capabilities(self) -> PackageCapabilities:
        return QUICKBOOKS_CAPABILITIES

    # Plumbing ---------------------------------------------------------------------------------------------

    def _path(self, tail: str) -> str:
        return f"/company/{self.realm_id}/{tail}"

    async def _call(
        self,
        method: str,
        tail: str,
        *,
        body: Any = None,
        text: str | None = None,
        params: dict[str, str] | None = None,
        tags: tuple[str, ...] = (),
        idempotent: bool | None = None,
        allow_statuses: tuple[int, ...] = (),
    ) -> Any:
        content: bytes | None = None
        headers: dict[str, str] | None = None
        if body is not None:
            content, headers = dumps(body).encode("utf-8"), JSON_HEADERS
        elif text is not None:
            content, headers = text.encode("utf-8"), TEXT_HEADERS
        self._in_flight += 1
        try:
            response = await self._client.request(
                method,
                self._path(tail),
                params={"minorversion": MINOR_VERSION, **(params or {})},
                content=content,
                headers=headers,
                tags=tags,
                idempotent=idempotent,
                allow_statuses=allow_statuses,
            )
        finally:
            self._in_flight -= 1
        data = self._client.json_of(response)
        if not isinstance(data, dict):
            raise MalformedResponse(SERVICE, "expected a JSON object", path=self._path(tail))
        return data

    async def query_all(self, entity: str, *conditions: str) -> list[dict[str, Any]]:
        """Every record a query matches, page by page (STARTPOSITION / MAXRESULTS 1000)."""
        rows: list[dict[str, Any]] = []
        start = 1
        while True:
            statement = query.select(entity, *conditions, start=start, max_results=query.MAX_RESULTS)
            answer = await self._call("POST", "query", text=statement, idempotent=True)
            page = (answer.get("QueryResponse") or {}).get(entity, [])
            if not isinstance(page, list):
                raise MalformedResponse(SERVICE, f"QueryResponse.{entity} is not a list", field=entity)
            rows.extend(page)
            if len(page) < query.MAX_RESULTS:
                return rows
            start += query.MAX_RESULTS

    async def book(self) -> ReferenceBook:
        """The company's lists by code and Id, read once (and again after tui-ledger adds contacts or items)."""
        async with self._book_lock:
            if self._book is None:
                entities = ("Account", "Item", "Customer", "Vendor", "Employee", "TaxCode", "TaxRate")
                lists = await asyncio.gather(*(self.query_all(entity, query.ACTIVE_OR_NOT) for entity in entities))
                self._book = ReferenceBook.of(dict(zip(entities, lists, strict=True)))
            return self._book

    # Reads ------------------------------------------------------------------------------------------------

    async def company(self) -> CompanyProfile:
        """The company, its home currency and, when multicurrency is on, the currencies it records: the home one and
        every active CompanyCurrency (QuickBooks lists only the foreign currencies there)."""
        info = (await self._call("GET", f"companyinfo/{self.realm_id}")).get("CompanyInfo") or {}
        preferences = (await self._call("GET", "preferences")).get("Preferences") or {}
        currency_prefs = preferences.get("CurrencyPrefs") or {}
        home = str((currency_prefs.get("HomeCurrency") or {}).get("value") or "USD").strip().upper()
        multi_currency = currency_prefs.get("MultiCurrencyEnabled") is True
        close = (preferences.get("AccountingInfoPrefs") or {}).get("BookCloseDate")
        name = info.get("CompanyName")
        if not name:
            raise MalformedResponse(SERVICE, "CompanyInfo without CompanyName", field="CompanyName")
        foreign = await self._company_currencies() if multi_currency else []
        return CompanyProfile(
            id=self.realm_id,
            name=str(name),
            base_currency=home,
            country=info.get("Country"),
            lock_date=date.fromisoformat(str(close)[:10]) if close else None,
            multi_currency=multi_currency,
            currencies=tuple(dict.fromkeys([home, *foreign])),
        )

    async def _company_currencies(self) -> list[str]:
        """The codes of the active CompanyCurrency records (a currency turned off there takes no new documents)."""
        codes: list[str] = []
        for row in await self.query_all("CompanyCurrency"):
            code = row.get("Code")
            if not isinstance(code, str) or not code.strip():
                raise MalformedResponse(
                    SERVICE, "CompanyCurrency without a Code", field="Code", record=f"CompanyCurrency {row.get('Id')}"
                )
            if row.get("Active", True) is not False:
                codes.append(code.strip().upper())
        return codes

    async def contacts(self, role: PartyRole | None = None) -> list[ContactRecord]:
        """Customers or vendors; without a role also the employees (neither customer nor supplier), because a
        display name is unique across all three lists and a purchase may be paid to an employee."""
        entities = {
            PartyRole.CUSTOMER: ("Customer",),
            PartyRole.SUPPLIER: ("Vendor",),
            None: ("Customer", "Vendor", "Employee"),
        }
        found: list[ContactRecord] = []
        for entity in entities[role]:
            found += [records.contact(entity, row) for row in await self.query_all(entity, query.ACTIVE_OR_NOT)]
        return found

    async def items(self) -> list[ItemRecord]:
        book = await self.book()
        return [records.item(row, book) for row in book.items.values()]

    async def accounts(self) -> list[AccountRecord]:
        book = await self.book()
        return [records.account(row) for row in book.accounts.values()]

    async def tax_rates(self) -> list[TaxRateRecord]:
        book = await self.book()
        return [records.tax_rate(row, book) for row in book.tax_codes.values()]

    async def tracking_categories(self) -> list[TrackingCategoryRecord]:
        """QBO's classes and departments, each list as one category whose options are its active names."""
        categories = []
        for entity in ("Class", "Department"):
            rows = await self.query_all(entity)
            if rows:
                names = tuple(str(row.get("Name")) for row in rows if row.get("Name"))
                categories.append(TrackingCategoryRecord(id=entity, name=entity, active=True, options=names))
        return categories

    async def find_documents(self, document_type: DocumentType, numbers: Sequence[str]) -> list[RemoteDocument]:
        entity = self._entity(document_type)
        wanted = list(dict.fromkeys(numbers))
        book = await self.book()
        found: list[RemoteDocument] = []
        for start in range(0, len(wanted), NUMBERS_PER_LOOKUP):
            chunk = wanted[start : start + NUMBERS_PER_LOOKUP]
            rows = await self.query_all(entity, query.one_of("DocNumber", chunk))
            found += [records.document(entity, row, book) for row in rows]
        return found

    # Writes -----------------------------------------------------------------------------------------------

    async def create_documents(self, drafts: Sequence[DocumentDraft]) -> AsyncIterator[ChunkOutcome]:
        drafts = list(drafts)
        for draft in drafts:
            self._entity(draft.document_type)
        book = await self.book()
        tasks = [
            asyncio.create_task(self._create_chunk(start, drafts[start : start + BATCH_SIZE], book))
            for start in range(0, len(drafts), BATCH_SIZE)
        ]
        try:
            for finished in asyncio.as_completed(tasks):
                yield await finished
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _create_chunk(self, start: int, drafts: list[DocumentDraft], book: ReferenceBook) -> ChunkOutcome:
        prepared = [prepare_document(draft, book) for draft in drafts]
        results = await self._send_batch(start, [draft.idempotency_key for draft in drafts], prepared, book)
        return ChunkOutcome(drafts_from=start, results=tuple(results))

    async def create_contacts(self, drafts: Sequence[ContactDraft]) -> list[ElementResult]:
        results = await self._create_in_chunks(
            [draft.idempotency_key for draft in drafts], [prepare_contact(draft) for draft in drafts]
        )
        self._book = None
        return results

    async def create_items(self, drafts: Sequence[ItemDraft]) -> list[ElementResult]:
        book = await self.book()
        results = await self._create_in_chunks(
            [draft.idempotency_key for draft in drafts], [prepare_item(draft, book) for draft in drafts]
        )
        self._book = None
        return results

    async def _create_in_chunks(self, keys: list[str], prepared: list[Prepared]) -> list[ElementResult]:
        book = await self.book()
        chunks = [
            self._send_batch(start, keys[start : start + BATCH_SIZE], prepared[start : start + BATCH_SIZE], book)
            for start in range(0, len(keys), BATCH_SIZE)
        ]
        return [result for chunk in await asyncio.gather(*chunks) for result in chunk]

    async def _send_batch(
        self, start: int, keys: list[str], prepared: list[Prepared], book: ReferenceBook
    ) -> list[ElementResult]:
        """One `/batch` call for the sendable items; local problems answered without sending."""
        items = [
            {"bId": str(offset), "operation": "create", ready.entity: ready.body}
            for offset, ready in enumerate(prepared)
            if ready.body is not None
        ]
        answers: dict[str, dict[str, Any]] = {}
        if items:
            body = {"BatchItemRequest": items}
            request_id = batch_request_id(keys, dumps(body))
            data = await self._call(
                "POST", "batch", body=body, params={"requestid": request_id}, tags=("batch",), idempotent=True
            )
            listed = data.get("BatchItemResponse")
            if not isinstance(listed, list):
                raise MalformedResponse(SERVICE, "batch answer without BatchItemResponse", field="BatchItemResponse")
            answers = {str(answer.get("bId")): answer for answer in listed if isinstance(answer, dict)}
        return [
            self._element_result(start + offset, keys[offset], ready, answers.get(str(offset)), book)
            for offset, ready in enumerate(prepared)
        ]

    def _element_result(
        self, index: int, key: str, ready: Prepared, answer: dict[str, Any] | None, book: ReferenceBook
    ) -> ElementResult:
        def refused(problems: tuple[PackageProblem, ...]) -> ElementResult:
            return ElementResult(key=key, index=index, target_id=None, number=None, status=None, problems=problems)

        if ready.body is None:
            return refused(ready.problems)
        if answer is None:
            return refused((PackageProblem(ProblemKind.OTHER, "QuickBooks Online did not answer for this item"),))
        if "Fault" in answer:
            errors = errors_of_fault(answer["Fault"])
            return refused(
                tuple(problem_of(error) for error in errors) or (PackageProblem(ProblemKind.OTHER, "Fault"),)
            )
        entity = answer.get(ready.entity)
        if not isinstance(entity, dict) or not entity.get("Id"):
            raise MalformedResponse(SERVICE, f"batch item {answer.get('bId')} without {ready.entity}.Id", field="Id")
        number = entity.get("DocNumber") or entity.get("DisplayName") or entity.get("Name")
        status = RemoteStatus.AUTHORISED
        if ready.entity in records.TYPE_OF:
            status = records.document(ready.entity, entity, book).status
        return ElementResult(key=key, index=index, target_id=str(entity["Id"]), number=number, status=status)

    async def update_document(self, draft: DocumentDraft, target_id: str) -> ElementResult:
        """A full update of `target_id` with the draft's content, at the current SyncToken (re-read once if stale).

        QBO answers a refused update with a 400 Fault; it comes back as a result with problems, as for a create.
        """
        entity = self._entity(draft.document_type)
        book = await self.book()
        ready = prepare_document(draft, book)
        if ready.body is None:
            return self._element_result(0, draft.idempotency_key, ready, None, book)
        row = await self._read(entity, target_id)
        answer: dict[str, Any] = {}
        for _ in (1, 2):
            body = {**ready.body, "Id": target_id, "SyncToken": str(row.get("SyncToken", "0"))}
            request_id = batch_request_id([draft.idempotency_key, "update", target_id], dumps(body))
            answer = await self._call(
                "POST",
                entity.lower(),
                body=body,
                params={"requestid": request_id},
                idempotent=True,
                allow_statuses=(400,),
            )
            stale = any(error.code == "5010" for error in errors_of_fault(answer.get("Fault")))
            if not stale:
                break
            row = await self._read(entity, target_id)
        return self._element_result(0, draft.idempotency_key, ready, answer, book)

    async def void_document(self, document_type: DocumentType, target_id: str) -> RemoteDocument:
        entity = self._entity(document_type)
        if document_type is not DocumentType.SALES_INVOICE:
            raise ValidationFailed(
                SERVICE,
                f"QuickBooks Online cannot void a {entity} through its API; delete it instead",
                method="POST",
                path=self._path(entity.lower()),
            )
        answer = await self._change(entity, target_id, "void")
        return records.document(entity, answer[entity], await self.book())

    async def delete_document(self, document_type: DocumentType, target_id: str) -> RemoteDocument:
        entity = self._entity(document_type)
        last_seen = await self._read(entity, target_id)
        await self._change(entity, target_id, "delete", current=last_seen)
        return records.deleted_document(records.document(entity, last_seen, await self.book()))

    async def _read(self, entity: str, target_id: str) -> dict[str, Any]:
        row = (await self._call("GET", f"{entity.lower()}/{target_id}")).get(entity)
        if not isinstance(row, dict):
            raise MalformedResponse(SERVICE, f"read of {entity} {target_id} without the {entity}", field=entity)
        return row

    async def _change(
        self, entity: str, target_id: str, operation: str, current: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """Void or delete at the current SyncToken; if someone changed it meanwhile (5010), read again once."""
        row = current or await self._read(entity, target_id)
        for attempt in (1, 2):
            stub = {"Id": target_id, "SyncToken": str(row.get("SyncToken", "0"))}
            request_id = batch_request_id([operation, entity, target_id], dumps(stub))
            try:
                return await self._call(
                    "POST",
                    entity.lower(),
                    body=stub,
                    params={"operation": operation, "requestid": request_id},
                    idempotent=True,
                )
            except StaleObject:
                if attempt == 2:
                    raise
                row = await self._read(entity, target_id)
        raise AssertionError("unreachable: the second attempt returns or raises")

    # The rest ---------------------------------------------------------------------------------------------

    def _entity(self, document_type: DocumentType) -> str:
        entity = ENTITY_OF.get(document_type)
        if entity is None:
            raise ValidationFailed(
                SERVICE, f"QuickBooks Online documents of type {document_type.value} are not supported"
            )
        return entity

    def quota(self) -> QuotaSnapshot:
        """QBO reports no quota: the limits we pace to, and how many calls are on the wire now."""
        return QuotaSnapshot(
            minute_remaining=None,
            day_remaining=None,
            in_flight=self._in_flight,
            limits={"minute": REQUESTS_PER_MINUTE, "batch_minute": BATCH_CALLS_PER_MINUTE, "in_flight": MAX_IN_FLIGHT},
        )

    async def sign_in_status(self) -> TokenSet:
        """The tokens in use, refreshing them if they are about to expire (the doctor's credential check)."""
        return await self._auth.usable_tokens()

    async def aclose(self) -> None:
        await self._client.aclose()
