"""A unit of work: one transaction whose hot-row writes run last, before commit.

A row every writer of a unit touches (the year's tracking counter) is locked
from its first write until commit. Inside `unit_of_work()`, code that would
write such a row registers a finishing step with `before_commit` instead; the
steps run, ordered by `order`, as the last statements of the same transaction,
so the row is held for those statements and the commit only, and what they
write commits with everything else or not at all (this is not
`transaction.on_commit`, which runs after the commit, outside it). The rollup
deltas are such a step too, though they lock no shared row (they are appended,
see supervision.facts.services): one insert for the whole unit of work.

Outside a unit of work `before_commit` returns False and the caller writes at
once, as before. A unit of work nested in another joins the outer one. State a
step needs (collected deltas, say) lives in `state(key)`, a dict per unit of work.

A savepoint rolled back inside the unit of work whose exception is caught would
leave its collected state behind: steps must only collect what the code that
raised did not (callers in this project let the error end the transaction).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import transaction

_local = threading.local()

# Finishing steps, by order: the rollup deltas (appended rows, locking nothing
# another writer needs), then numbering last, so the unit's counter row is
# held for its one statement and the commit.
ORDER_ROLLUPS = 10
ORDER_NUMBERING = 90

# A hook for the bench: called after each committed unit of work with (step
# key, seconds from the step's first statement to the end of the commit), and
# with (COMMIT_KEY, seconds the commit itself took: its WAL flush). A hold
# therefore includes the commit; the commit figure says how much of it that is.
hold_observer: Callable[[str, float], object] | None = None
COMMIT_KEY = "commit"


class _Work:
    def __init__(self) -> None:
        self.steps: dict[str, tuple[int, Callable[[], object]]] = {}
        self.states: dict[str, dict] = {}
        # Steps that ran; one registered again (by a later step) runs again.
        self.done: set[str] = set()


def active() -> bool:
    return getattr(_local, "work", None) is not None


def before_commit(key: str, step: Callable[[], object], *, order: int) -> bool:
    """Run `step` once, as one of the last statements of the current unit of
    work; False (and nothing registered) when none is active."""
    work = getattr(_local, "work", None)
    if work is None:
        return False
    work.steps.setdefault(key, (order, step))
    work.done.discard(key)
    return True


def state(key: str) -> dict:
    """The current unit of work's dict for `key` (a unit of work must be active)."""
    work = _local.work
    return work.states.setdefault(key, {})


@contextmanager
def unit_of_work(using: str | None = None) -> Iterator[None]:
    """A transaction (transaction.atomic) that runs its finishing steps last."""
    if active():
        with transaction.atomic(using=using):
            yield
        return
    with transaction.atomic(using=using):
        _local.work = work = _Work()
        try:
            yield
            # A step may register another: run until none is left.
            done = work.done
            started: dict[str, float] = {}
            while pending := sorted(
                (order, key)
                for key, (order, _) in work.steps.items()
                if key not in done
            ):
                _, key = pending[0]
                done.add(key)
                started.setdefault(key, time.perf_counter())
                work.steps[key][1]()
            committing = time.perf_counter()
        finally:
            _local.work = None
    # Reported only when the unit of work committed (it was not itself inside
    # a caller's transaction, which would hold the rows until its own commit).
    if (
        hold_observer is not None
        and not transaction.get_connection(using).in_atomic_block
    ):
        ended = time.perf_counter()
        for key, at in started.items():
            hold_observer(key, ended - at)
        hold_observer(COMMIT_KEY, ended - committing)
