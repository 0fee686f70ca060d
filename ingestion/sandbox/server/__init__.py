"""The sandbox's HTTP layer: Flipkart's Seller API served over a simulated marketplace.

Names are imported lazily so that `SandboxServer` (which only starts a process) does not load
the simulator and Starlette into the calling process.
"""

from importlib import import_module
from typing import Any

_EXPORTS = {
    "create_app": ".app",
    "PROFILES": ".faults",
    "FaultKind": ".faults",
    "FaultProfile": ".faults",
    "resolve_profile": ".faults",
    "SandboxServer": ".runner",
    "SandboxStartError": ".runner",
    "ServerSettings": ".state",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(module, __name__), name)
