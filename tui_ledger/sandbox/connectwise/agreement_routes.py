"""HTTP for the agreement-addition workflow's writes (reference §3.4, §4.4), on the real paths.

    POST   /finance/agreements                          → 201 Agreement
    PUT    /finance/agreements/{id}                     → 200 Agreement
    PATCH  /finance/agreements/{id}   [PatchOperation]  → 200 Agreement   (cancel: cancelledFlag, dateCancelled)
    DELETE /finance/agreements/{id}                     → 204
    POST   /finance/agreements/{parentId}/additions     → 201 Addition
    PUT    /finance/agreements/{parentId}/additions/{id} → 200 Addition
    PATCH  /finance/agreements/{parentId}/additions/{id} → 200 Addition
    DELETE /finance/agreements/{parentId}/additions/{id} → 204

Lists, counts and single reads of agreements and additions go through the app's shared listing code, with
rows from `AgreementBook`; this module only turns requests into book calls.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tui_ledger.sandbox.connectwise.agreement_book import AgreementBook, book_of
from tui_ledger.sandbox.connectwise.auth import CURRENT_VERSION, content_type
from tui_ledger.sandbox.connectwise.body_checks import screened_body
from tui_ledger.sandbox.connectwise.errors import invalid
from tui_ledger.sandbox.connectwise.jsonout import dumps, loads
from tui_ledger.sandbox.connectwise.ledger import Ledger
from tui_ledger.sandbox.service_spec import SandboxContext

AGREEMENTS = "/finance/agreements"
ADDITIONS = "/finance/agreements/{parentId:int}/additions"

Endpoint = Callable[[Request], Awaitable[Response]]


class LedgerSource(Protocol):
    """The app's service object: its ledger (opened on first use) and the hub's context (clock)."""

    context: SandboxContext

    def ledger(self) -> Ledger: ...


def _json(request: Request, body: Any, status: int = 200) -> Response:
    version = getattr(request.state, "cw_version", CURRENT_VERSION)
    return Response(dumps(body), status_code=status, media_type=content_type(version))


async def _body(request: Request, resource: str) -> Any:
    raw = await request.body()
    if not raw.strip():
        raise invalid(resource, "The request body is empty.")
    try:
        payload = loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise invalid(resource, "The request body is not valid JSON.") from None
    return screened_body(payload, resource)


def agreement_write_routes(service: LedgerSource) -> list[Route]:
    """The write routes; the app merges them with its read routes per path (a wrong method is a 405)."""

    def book() -> AgreementBook:
        return book_of(service.ledger())

    def now() -> Any:
        return service.context.clock.now()

    async def create_agreement(request: Request) -> Response:
        body = await _body(request, "agreement")
        return _json(request, book().create_agreement(body, now()), 201)

    async def replace_agreement(request: Request) -> Response:
        body = await _body(request, "agreement")
        return _json(request, book().replace_agreement(request.path_params["id"], body, now()))

    async def patch_agreement(request: Request) -> Response:
        operations = await _body(request, "agreement")
        return _json(request, book().patch_agreement(request.path_params["id"], operations, now()))

    async def delete_agreement(request: Request) -> Response:
        book().delete_agreement(request.path_params["id"])
        return Response(status_code=204)

    async def create_addition(request: Request) -> Response:
        parent = request.path_params["parentId"]
        books = book()
        books.agreement(parent)
        body = await _body(request, "addition")
        return _json(request, books.create_addition(parent, body, now()), 201)

    async def replace_addition(request: Request) -> Response:
        parent, addition_id = request.path_params["parentId"], request.path_params["id"]
        body = await _body(request, "addition")
        return _json(request, book().replace_addition(parent, addition_id, body, now()))

    async def patch_addition(request: Request) -> Response:
        parent, addition_id = request.path_params["parentId"], request.path_params["id"]
        operations = await _body(request, "addition")
        return _json(request, book().patch_addition(parent, addition_id, operations, now()))

    async def delete_addition(request: Request) -> Response:
        book().delete_addition(request.path_params["parentId"], request.path_params["id"])
        return Response(status_code=204)

    return [
        Route(AGREEMENTS, create_agreement, methods=["POST"]),
        Route(f"{AGREEMENTS}/{{id:int}}", replace_agreement, methods=["PUT"]),
        Route(f"{AGREEMENTS}/{{id:int}}", patch_agreement, methods=["PATCH"]),
        Route(f"{AGREEMENTS}/{{id:int}}", delete_agreement, methods=["DELETE"]),
        Route(ADDITIONS, create_addition, methods=["POST"]),
        Route(f"{ADDITIONS}/{{id:int}}", replace_addition, methods=["PUT"]),
        Route(f"{ADDITIONS}/{{id:int}}", patch_addition, methods=["PATCH"]),
        Route(f"{ADDITIONS}/{{id:int}}", delete_addition, methods=["DELETE"]),
    ]


def agreement_rows(ledger: Ledger, _params: Any) -> list[dict[str, Any]]:
    """Rows of `GET /finance/agreements`: seeded agreements with every write applied."""
    return book_of(ledger).agreements()


def addition_rows(ledger: Ledger, params: Any) -> list[dict[str, Any]]:
    """Rows of `GET /finance/agreements/{parentId}/additions` (404 when the agreement does not exist)."""
    return book_of(ledger).additions(int(params["parentId"]))
