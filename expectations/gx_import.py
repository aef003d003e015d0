"""Import GX without the modules it loads for features we never use: scipy.stats and altair wait.

GX 1.x imports every built-in expectation when it starts. Its KL-divergence expectation imports
scipy.stats and altair at module level, for statistics and charts no suite of ours runs; that is
~1.5 s of a ~5 s import, paid on the critical path of every `make run`. Until GX is imported,
those two modules are put in `sys.modules` as deferred stand-ins: the real module is imported the
first time any attribute of the stand-in is read, so code that does use them still gets them.
"""

from __future__ import annotations

import importlib
import sys
import threading
import types

DEFERRED = ("scipy.stats", "altair")
_lock = threading.RLock()  # re-entrant: importing one deferred module may read another


class DeferredModule(types.ModuleType):
    """Stands in for a module until an attribute of it is read, then becomes (a copy of) it."""

    def __getattr__(self, attr: str):
        with _lock:
            real = sys.modules.get(self.__name__)
            if real is self or real is None:
                sys.modules.pop(self.__name__, None)
                try:
                    real = importlib.import_module(self.__name__)
                except BaseException:
                    sys.modules[self.__name__] = self
                    raise
            self.__dict__.update(real.__dict__)
        return getattr(real, attr)


def import_gx():
    """great_expectations, imported with DEFERRED left out of its start-up."""
    if "great_expectations" not in sys.modules:
        for name in DEFERRED:
            if name not in sys.modules:
                sys.modules[name] = DeferredModule(name)
    import great_expectations

    return great_expectations
