"""A Doc product worked out on first read, for products only some sections are asked for.

The speech and commitment components run over every section, but the checks read
utterances only where they still need something (voice-of-child stops once every child is
heard; father-absent asks only about a man's mentions) and clauses only in the actions
sections and around a vague phrase. So the component stores a Deferred in
``doc.user_data`` and the work happens when a check first reads it: reading it as a
sequence (``len``, iteration, indexing, truth) gives exactly what the eager component
gave.

It holds its Doc by weak reference, so the Doc's user_data and the Deferred never form a
reference cycle (assess() pauses the cyclic collector: tests/scoring/test_fast_paths.py).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator, Sequence
from typing import Generic, TypeVar, overload

from spacy.tokens import Doc

T = TypeVar("T")


class Deferred(Sequence[T], Generic[T]):
    __slots__ = ("_compute", "_doc", "_items")

    def __init__(self, doc: Doc, compute: Callable[[Doc], list[T]]) -> None:
        self._doc = weakref.ref(doc)
        self._compute: Callable[[Doc], list[T]] | None = compute
        self._items: list[T] | None = None

    @property
    def items(self) -> list[T]:
        if self._items is None:
            doc = self._doc()
            compute = self._compute
            if doc is None or compute is None:  # pragma: no cover - the Doc holds us
                raise ReferenceError("the Doc this product belongs to is gone")
            self._items = compute(doc)
            self._compute = None
        return self._items

    @property
    def computed(self) -> bool:
        return self._items is not None

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    @overload
    def __getitem__(self, i: int) -> T: ...

    @overload
    def __getitem__(self, i: slice) -> list[T]: ...

    def __getitem__(self, i: int | slice) -> T | list[T]:
        return self.items[i]

    def __repr__(self) -> str:
        return repr(self.items)
