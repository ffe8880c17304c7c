"""ConnectWise PATCH bodies: a JSON array of `PatchOperation {op, path, value}` applied to one record.

Reference §3.4: `op` is `add`, `replace` or `remove`; `path` names a field of the record, with or without a
leading slash, case-sensitive, `/` descending into a reference (`company/id`), though clients usually replace
a reference whole. `value` is any JSON value (the spec's `object` is .NET's "anything"). `id` and `_info` are
the service's own and cannot be patched. Any other mistake refuses the whole request with 400
`InvalidObject`, so a half-applied patch never exists.
"""

from __future__ import annotations

import copy
from typing import Any

from tui_ledger.sandbox.connectwise.errors import CwError, ValidationItem

Body = dict[str, Any]

OPERATIONS = frozenset({"add", "replace", "remove"})
READ_ONLY = frozenset({"id", "_info"})


def _refused(resource: str, message: str, field: str | None = None) -> CwError:
    item = ValidationItem("InvalidPatch", message, resource, field)
    return CwError(400, "InvalidObject", f"{resource} object is invalid", [item])


def apply_patch(body: Body, operations: Any, resource: str, fields: frozenset[str]) -> Body:
    """A copy of `body` with every operation applied, in order; `fields` are the record's top-level fields."""
    if not isinstance(operations, list) or not operations:
        raise _refused(resource, "The request body must be a non-empty JSON array of patch operations.")
    patched = copy.deepcopy(body)
    for position, operation in enumerate(operations):
        if not isinstance(operation, dict):
            raise _refused(resource, f"Patch operation {position} is not an object.")
        op = operation.get("op")
        path = operation.get("path")
        if not isinstance(op, str) or op.lower() not in OPERATIONS:
            raise _refused(resource, f"Patch operation {position}: op must be add, replace or remove, not {op!r}.")
        if not isinstance(path, str) or not path.strip("/"):
            raise _refused(resource, f"Patch operation {position}: path must name a field.")
        parts = path.strip("/").split("/")
        if parts[0] not in fields:
            raise _refused(resource, f"{parts[0]} is not a field of {resource}.", parts[0])
        if parts[0] in READ_ONLY:
            raise _refused(resource, f"{parts[0]} cannot be changed.", parts[0])
        if op.lower() != "remove" and "value" not in operation:
            raise _refused(resource, f"Patch operation {position}: {op} needs a value.", parts[0])
        _apply(patched, parts, op.lower(), operation.get("value"), resource)
    return patched


def _apply(body: Body, parts: list[str], op: str, value: Any, resource: str) -> None:
    target = body
    for part in parts[:-1]:
        child = target.get(part)
        if child is None and op != "remove":
            child = target[part] = {}
        if not isinstance(child, dict):
            if op == "remove":
                return
            raise _refused(resource, f"{'/'.join(parts)}: {part} is not an object.", parts[0])
        target = child
    if op == "remove":
        target.pop(parts[-1], None)
    else:
        target[parts[-1]] = value
