"""The run as a library: `run(spec) -> RunResult`, `rescore(...)`, the spec, roles and identity.

The CLI, the pytest plugin and notebooks all call these; readers (show, compare, report) use the store.
"""

from agentbench.runs.rescore import rescore
from agentbench.runs.run import RunResult, run, run_async
from agentbench.runs.spec import RoleSpec, RunSpec, build_spec

__all__ = ["RoleSpec", "RunResult", "RunSpec", "build_spec", "rescore", "run", "run_async"]
