"""Build the models of a run's roles (candidate, judge, baseline) with the shared runtime around them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from agentbench.models.base import ChatModel, ModelSettings
from agentbench.models.factory import make_model
from agentbench.runs.identity import canonical, role_key
from agentbench.runs.spec import RoleSpec
from agentbench.runtime.cache import CachedModel
from agentbench.suites.base import Suite
from agentbench.suites.oracles import demo_replies, gold_oracle


@dataclass
class BuiltRole:
    name: str
    spec: RoleSpec
    model: Any
    """A ChatModel, possibly behind the response cache."""
    identity: dict[str, Any]
    key: str
    """What records carry (`candidate`), from the identity: never a URL or a secret."""


def build_role(name: str, spec: RoleSpec, suites: list[Suite], cache_path: Any | None) -> BuiltRole:
    settings = ModelSettings(base_url=spec.base_url, api_key_env=spec.api_key_env, concurrency=spec.concurrency,
                             options=spec.backend_options())
    scripted = spec.model.startswith("scripted:")
    if spec.model in ("scripted:gold", "scripted:demo"):
        settings.oracle = gold_oracle(suites)
        settings.demo = demo_replies(suites) if spec.model == "scripted:demo" else None
    model: ChatModel = make_model(spec.model, settings)
    identity = spec.identity()
    key = role_key(identity)
    backend_identity = model.identity
    model.identity = key  # records and logs never show the endpoint URL
    if scripted and backend_identity != spec.model:  # a replay file: its content digest is what it is
        identity = {**identity, "replay": backend_identity}
        key = model.identity = role_key(identity) if identity["options"] else backend_identity
    wrapped: Any = model
    if cache_path is not None and not scripted and getattr(model, "cacheable", True):
        wrapped = CachedModel(model, cache_path, identity_key=canonical(identity))
    return BuiltRole(name, spec, wrapped, identity, key)
