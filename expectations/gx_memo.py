"""Build each expectation's configuration once per validation, not once per read.

GX 1.x rebuilds `Expectation.configuration` (a pydantic `.dict()` and a new
ExpectationConfiguration) every time the property is read, and while it plans a suite's metrics it
reads it once per keyword of every metric: ~100 rebuilds per expectation, about a third of the
time a small table's suite takes. Inside `memoised()` the first read of an expectation builds its
configuration and later reads in the block return that one; outside the block (and in any other
thread) the property is GX's own. Our suites use no suite parameters, the only thing GX writes
into a configuration while validating, so a shared one holds what a fresh one would.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager

_local = threading.local()
_installed = False
_install_lock = threading.Lock()


def _install() -> None:
    """Wrap the property once per process (GX must be importable)."""
    global _installed
    with _install_lock:
        if _installed:
            return
        from great_expectations.expectations.expectation import Expectation

        build = Expectation.configuration.fget

        def configuration(self):
            memo = getattr(_local, "memo", None)
            if memo is None:
                return build(self)
            hit = memo.get(id(self))
            if hit is None:  # the memo holds the expectation itself, so its id is not reused in the block
                hit = memo[id(self)] = (self, build(self))
            return hit[1]

        configuration.__doc__ = build.__doc__
        Expectation.configuration = property(configuration)
        _installed = True


@contextmanager
def memoised():
    """Within the block, this thread's reads of an expectation's configuration share one build."""
    _install()
    outer = getattr(_local, "memo", None)
    _local.memo = {} if outer is None else outer
    try:
        yield
    finally:
        _local.memo = outer
