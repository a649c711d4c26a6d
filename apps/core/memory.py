"""Building many small objects at once."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a request builds tens of thousands of objects that all stay alive
    (a whole tree of nodes): otherwise each allocation threshold makes it walk every object built so far, which at
    60,000 organizations costs as much as building them. Reference counting still frees what dies; the collector
    resumes (if it was on) when the block ends."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
