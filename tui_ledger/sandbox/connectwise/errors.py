"""ConnectWise error bodies: `{code, message, errors[]}` with the status codes the real service uses.

Handlers raise `CwError`; the app turns it into the JSON body. The messages follow what clients see in the
wild (reference §3.5): 400 `InvalidObject` with item codes such as `ObjectExists` or `MissingRequiredField`,
404 `NotFound` naming the record, 401 `Unauthorized`. Fault injection uses `render_fault`: a 500 carries a
ConnectWise timeout message (clients retry on it), 502/503/504 come from the load balancer as HTML pages,
429 carries `Retry-After`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.responses import HTMLResponse, Response

from tui_ledger.sandbox.connectwise.jsonout import dumps

JSON_MEDIA_TYPE = "application/json; charset=utf-8"


@dataclass(frozen=True, slots=True)
class ValidationItem:
    code: str
    message: str
    resource: str
    field: str | None = None

    def to_json(self) -> dict[str, str]:
        item = {"code": self.code, "message": self.message, "resource": self.resource}
        if self.field is not None:
            item["field"] = self.field
        return item


@dataclass(slots=True)
class CwError(Exception):
    """An error answer: status, top-level code and message, and the validation items."""

    status: int
    code: str
    message: str
    errors: list[ValidationItem] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.status} {self.code}: {self.message}"

    def body(self) -> dict[str, object]:
        return {"code": self.code, "message": self.message, "errors": [item.to_json() for item in self.errors]}

    def response(self) -> Response:
        return Response(dumps(self.body()), status_code=self.status, media_type=JSON_MEDIA_TYPE, headers=self.headers)


def invalid(resource: str, message: str, *, code: str = "InvalidObject", field: str | None = None) -> CwError:
    """400 `InvalidObject`: `<resource> object is invalid` with one item saying what is wrong."""
    return CwError(
        400, "InvalidObject", f"{resource} object is invalid", [ValidationItem(code, message, resource, field)]
    )


def invalid_query(parameter: str, message: str) -> CwError:
    """400 for a query parameter (`conditions`, `pageSize`, `orderBy`, `fields`) the service cannot use."""
    return CwError(
        400,
        "InvalidObject",
        f"{parameter} parameter is invalid",
        [ValidationItem("InvalidParameter", message, parameter, parameter)],
    )


def not_found(resource: str, record_id: int | str) -> CwError:
    return CwError(404, "NotFound", f"{resource} recordId {record_id} not found.")


def unknown_path(path: str) -> CwError:
    return CwError(404, "NotFound", f"No resource found at {path}.")


def method_not_allowed(method: str) -> CwError:
    return CwError(405, "MethodNotAllowed", f"The requested resource does not support http method '{method}'.")


def unauthorized() -> CwError:
    return CwError(401, "Unauthorized", "UserNotAuthenticated")


def missing_client_id() -> CwError:
    return CwError(
        401,
        "Unauthorized",
        "ClientId is required. Register at developer.connectwise.com/ClientId and send it in the clientId header.",
    )


_GATEWAY_PAGE = (
    "<html><head><title>{status} {reason}</title></head><body><center><h1>{status} {reason}</h1></center></body></html>"
)
_REASONS = {502: "Bad Gateway", 503: "Service Temporarily Unavailable", 504: "Gateway Time-out"}


def render_fault(status: int) -> Response:
    """The body a client meets when the service (or its gateway) fails: see the module docstring."""
    if status == 429:
        return CwError(
            429,
            "TooManyRequests",
            "Too many requests. Please retry after the period given in Retry-After.",
            headers={"Retry-After": "2"},
        ).response()
    if status in _REASONS:
        return HTMLResponse(_GATEWAY_PAGE.format(status=status, reason=_REASONS[status]), status_code=status)
    return CwError(
        status,
        "ConnectWiseApi",
        "An unexpected error occurred: Execution Timeout Expired. The timeout period elapsed prior to completion "
        "of the operation or the server is not responding.",
    ).response()
