"""The run as a library: `run(spec) -> RunResult`, `rescore(...)`, the spec, roles and identity.

The CLI, the pytest plugin and notebooks all call these; readers (show, compare, report) use the store.
"""

from agentbench.runs.run import RunResult, run, run_async
from agentbench.runs.spec import RoleSpec, RunSpec, build_spec


def rescore(*args, **kwargs):  # noqa: ANN002, ANN003 - see agentbench.runs.rescore.rescore
    """Recompute every score of a run from its stored outputs (see `agentbench.runs.rescore`)."""
    from agentbench.runs.rescore import rescore as rescore_run

    return rescore_run(*args, **kwargs)


__all__ = ["RoleSpec", "RunResult", "RunSpec", "build_spec", "rescore", "run", "run_async"]
