"""The generic resource store: every operation without a dedicated handler still behaves like a REST
resource, driven only by the spec.

POST to a collection creates an item (id with the prefix the spec's examples use), GET lists (paginated by the
operation's x-pagination) or reads, PUT merges, DELETE removes, an unknown id is a 404. A collection is
seeded lazily from its list example, so example ids (which schemathesis links follow) exist.
"""

from __future__ import annotations

import copy
from typing import Any

from ..context import NO_RESULT, Context, store_serves
from ..envelope import not_found
from ..ids import prefix_of
from ..pagination import paged
from ..spec import Operation, Spec, normalise_path
from ..state import Brand
from ..synth import example_result

ID_KEYS = ("id", "Id", "ID")
# The operations this store answers on purpose. An operation that gains family behaviour leaves this list
# when its handler is written; a new operation of the spec joins one or the other (the app checks at start).
STORE_OPERATIONS = frozenset(
    {
        "addGroupMember",
        "addTicketNote",
        "createGroup",
        "createTicket",
        "createUser",
        "deleteGroup",
        "deleteLibraryFile",
        "deleteLibraryGraphic",
        "deleteTicket",
        "deleteUser",
        "generateDistributionLink",
        "getGroup",
        "getTicket",
        "getUser",
        "getUserPermissions",
        "listGroups",
        "listLibraryFiles",
        "listLibraryGraphics",
        "listTicketNotes",
        "listTicketQueues",
        "listTickets",
        "listUsers",
        "removeGroupMember",
        "triggerJsonEvent",
        "updateTicket",
        "updateUser",
        "updateUserPermissions",
        "uploadAutomationFile",
        "uploadLibraryFile",
        "uploadLibraryGraphic",
    }
)
store_serves(STORE_OPERATIONS)


def handle(ctx: Context) -> Any:
    spec, op = ctx.mock.spec, ctx.op
    concrete = normalise_path(ctx.request.url.path)
    if op.method in ("GET", "HEAD"):
        if _is_list(spec, op):
            return _list(ctx, concrete)
        if _is_item(spec, op):
            return _read(ctx, concrete)
        return _document(ctx, concrete)
    if op.method == "POST" and _item_template(spec, op.template) is not None:
        return _create(ctx, concrete)
    if op.method in ("PUT", "PATCH"):
        if _is_item(spec, op):
            return _update(ctx, concrete)
        ctx.brand.documents[concrete] = {**(ctx.brand.documents.get(concrete) or {}), **ctx.json}
        return _example(ctx)
    if op.method == "DELETE" and _is_item(spec, op):
        parent, item_id = concrete.rsplit("/", 1)
        items = collection(ctx, parent)
        if item_id not in items:
            raise not_found()
        del items[item_id]
        return _example(ctx)
    return _example(ctx)


def _example(ctx: Context) -> Any:
    result = example_result(ctx.mock.spec, ctx.op)
    return NO_RESULT if result is None and ctx.op.success_schema_pointer is None else result


def _is_list(spec: Spec, op: Operation) -> bool:
    if op.ext("x-pagination"):
        return True
    result = example_result(spec, op)
    return isinstance(result, dict) and isinstance(result.get("elements"), list)


def _is_item(spec: Spec, op: Operation) -> bool:
    """An id-terminated path whose parent collection is in the spec (else it is a singleton document)."""
    return op.template.endswith("}") and bool(spec.methods_at(op.template.rsplit("/", 1)[0]))


def _item_template(spec: Spec, template: str) -> str | None:
    for candidate in spec.paths:
        head, _, tail = candidate.rpartition("/")
        if head == template and tail.startswith("{"):
            return candidate
    return None


def _list_op(spec: Spec, collection_template: str) -> Operation | None:
    return spec.methods_at(collection_template).get("GET")


def _template_of(spec: Spec, concrete: str) -> str | None:
    return spec.template_of(concrete)


def collection(ctx: Context, path: str) -> dict[str, dict[str, Any]]:
    """The items of a concrete collection path, seeded once from the spec's list example."""
    brand: Brand = ctx.brand
    items = brand.store.setdefault(path, {})
    if path not in brand.seeded_collections:
        brand.seeded_collections.add(path)
        template = _template_of(ctx.mock.spec, path)
        list_op = _list_op(ctx.mock.spec, template) if template else None
        result = example_result(ctx.mock.spec, list_op) if list_op else None
        if isinstance(result, dict):
            for element in result.get("elements") or []:
                if isinstance(element, dict):
                    key = _id_key(element)
                    if key and isinstance(element.get(key), str):
                        items[element[key]] = copy.deepcopy(element)
    return items


def _id_key(item: dict[str, Any], prefix: str | None = None) -> str | None:
    if prefix:
        for key, value in item.items():
            if prefix_of(value) == prefix and key.lower().endswith("id"):
                return key
    for key in ID_KEYS:
        if key in item:
            return key
    return next((k for k in item if k.lower().endswith("id")), None)


def _list(ctx: Context, concrete: str) -> Any:
    return paged(ctx, list(collection(ctx, concrete).values()), path=concrete)


def _read(ctx: Context, concrete: str) -> Any:
    parent, item_id = concrete.rsplit("/", 1)
    item = collection(ctx, parent).get(item_id)
    if item is None:
        raise not_found()
    base = example_result(ctx.mock.spec, ctx.op)
    return {**base, **item} if isinstance(base, dict) else item


def _document(ctx: Context, concrete: str) -> Any:
    base = example_result(ctx.mock.spec, ctx.op)
    stored = ctx.brand.documents.get(concrete)
    if isinstance(base, dict) and isinstance(stored, dict):
        return {**base, **stored}
    return base


def _new_id(ctx: Context, item_template: str, created: Any) -> tuple[str, str | None]:
    """A fresh id with the prefix of the item parameter's example (or the create example's id)."""
    param = item_template.rsplit("{", 1)[1].rstrip("}")
    item_op = next(iter(ctx.mock.spec.methods_at(item_template).values()), None)
    prefix = None
    if item_op is not None:
        for p in item_op.params:
            if p.name == param:
                prefix = prefix_of((p.schema.get("examples") or [None])[0])
    key = _id_key(created) if isinstance(created, dict) else None
    if prefix is None and isinstance(created, dict) and key:
        prefix = prefix_of(created.get(key))
    return ctx.mock.ids.new(prefix or "ID_"), key


def _create(ctx: Context, concrete: str) -> Any:
    item_template = _item_template(ctx.mock.spec, ctx.op.template)
    assert item_template is not None  # noqa: S101 - checked by the caller
    created = example_result(ctx.mock.spec, ctx.op)
    new_id, key = _new_id(ctx, item_template, created)
    key = key or "id"
    if isinstance(created, dict):
        created[key] = new_id
    else:
        created = {key: new_id}
    item = {**ctx.json, **ctx.body.form, key: new_id}
    if key != "id" and "id" not in item:
        item["id"] = new_id
    collection(ctx, concrete)[new_id] = item
    return created


def _update(ctx: Context, concrete: str) -> Any:
    parent, item_id = concrete.rsplit("/", 1)
    items = collection(ctx, parent)
    if item_id not in items:
        raise not_found()
    items[item_id].update(ctx.json)
    return _example(ctx)
