"""The use cases with their dependencies bound (cosmicpython's ``inject_dependencies``).

A use case is a public function of one of the service modules below whose leading
parameters name dependencies (``uow_factory``, ``journal``, ``job_store``,
``file_store``, ``sheet_writer``, ``scheduler``…). ``UseCases``
binds them once, in the composition root, so a caller passes only what the user chose:

    runtime.use.list_batches(flt, limit=100)       # not list_batches(uow_factory, flt, ...)

Each call is one unit of work of its own; callers on the GUI thread run it as an op.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from types import ModuleType
from typing import Any

from mesdesk.domain.roles import LEAST_ROLE, OPEN

from . import (aggregation, analytics, analytics_export, audit, batches, demo, exports,
               file_cleanup, files, imports, intake, lookups, mail, reports, scan_list,
               schedule, station, status, users, webhooks)
from .identity import Identity

#: The modules whose functions are use cases, in the order their names are taken.
MODULES: tuple[ModuleType, ...] = (batches, lookups, intake, aggregation, scan_list, station,
                                   webhooks, status, demo, reports, exports, imports,
                                   file_cleanup, schedule, analytics, analytics_export, files,
                                   mail, users, audit)

#: Names a use case may take as its leading parameters.
DEPENDENCIES = ("uow_factory", "journal", "job_store", "file_store", "report_renderers",
                "sheet_writer", "sheet_reader", "scheduler")


def bind(function: Callable[..., Any], dependencies: Mapping[str, Any]) -> Callable[..., Any] | None:
    """``function`` with its leading dependency parameters given, or None when its first
    parameter names no dependency (a helper, not a use case)."""
    leading = []
    for parameter in inspect.signature(function).parameters.values():
        if parameter.name not in dependencies:
            break
        leading.append(dependencies[parameter.name])
    if not leading:
        return None
    bound = partial(function, *leading)
    bound.__name__ = function.__name__          # type: ignore[attr-defined]
    bound.__doc__ = function.__doc__
    return bound


def use_cases_of(modules: Iterable[ModuleType], dependencies: Mapping[str, Any]
                 ) -> dict[str, Callable[..., Any]]:
    """Every use case of ``modules`` by name, bound; a name defined twice is a mistake."""
    found: dict[str, Callable[..., Any]] = {}
    for module in modules:
        for name, function in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(function) \
                    or function.__module__ != module.__name__:
                continue
            bound = bind(function, dependencies)
            if bound is None:
                continue
            if name in found:
                raise ValueError(f"two use cases are called {name!r}")
            found[name] = bound
    return found


def guarded(name: str, function: Callable[..., Any], identity: Identity) -> Callable[..., Any]:
    """``function`` run only for a signed-in user whose role may run use case ``name``."""

    def run(*args: Any, **kwargs: Any) -> Any:
        identity.require(name)
        return function(*args, **kwargs)

    run.__name__ = name
    run.__doc__ = function.__doc__
    return run


class UseCases:
    """The bound use cases as attributes (``runtime.use.get_batch(42)``).

    With ``identity``, each runs only for a signed-in user whose role may run it
    (``domain/roles``), signing in (``roles.OPEN``) for anyone; a use case the roles table does
    not name is refused here, at start, so none can run unguarded."""

    def __init__(self, dependencies: Mapping[str, Any],
                 modules: Iterable[ModuleType] = MODULES, *,
                 identity: Identity | None = None) -> None:
        unknown = set(dependencies) - set(DEPENDENCIES)
        if unknown:
            raise ValueError(f"not a use-case dependency: {sorted(unknown)}")
        found = use_cases_of(modules, dependencies)
        self._names = tuple(sorted(found))
        self.identity = identity
        if identity is not None:
            unguarded = sorted(set(found) - set(LEAST_ROLE) - OPEN)
            if unguarded:
                raise ValueError(f"use cases without a role in domain/roles.py: {unguarded}")
        for name, bound in found.items():
            if identity is not None and name not in OPEN:
                bound = guarded(name, bound, identity)
            setattr(self, name, bound)

    def replace(self, **functions: Callable[..., Any]) -> None:
        """Use ``functions`` instead of the bound use cases of those names (tests of a screen
        alone); a name that is no use case is refused, so a typo cannot pass silently."""
        unknown = set(functions) - set(self._names)
        if unknown:
            raise ValueError(f"no such use cases: {sorted(unknown)}")
        for name, function in functions.items():
            setattr(self, name, function)

    @property
    def names(self) -> tuple[str, ...]:
        return self._names

    def __getattr__(self, name: str) -> Any:     # only for names that are not bound
        raise AttributeError(f"no use case {name!r} (is its module in use_cases.MODULES, "
                             f"and is its first parameter a dependency?)")
