"""The generic resource store's handlers: operations listed in STORE_OPERATIONS behave like REST resources,
driven only by the spec. The data and its operations are the backend's (`store.ResourceStore`); this module
only reads from the spec what a request means and answers in the operation's shape.

POST to a collection creates an item (id with the prefix the spec's examples use), GET lists (paginated by the
operation's x-pagination) or reads, PUT merges, DELETE removes, an unknown id is a 404. A collection is
seeded lazily from its list example, so example ids (which schemathesis links follow) exist.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..context import NO_RESULT, Context, store_serves
from ..envelope import not_found
from ..ids import prefix_of
from ..pagination import paged
from ..spec import Operation, Spec, normalise_path
from ..store import Item, id_key
from ..synth import example_result

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
        "updateGroup",
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
    store = ctx.brand.resources
    if op.method in ("GET", "HEAD"):
        if _is_list(spec, op):
            return paged(ctx, store.items(concrete, _seed(ctx, concrete)), path=concrete)
        if _is_item(spec, op):
            return _read(ctx, concrete)
        return _document(ctx, concrete)
    if op.method == "POST" and _item_template(spec, op.template) is not None:
        return _create(ctx, concrete)
    if op.method in ("PUT", "PATCH"):
        if not _is_item(spec, op):
            store.merge_document(concrete, ctx.json)
            return _example(ctx)
        parent, item_id = concrete.rsplit("/", 1)
        if store.update(parent, item_id, ctx.json, _seed(ctx, parent)) is None:
            raise not_found()
        return _example(ctx)
    if op.method == "DELETE" and _is_item(spec, op):
        parent, item_id = concrete.rsplit("/", 1)
        if not store.delete(parent, item_id, _seed(ctx, parent)):
            raise not_found()
        return _example(ctx)
    return _example(ctx)


def _example(ctx: Context) -> Any:
    result = example_result(ctx.mock.spec, ctx.op)
    return NO_RESULT if result is None and ctx.op.success_schema_pointer is None else result


def _is_list(spec: Spec, op: Operation) -> bool:
    if op.paging is not None:
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


def _seed(ctx: Context, path: str) -> Callable[[], Iterable[Item]]:
    """What a collection path starts with: the elements of its list operation's example."""

    def elements() -> Iterable[Item]:
        spec = ctx.mock.spec
        template = spec.template_of(path)
        list_op = spec.methods_at(template).get("GET") if template else None
        result = example_result(spec, list_op) if list_op else None
        found = result.get("elements") if isinstance(result, dict) else None
        return [element for element in found or [] if isinstance(element, dict)]

    return elements


def collection(ctx: Context, path: str) -> dict[str, Item]:
    """The items of a concrete collection path, seeded once from the spec's list example (for families that
    keep a resource in the generic store but answer some of its operations themselves)."""
    return ctx.brand.resources.collection(path, _seed(ctx, path))


def _read(ctx: Context, concrete: str) -> Any:
    parent, item_id = concrete.rsplit("/", 1)
    item = ctx.brand.resources.read(parent, item_id, _seed(ctx, parent))
    if item is None:
        raise not_found()
    base = example_result(ctx.mock.spec, ctx.op)
    return {**base, **item} if isinstance(base, dict) else item


def _document(ctx: Context, concrete: str) -> Any:
    base = example_result(ctx.mock.spec, ctx.op)
    stored = ctx.brand.resources.document(concrete)
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
    key = id_key(created) if isinstance(created, dict) else None
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
    ctx.brand.resources.create(concrete, new_id, item, _seed(ctx, concrete))
    return created
