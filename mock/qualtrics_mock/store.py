"""The generic store's backend: collections of items by concrete path, and singleton documents.

The generic handler (`handlers/generic.py`) decides from the spec what a request means (list, read, create,
update, delete, document) and calls these; everything here is plain data and testable without HTTP. A
collection is seeded once, on first use, from whatever its `seed` callable yields (the spec's list example).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

Item = dict[str, Any]
ID_KEYS = ("id", "Id", "ID")


def id_key(item: Item, prefix: str | None = None) -> str | None:
    """The key that holds an item's id: one whose value has the prefix, else `id`, else any `...Id` key."""
    from .ids import prefix_of  # the one rule for what a Qualtrics-style prefix is

    if prefix:
        for key, value in item.items():
            if prefix_of(value) == prefix and key.lower().endswith("id"):
                return key
    for key in ID_KEYS:
        if key in item:
            return key
    return next((k for k in item if k.lower().endswith("id")), None)


@dataclass
class ResourceStore:
    """One brand's generic resources. The dicts are the brand's own (`Brand.store`, `Brand.documents`), so
    families that keep data under their own keys there share the same records."""

    collections: dict[str, dict[str, Item]] = field(default_factory=dict)
    documents: dict[str, Any] = field(default_factory=dict)
    seeded: set[str] = field(default_factory=set)

    def collection(self, path: str, seed: Callable[[], Iterable[Item]] | None = None) -> dict[str, Item]:
        """The items of a collection path; seeded from `seed` the first time the path is used."""
        items = self.collections.setdefault(path, {})
        if path not in self.seeded:
            self.seeded.add(path)
            for element in seed() if seed is not None else ():
                key = id_key(element)
                if key and isinstance(element.get(key), str):
                    items[element[key]] = copy.deepcopy(element)
        return items

    def items(self, path: str, seed: Callable[[], Iterable[Item]] | None = None) -> list[Item]:
        return list(self.collection(path, seed).values())

    def read(self, path: str, item_id: str, seed: Callable[[], Iterable[Item]] | None = None) -> Item | None:
        return self.collection(path, seed).get(item_id)

    def create(self, path: str, item_id: str, item: Item, seed: Callable[[], Iterable[Item]] | None = None) -> Item:
        self.collection(path, seed)[item_id] = item
        return item

    def update(
        self, path: str, item_id: str, changes: Item, seed: Callable[[], Iterable[Item]] | None = None
    ) -> Item | None:
        """The merged item, or None when the collection has no such id."""
        item = self.collection(path, seed).get(item_id)
        if item is not None:
            item.update(changes)
        return item

    def delete(self, path: str, item_id: str, seed: Callable[[], Iterable[Item]] | None = None) -> bool:
        return self.collection(path, seed).pop(item_id, None) is not None

    def document(self, path: str) -> Any:
        return self.documents.get(path)

    def merge_document(self, path: str, changes: Item) -> Item:
        merged = {**(self.documents.get(path) or {}), **changes}
        self.documents[path] = merged
        return merged

    def owns(self, item_id: str) -> bool:
        return any(item_id in items for items in self.collections.values())
