"""The Accounting API routes under `/api.xro/2.0`: documents, contacts, items and the settings a client reads.

Requests reach these handlers only after `gate.ApiGate` has checked the token, the `xero-tenant-id`, the scope
and the rate limits; the gate leaves the tenant and the app on `request.state`. Writes run in one SQLite
transaction per call and honour `Idempotency-Key`; reads accept the query parameters of the spec.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import datetime
from decimal import Decimal
from functools import partial
from typing import Protocol

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from tui_ledger.domain.clock import Clock
from tui_ledger.sandbox.xero.contacts import ContactWriter
from tui_ledger.sandbox.xero.currencies import currency_records
from tui_ledger.sandbox.xero.documents import CREATED_BY_APP, CREDIT_NOTES, INVOICES, DocumentFlavour, DocumentWriter
from tui_ledger.sandbox.xero.elements import (
    ElementOutcome,
    elements_of,
    envelope,
    summarize_errors_requested,
    write_response,
)
from tui_ledger.sandbox.xero.idempotency import KEY_HEADER, MAX_KEY_LENGTH, IdempotencyCache, fingerprint
from tui_ledger.sandbox.xero.items import ItemWriter
from tui_ledger.sandbox.xero.ledger import Ledger, public
from tui_ledger.sandbox.xero.listing import (
    casefolded,
    csv_values,
    field_in,
    flag,
    modified_since,
    paginate,
    select,
)
from tui_ledger.sandbox.xero.responses import not_found, single_validation_error
from tui_ledger.sandbox.xero.store import Collection, Record, XeroStore
from tui_ledger.sandbox.xero.where import FilterError
from tui_ledger.sandbox.xero.wire import json_response

MAX_BODY_BYTES = 3_500_000
"""Xero's documented request size limit (3.5 MB); the element count itself has no hard limit."""

Handler = Callable[[Request], Awaitable[Response]]
Applier = Callable[[Record], ElementOutcome]


class ElementWriter(Protocol):
    """What applies one PUT/POST element of a collection (DocumentWriter, ContactWriter, ItemWriter)."""

    def apply(self, element: Record, *, create_only: bool) -> ElementOutcome: ...


WriterFor = Callable[[Request, Ledger, datetime], ElementWriter]
"""Builds the writer of one write request, inside its transaction."""


def _plain_writer(kind: Callable[[Ledger, datetime], ElementWriter]) -> WriterFor:
    """The writer of a collection whose elements need nothing from the request (contacts, items)."""
    return lambda request, ledger, now: kind(ledger, now)


SUMMARY_DROPS = {
    Collection.INVOICES: ("LineItems",),
    Collection.CONTACTS: ("Addresses", "Phones", "ContactPersons", "ContactGroups"),
}


def post_data_invalid(message: str) -> Response:
    body = {"ErrorNumber": 14, "Type": "PostDataInvalidException", "Message": message}
    return json_response(body, status_code=400)


def filter_errors(handler: Handler) -> Handler:
    """A filter the sandbox cannot read answers 400, as Xero refuses a `where` it cannot parse."""

    async def guarded(request: Request) -> Response:
        try:
            return await handler(request)
        except FilterError as exc:
            return single_validation_error(str(exc))

    return guarded


class XeroApi:
    """Handlers for one sandbox; every one works on the tenant the gate resolved."""

    def __init__(self, store: XeroStore, clock: Clock, idempotency: IdempotencyCache) -> None:
        self.store = store
        self.clock = clock
        self.idempotency = idempotency

    def routes(self) -> list[Route]:
        routes: list[Route] = []
        for flavour in (INVOICES, CREDIT_NOTES):
            plural = f"/{flavour.plural}"
            routes += [
                Route(plural, filter_errors(self._list_documents(flavour)), methods=["GET"]),
                Route(plural, self._write_documents(flavour, create_only=True), methods=["PUT"]),
                Route(plural, self._write_documents(flavour, create_only=False), methods=["POST"]),
                Route(plural + "/{ref}", self._get_document(flavour), methods=["GET"]),
                Route(plural + "/{ref}", self._update_document(flavour), methods=["POST"]),
            ]
        routes += [
            Route("/Contacts", filter_errors(self.list_contacts), methods=["GET"]),
            Route("/Contacts", self._write_contacts(create_only=True), methods=["PUT"]),
            Route("/Contacts", self._write_contacts(create_only=False), methods=["POST"]),
            Route("/Contacts/{ref}", self.get_contact, methods=["GET"]),
            Route("/Items", filter_errors(self._list_simple(Collection.ITEMS)), methods=["GET"]),
            Route("/Items", self._write_items(create_only=True), methods=["PUT"]),
            Route("/Items", self._write_items(create_only=False), methods=["POST"]),
            Route("/Items/{ref}", self._get_simple(Collection.ITEMS, ("ItemID", "Code")), methods=["GET"]),
            Route("/Accounts", filter_errors(self._list_simple(Collection.ACCOUNTS)), methods=["GET"]),
            Route("/Accounts/{ref}", self._get_simple(Collection.ACCOUNTS, ("AccountID",)), methods=["GET"]),
            Route("/TaxRates", filter_errors(self._list_simple(Collection.TAX_RATES)), methods=["GET"]),
            Route("/TaxRates/{ref}", self._get_simple(Collection.TAX_RATES, ("TaxType",)), methods=["GET"]),
            Route("/TrackingCategories", filter_errors(self.list_tracking), methods=["GET"]),
            Route(
                "/TrackingCategories/{ref}",
                self._get_simple(Collection.TRACKING_CATEGORIES, ("TrackingCategoryID",)),
                methods=["GET"],
            ),
            Route("/Organisation", self.organisation, methods=["GET"]),
            Route("/Currencies", filter_errors(self.list_currencies), methods=["GET"]),
        ]
        return routes

    # -- shared

    def _head(self, request: Request) -> dict[str, object]:
        return envelope(request.state.xero_app_name, self.clock.now())

    def _answer(self, request: Request, collection: Collection, records: list[Record], **extra: object) -> Response:
        drops = SUMMARY_DROPS.get(collection, ()) if flag(request.query_params, "summaryOnly") else ()
        rendered = [{key: value for key, value in public(record).items() if key not in drops} for record in records]
        return json_response({**self._head(request), **extra, collection.value: rendered})

    def _write_elements(
        self, plural: str, marker: str, error_flag: str, writer_for: WriterFor, *, create_only: bool
    ) -> Handler:
        """A PUT (`create_only`) or POST of a collection's elements: one writer per request applies each element."""

        async def handler(request: Request) -> Response:
            def make(ledger: Ledger, now: datetime) -> Applier:
                writer = writer_for(request, ledger, now)
                return lambda element: writer.apply(element, create_only=create_only)

            return await self._write(request, plural, marker, error_flag, make)

        return handler

    async def _write(
        self, request: Request, plural: str, marker: str, error_flag: str, make: Callable[[Ledger, datetime], Applier]
    ) -> Response:
        body = await request.body()
        if len(body) > MAX_BODY_BYTES:
            return PlainTextResponse("Request Entity Too Large", status_code=413)
        key = request.headers.get(KEY_HEADER)
        client_id = request.state.xero_client_id
        print_ = fingerprint(request.method, request.url.path, request.url.query, body)
        if key is not None:
            if not key.strip() or len(key) > MAX_KEY_LENGTH:
                return single_validation_error(f"The Idempotency-Key must be 1 to {MAX_KEY_LENGTH} characters long.")
            stored = self.idempotency.lookup(client_id, key)
            if stored is not None:
                if stored.fingerprint != print_:
                    return single_validation_error(f"The Idempotency-Key '{key}' is used with a different request.")
                request.state.xero_replayed = True
                return stored.replay()
        response = self._apply(request, body, plural, marker, error_flag, make)
        if key is not None:
            self.idempotency.store(client_id, key, print_, response)
        return response

    def _apply(
        self,
        request: Request,
        body: bytes,
        plural: str,
        marker: str,
        error_flag: str,
        make: Callable[[Ledger, datetime], Applier],
    ) -> Response:
        try:
            parsed = json.loads(body, parse_float=Decimal) if body else None
        except ValueError as exc:
            return post_data_invalid(f"The request body is not valid JSON: {exc}")
        elements = elements_of(parsed, plural, marker)
        if elements is None:
            return post_data_invalid(f"The request body must be an object with a '{plural}' array.")
        request.state.xero_elements = len(elements)
        ledger = Ledger(self.store, request.state.xero_tenant_id)
        with self.store.transaction():
            apply = make(ledger, self.clock.now())
            outcomes = [apply(element) for element in elements]
        summarize = summarize_errors_requested(request.query_params.get("summarizeErrors"))
        return write_response(
            outcomes, plural, summarize_errors=summarize, error_flag=error_flag, head=self._head(request)
        )

    def _document_writer(
        self, flavour: DocumentFlavour, request: Request, ledger: Ledger, now: datetime
    ) -> DocumentWriter:
        unit_places = 4 if request.query_params.get("unitdp") == "4" else 2
        return DocumentWriter(
            flavour,
            ledger,
            ContactWriter(ledger, now),
            now=now,
            client_id=request.state.xero_client_id,
            unit_places=unit_places,
        )

    # -- invoices and credit notes

    def _list_documents(self, flavour: DocumentFlavour) -> Handler:
        async def handler(request: Request) -> Response:
            params = request.query_params
            tenant = request.state.xero_tenant_id
            ids = csv_values(params, "IDs")
            numbers = csv_values(params, "InvoiceNumbers") if flavour is INVOICES else []
            if numbers:
                records = self.store.by_numbers(tenant, flavour.collection, numbers)
            else:
                records = self.store.all(tenant, flavour.collection)
            tests = []
            if ids:
                tests.append(field_in(flavour.id_field, casefolded(ids)))
            if contact_ids := csv_values(params, "ContactIDs"):
                tests.append(field_in("Contact.ContactID", casefolded(contact_ids)))
            if statuses := csv_values(params, "Statuses"):
                tests.append(field_in("Status", casefolded(statuses)))
            if flag(params, "createdByMyApp"):
                client_id = request.state.xero_client_id
                tests.append(lambda record: record.get(CREATED_BY_APP) == client_id)
            if term := params.get("searchTerm", "").strip().casefold():
                tests.append(
                    lambda record: (
                        term in str(record.get(flavour.number_field) or "").casefold()
                        or term in str(record.get("Reference") or "").casefold()
                    )
                )
            chosen = select(
                records,
                params,
                since=modified_since(request.headers.get("if-modified-since")),
                extra=(lambda record: all(test(record) for test in tests)) if tests else None,
            )
            page = paginate(chosen, params)
            extra = {"pagination": page.pagination} if page.pagination else {}
            return self._answer(request, flavour.collection, page.records, **extra)

        return handler

    def _find_document(self, flavour: DocumentFlavour, tenant: str, ref: str) -> Record | None:
        found = self.store.get(tenant, flavour.collection, ref)
        if found is not None:
            return found
        matches = self.store.by_numbers(tenant, flavour.collection, [ref])
        return matches[0] if matches else None

    def _get_document(self, flavour: DocumentFlavour) -> Handler:
        async def handler(request: Request) -> Response:
            record = self._find_document(flavour, request.state.xero_tenant_id, request.path_params["ref"])
            if record is None:
                return not_found()
            return self._answer(request, flavour.collection, [record])

        return handler

    def _write_documents(self, flavour: DocumentFlavour, *, create_only: bool) -> Handler:
        writer_for = partial(self._document_writer, flavour)
        return self._write_elements(flavour.plural, "Type", "HasErrors", writer_for, create_only=create_only)

    def _update_document(self, flavour: DocumentFlavour) -> Handler:
        async def handler(request: Request) -> Response:
            existing = self._find_document(flavour, request.state.xero_tenant_id, request.path_params["ref"])
            if existing is None:
                return not_found()

            def make(ledger: Ledger, now: datetime) -> Applier:
                writer = self._document_writer(flavour, request, ledger, now)
                current = self.store.get(ledger.tenant_id, flavour.collection, existing[flavour.id_field]) or existing
                return lambda element: writer.update(current, element)

            return await self._write(request, flavour.plural, "Status", "HasErrors", make)

        return handler

    # -- contacts

    async def list_contacts(self, request: Request) -> Response:
        params = request.query_params
        tests = []
        if not flag(params, "includeArchived"):
            tests.append(lambda record: record.get("ContactStatus", "ACTIVE") != "ARCHIVED")
        if ids := csv_values(params, "IDs"):
            tests.append(field_in("ContactID", casefolded(ids)))
        if term := params.get("searchTerm", "").strip().casefold():
            fields = ("Name", "FirstName", "LastName", "ContactNumber", "EmailAddress")
            tests.append(lambda record: any(term in str(record.get(field) or "").casefold() for field in fields))
        chosen = select(
            self.store.all(request.state.xero_tenant_id, Collection.CONTACTS),
            params,
            since=modified_since(request.headers.get("if-modified-since")),
            extra=lambda record: all(test(record) for test in tests),
        )
        page = paginate(chosen, params)
        extra = {"pagination": page.pagination} if page.pagination else {}
        return self._answer(request, Collection.CONTACTS, page.records, **extra)

    async def get_contact(self, request: Request) -> Response:
        tenant = request.state.xero_tenant_id
        ref = request.path_params["ref"]
        record = self.store.get(tenant, Collection.CONTACTS, ref)
        if record is None:
            matches = self.store.by_numbers(tenant, Collection.CONTACTS, [ref])
            record = matches[0] if matches else None
        if record is None:
            return not_found()
        return self._answer(request, Collection.CONTACTS, [record])

    def _write_contacts(self, *, create_only: bool) -> Handler:
        writer_for = _plain_writer(ContactWriter)
        return self._write_elements("Contacts", "Name", "HasValidationErrors", writer_for, create_only=create_only)

    # -- items, accounts, tax rates, tracking, organisation

    def _write_items(self, *, create_only: bool) -> Handler:
        writer_for = _plain_writer(ItemWriter)
        return self._write_elements("Items", "Code", "HasValidationErrors", writer_for, create_only=create_only)

    def _list_simple(self, collection: Collection) -> Handler:
        async def handler(request: Request) -> Response:
            records = select(
                self.store.all(request.state.xero_tenant_id, collection),
                request.query_params,
                since=modified_since(request.headers.get("if-modified-since")),
            )
            return self._answer(request, collection, records)

        return handler

    def _get_simple(self, collection: Collection, keys: tuple[str, ...]) -> Handler:
        async def handler(request: Request) -> Response:
            ref = request.path_params["ref"].casefold()
            for record in self.store.all(request.state.xero_tenant_id, collection):
                if any(str(record.get(key) or "").casefold() == ref for key in keys):
                    return self._answer(request, collection, [record])
            return not_found()

        return handler

    async def list_tracking(self, request: Request) -> Response:
        include_archived = flag(request.query_params, "includeArchived")
        records = []
        for category in self.store.all(request.state.xero_tenant_id, Collection.TRACKING_CATEGORIES):
            if not include_archived and category.get("Status") != "ACTIVE":
                continue
            options = category.get("Options", [])
            if not include_archived:
                options = [option for option in options if option.get("Status") == "ACTIVE"]
            records.append({**category, "Options": options})
        return self._answer(request, Collection.TRACKING_CATEGORIES, select(records, request.query_params))

    async def organisation(self, request: Request) -> Response:
        records = self.store.all(request.state.xero_tenant_id, Collection.ORGANISATION)
        return json_response({**self._head(request), "Organisations": [public(record) for record in records]})

    async def list_currencies(self, request: Request) -> Response:
        """Read-only here: the seed decides which currencies the organisation has (PUT /Currencies is not served)."""
        organisations = self.store.all(request.state.xero_tenant_id, Collection.ORGANISATION)
        found = [currency for record in organisations for currency in currency_records(record)]
        return json_response({**self._head(request), "Currencies": select(found, request.query_params)})
