"""Values built once per process and kept for the sessions that ask for them again (charts, a profile's texts).

A burst of readers who open a view nobody has opened yet (a newspaper's link to one profile) would each build
its charts and texts at the same time, and the builds would share one core: the first reader waits for all of
them. Here the first asker builds and the others wait for that build (one build per key, "single flight"); the
least recently used entries are dropped beyond `size`.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any


class BuildCache:
    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict[Hashable, tuple[object, Any]] = OrderedDict()
        self._building: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()  # sessions run their scripts in threads

    def _hit(self, key: Hashable, owner: object) -> tuple[bool, Any]:
        with self._lock:
            hit = self._items.get(key)
            if hit is not None and hit[0] is owner:
                self._items.move_to_end(key)
                return True, hit[1]
            return False, None

    def get(self, key: Hashable, build: Callable[[], Any], owner: object = None) -> Any:
        """The value kept for (owner, key), else build() once however many sessions ask at the same time. The
        entry keeps its owner (the data it was built from): an id reused by other data is never taken for it.
        A build that returns None or raises keeps nothing (the next asker builds again)."""
        key = (id(owner), key)
        found, value = self._hit(key, owner)
        if found:
            return value
        with self._lock:
            flight = self._building.setdefault(key, threading.Lock())
        with flight:
            found, value = self._hit(key, owner)  # built by the session this one waited for
            if found:
                return value
            try:
                value = build()
                if value is not None:
                    with self._lock:
                        self._items[key] = (owner, value)
                        while len(self._items) > self.size:
                            self._items.popitem(last=False)
            finally:
                with self._lock:
                    self._building.pop(key, None)
        return value

    def forget(self, owner: object) -> None:
        """Drop every entry built from `owner` (a test's altered copy of the data)."""
        with self._lock:
            for key in [k for k, (o, _) in self._items.items() if o is owner]:
                del self._items[key]

    def __len__(self) -> int:
        return len(self._items)
