"""BuildCache: one build per key however many sessions ask at once; owners by identity; LRU; failures kept out."""

import threading

import pytest

from sos_dash.buildcache import BuildCache


class Owner:
    """Stands in for a loaded package (hashed and compared by identity, as Data is)."""


def test_concurrent_askers_wait_for_one_build():
    cache, owner = BuildCache(4), Owner()
    started, release, calls = threading.Event(), threading.Event(), []

    def build():
        calls.append(1)
        started.set()
        release.wait(5)
        return "chart"

    results = []
    threads = [threading.Thread(target=lambda: results.append(cache.get("k", build, owner))) for _ in range(8)]
    threads[0].start()
    assert started.wait(5)
    for th in threads[1:]:
        th.start()
    release.set()
    for th in threads:
        th.join(5)
    assert results == ["chart"] * 8
    assert len(calls) == 1


def test_other_keys_build_while_one_is_building():
    cache, owner = BuildCache(4), Owner()
    release = threading.Event()
    slow = threading.Thread(target=lambda: cache.get("slow", lambda: release.wait(5) and "slow", owner))
    slow.start()
    assert cache.get("fast", lambda: "fast", owner) == "fast"  # not queued behind the slow build
    release.set()
    slow.join(5)
    assert cache.get("slow", lambda: "rebuilt", owner) == "slow"


def test_entries_belong_to_their_owner():
    cache, a, b = BuildCache(4), Owner(), Owner()
    assert cache.get("k", lambda: "of a", a) == "of a"
    assert cache.get("k", lambda: "of b", b) == "of b"
    assert cache.get("k", lambda: "again", a) == "of a"
    cache.forget(a)
    assert cache.get("k", lambda: "a rebuilt", a) == "a rebuilt"
    assert cache.get("k", lambda: "again", b) == "of b"


def test_least_recently_used_dropped():
    cache, owner = BuildCache(2), Owner()
    cache.get(1, lambda: "one", owner)
    cache.get(2, lambda: "two", owner)
    cache.get(1, lambda: "again", owner)  # 1 used last: 2 goes first
    cache.get(3, lambda: "three", owner)
    assert len(cache) == 2
    assert cache.get(1, lambda: "rebuilt", owner) == "one"
    assert cache.get(2, lambda: "rebuilt", owner) == "rebuilt"


def test_none_and_failures_are_not_kept():
    cache, owner = BuildCache(4), Owner()
    assert cache.get("k", lambda: None, owner) is None
    assert cache.get("k", lambda: "built", owner) == "built"

    def broken():
        raise ValueError("bad")

    with pytest.raises(ValueError):
        cache.get("x", broken, owner)
    assert cache.get("x", lambda: "fine", owner) == "fine"  # the failed build left no lock behind
