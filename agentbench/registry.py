"""Name -> factory registries for pluggable parts (dialects, model backends, suites).

A factory is registered by name with a decorator and built with `create(name, **kwargs)`; the registry
keeps the arguments so a run can say exactly what it used. Modules register themselves on import; the
`_modules` list says which module to import for a name, so nothing heavy loads until it is asked for.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from agentbench.errors import UsageError

T = TypeVar("T")


class Registry(Generic[T]):
    def __init__(self, kind: str, modules: dict[str, str]):
        self.kind = kind
        self._factories: dict[str, Callable[..., T]] = {}
        self._modules = modules  # name -> module that registers it

    def register(self, name: str) -> Callable[[Callable[..., T]], Callable[..., T]]:
        def wrap(factory: Callable[..., T]) -> Callable[..., T]:
            self._factories[name] = factory
            return factory

        return wrap

    def names(self) -> list[str]:
        return sorted(set(self._factories) | set(self._modules))

    def get(self, name: str) -> Callable[..., T]:
        if name not in self._factories and name in self._modules:
            importlib.import_module(self._modules[name])
        if name not in self._factories:
            raise UsageError(f"unknown {self.kind} {name!r}; known: {', '.join(self.names())}")
        return self._factories[name]

    def create(self, name: str, **kwargs: Any) -> T:
        return self.get(name)(**kwargs)


dialects: Registry[Any] = Registry(
    "dialect",
    {
        "react_zh": "agentbench.dialects.react",
        "react_en": "agentbench.dialects.react",
        "agentfabric": "agentbench.dialects.agentfabric",
        "openai_tools": "agentbench.dialects.openai_tools",
        "qwen": "agentbench.dialects.qwen",
        "hermes": "agentbench.dialects.hermes",
        "glm4": "agentbench.dialects.glm4",
    },
)

suites: Registry[Any] = Registry(
    "suite",
    {
        "agent": "agentbench.suites.agent",
        "arc": "agentbench.suites.arc",
        "arc_easy": "agentbench.suites.arc",
        "arc_challenge": "agentbench.suites.arc",
        "ceval": "agentbench.suites.ceval",
        "gsm8k": "agentbench.suites.gsm8k",
    },
)
