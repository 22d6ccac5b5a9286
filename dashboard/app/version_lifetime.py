"""How long a data version's cached figures and engine are kept: while it is current, or while
a run that started on it is still drawing; evicted once neither holds.

Every cached function keyed by a version (`data_access`, `records_access`, `national_data`)
goes through `tracked`, which notes the arguments of each entry under its version. When a run
finds that a store's current version has changed (an ingest, an upload, a rollback, by this
server or another over the same store: `seen_current`), every other version of that store is
released: its cache entries (Streamlit's per-argument `clear`) and its DuckDB engine
(`figures.engine`, `national.engine`). A version a run still holds (`running`: a session
reads the current version once per run, and draws the whole page from it) is released when
the last such run ends, so no page is half drawn from one version and half from another, and
no engine is dropped under a query; a version held only after it stopped being current (a run
that read the pointer just before it moved) is released the same way.

Kinds: "force" (the force extract's versions) and "national" (the Home Office tables' own
versions). National versions are not held by runs: their tables are small, and an entry a run
re-creates just after a change is released at the next change (and bounded meanwhile by the
caches' own limits).
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import Any

import streamlit as st

from dashboard.figures import engine
from dashboard.figures.request import Request
from dashboard.national import engine as national_engine

FORCE, NATIONAL = "force", "national"
# Streamlit's cache settings for every cached figure: bounded in entries and in time
CACHE = {"max_entries": 2048, "ttl": 6 * 3600, "show_spinner": False}
# per version and cached function: the arguments remembered, at most this many (Streamlit's
# cache keeps at most as many entries per function: older ones are gone from it already)
MAX_REMEMBERED = CACHE["max_entries"]

Scope = tuple[str, str]  # (kind, store root)
Slot = tuple[Scope, str]  # a version of a scope

_ENGINES: dict[str, Callable[[str, set[str]], list[str]]] = {
    FORCE: engine.release_all_but,
    NATIONAL: national_engine.release_all_but,
}

_lock = threading.Lock()
_current: dict[Scope, str] = {}
_held: Counter[Slot] = Counter()
_pending: set[Slot] = set()  # held by a run when it stopped being current
_entries: dict[Slot, dict[int, tuple[Any, OrderedDict[tuple, None]]]] = {}


def _force_slot(args: tuple) -> Slot:
    """A force figure's version: a `Request`'s, or the (store root, version) it starts with."""
    if isinstance(args[0], Request):
        return (FORCE, args[0].store_root), args[0].version
    return (FORCE, str(args[0])), str(args[1])


def _national_slot(args: tuple) -> Slot:
    """A national figure's version: the (store root, national version) it starts with."""
    return (NATIONAL, str(args[0])), str(args[1])


def tracked(cached: Any, kind: str = FORCE) -> Callable:
    """`cached` (a function under `st.cache_data`), its entries noted under their version so
    that they can be released with it."""
    slot_of = _force_slot if kind == FORCE else _national_slot

    def call(*args: Hashable) -> Any:
        _remember(slot_of(args), cached, args)
        return cached(*args)

    call.__wrapped__ = cached  # type: ignore[attr-defined]
    call.clear = cached.clear  # type: ignore[attr-defined]
    return call


def cached(kind: str = FORCE) -> Callable[[Callable], Callable]:
    """A decorator: the function under Streamlit's cache (`CACHE`), `tracked` by version."""
    return lambda function: tracked(st.cache_data(function, **CACHE), kind)


def _remember(slot: Slot, cached: Any, args: tuple) -> None:
    with _lock:
        functions = _entries.setdefault(slot, {})
        _, remembered = functions.setdefault(id(cached), (cached, OrderedDict()))
        remembered[args] = None
        remembered.move_to_end(args)
        while len(remembered) > MAX_REMEMBERED:
            remembered.popitem(last=False)


def seen_current(kind: str, store_root: str, version: str) -> None:
    """A run has read `version` as its store's current one: if that is a change, every other
    version of the store no run holds is released now, the held ones when their runs end."""
    scope = (kind, str(store_root))
    with _lock:
        if _current.get(scope) == version:
            return
        _current[scope] = version
        held = {v for (s, v), n in _held.items() if s == scope and n > 0}
        _pending.update((scope, v) for v in held if v != version)
        doomed = [slot for slot in _entries if slot[0] == scope and slot[1] not in held]
        doomed = [slot for slot in doomed if slot[1] != version]
        keep = held | {version}
    _release(scope, doomed, keep)


@contextmanager
def running(store_root: str, version: str) -> Iterator[None]:
    """Hold a force version for one run of a session (its page is drawn from it)."""
    slot = ((FORCE, str(store_root)), version)
    with _lock:
        _held[slot] += 1
        if _current.get(slot[0], version) != version:
            _pending.add(slot)
    try:
        yield
    finally:
        _let_go(slot)


def _let_go(slot: Slot) -> None:
    scope, version = slot
    with _lock:
        _held[slot] -= 1
        if _held[slot] > 0:
            return
        del _held[slot]
        if slot not in _pending:
            return
        _pending.discard(slot)
        keep = {v for (s, v) in _held if s == scope} | {_current[scope]}
    _release(scope, [slot], keep)


def _release(scope: Scope, slots: list[Slot], keep: set[str]) -> None:
    """Clear the cache entries of `slots` and the engines of every version not in `keep`."""
    for slot in slots:
        with _lock:
            functions = _entries.pop(slot, {})
        for cached, remembered in functions.values():
            for args in remembered:
                cached.clear(*args)
    kind, store_root = scope
    _ENGINES[kind](store_root, keep)


def remembered(kind: str, store_root: str) -> dict[str, int]:
    """Per version of a store, how many cache entries are noted (what is left to release)."""
    with _lock:
        return {
            version: sum(len(r) for _, r in functions.values())
            for (scope, version), functions in _entries.items()
            if scope == (kind, str(store_root)) and functions
        }
