"""`agentbench` command line: a thin layer over the run library (agentbench.run / rescore) and the reader.

Exit codes: 0 done; 1 internal error; 2 bad usage, config, scenario or dataset; 3 the endpoint refuses
(bad key, unknown model, nothing listening); 4 the run finished but some samples hit harness errors
(rerun the same command to retry them); 5 the run directory cannot be written; 6 a judge's parse rate is
below its threshold; 130 interrupted.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from pathlib import Path
from typing import Any

from agentbench import __version__
from agentbench.errors import AgentbenchError, UsageError

# subcommands contributed by other modules: name -> (module with add_arguments/run, help)
PLUGGED = {
    "compare": ("agentbench.report.compare", "compare two runs: per-suite deltas with paired bootstrap CIs"),
    "prefetch": ("agentbench.data.prefetch", "download a suite's dataset ahead of an offline run"),
    "mock-server": ("agentbench.mockserver.cli", "serve a mock OpenAI-compatible endpoint on loopback"),
    "report": ("agentbench.report.command", "HTML (self-contained), Markdown or JSON report of one or more runs"),
    "view": ("agentbench.report.view", "serve a run's HTML report on 127.0.0.1 and print the URL"),
    "judge-parse": ("agentbench.judges.cli", "parse raw judge replies: one JSON line (status, overall, dims) each"),
}


def typed_value(value: str) -> Any:
    """`--model-option` values are JSON where they parse (2.5, true, {"a": 1}, "text"), else plain text."""
    try:
        return json.loads(value)
    except ValueError:
        return value


def key_values(items: list[str], flag: str, typed: bool) -> dict[str, Any]:
    options: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise UsageError(f"{flag} takes KEY=VALUE, got {item!r}")
        if typed:
            options[key] = typed_value(value)
        elif value.startswith(("{", "[")):
            try:
                options[key] = json.loads(value)
            except ValueError as exc:
                raise UsageError(f"{flag} {key}: not valid JSON: {exc}") from None
        else:
            options[key] = value  # the suite's declared option type reads it (bool, int, list...)
    return options


ROLE_FIELDS = {"base_url": "base-url", "api_key_env": "api-key-env", "concurrency": "concurrency", "rpm": "rpm",
               "tpm": "tpm", "timeout": "timeout"}


def _role(args: argparse.Namespace, prefix: str, model: str | None, base: dict[str, Any] | None) -> dict[str, Any] | None:
    role = dict(base or {})
    if model is not None:
        role["model"] = model
    for field in ROLE_FIELDS:
        value = getattr(args, f"{prefix}{field}")
        if value is not None:
            role[field] = value
    options = key_values(getattr(args, f"{prefix}option"), f"--{prefix.replace('_', '-')}option" if prefix
                         else "--model-option", typed=True)
    if options:
        role["options"] = {**role.get("options", {}), **options}
    if not role:
        return None
    if "model" not in role:
        flag = f"--{prefix.rstrip('_')}" if prefix else "--model"
        raise UsageError(f"settings for the {prefix.rstrip('_') or 'candidate'} model given without {flag} SPEC")
    return role


def spec_from_args(args: argparse.Namespace):
    from agentbench.runs.spec import RunSpec, build_spec

    data: dict[str, Any] = {}
    if args.config:
        data = RunSpec.from_yaml(args.config).model_dump(mode="json", exclude_unset=True)
    if args.suite is not None:
        data["suites"] = [s for s in args.suite.split(",") if s.strip()]
    data.setdefault("suites", ["agent_zh"])
    model = data.get("model")
    data["model"] = _role(args, "", args.model, model if isinstance(model, dict) else None) or {"model": "scripted:demo"}
    for name in ("judge", "baseline"):
        given = data.get(name)
        role = _role(args, f"{name}_", getattr(args, name), given if isinstance(given, dict) else None)
        if role:
            data[name] = role
    for field in ("out", "dialect", "trials", "limit", "shots", "style", "data_dir"):
        if getattr(args, field) is not None:
            data[field] = getattr(args, field)
    if args.tools_dir:
        data["tools_dirs"] = args.tools_dir
    if args.suite_option:
        data["suite_options"] = {**data.get("suite_options", {}), **key_values(args.suite_option, "--suite-option", False)}
    if args.no_cache:
        data["cache"] = False
    if args.progress:
        data["progress"] = args.progress
    return build_spec(data, "command line")


def cmd_run(args: argparse.Namespace) -> int:
    from agentbench.runs import run

    spec = spec_from_args(args)
    print(f"agentbench {__version__}: {', '.join(spec.suites)} with {spec.model.model} -> {spec.out_dir()}",
          file=sys.stderr)
    return print_result(run(spec))


def print_result(result) -> int:
    """Summary, failures and what to do next for a finished run or rescore; returns the exit code."""
    from agentbench.report.text import render_failures, render_summary

    for warning in result.warnings:
        print(f"agentbench: warning: {warning}", file=sys.stderr)
    print(render_summary(result.summary, result.invocation))
    print("\n" + render_failures(result.failures))
    print(f"\nrun directory: {result.out}   (one sample: agentbench show {result.out} --scenario ID)")
    for problem in result.judge_problems():
        print(f"agentbench: {problem}; judged numbers are unreliable (exit code 6)", file=sys.stderr)
    if result.errors:
        print(f"agentbench: {result.errors} sample(s) ended in harness errors and are not scored; rerun the same "
              f"command to retry them (exit code {result.exit_code})", file=sys.stderr)
    return result.exit_code


def cmd_rescore(args: argparse.Namespace) -> int:
    from agentbench.runs import rescore
    from agentbench.runs.spec import RoleSpec

    judge = _role(args, "judge_", args.judge, None)
    result = rescore(Path(args.dir), RoleSpec(**judge) if judge else None, Path(args.out) if args.out else None)
    print("agentbench: rescored from stored outputs (0 candidate calls)", file=sys.stderr)
    return print_result(result)


def _find(reader, wanted: str, trial: int | None):
    text, _, number = wanted.partition(" #")
    if number.strip().isdigit() and trial is None:
        trial = int(number)
    text = text.strip()
    chosen = []
    for record in reader.records():
        sid, suite = record.key.sample_id, record.key.suite
        names = {sid, f"{suite}/{sid}"}
        if text in names and (trial is None or record.key.trial == trial):
            chosen.append(record)
    return chosen


def cmd_show(args: argparse.Namespace) -> int:
    from agentbench.report.text import render_failures, render_record, render_summary, sample_name
    from agentbench.store import RunReader

    reader = RunReader(Path(args.dir)).require()
    if args.scenario:
        chosen = _find(reader, args.scenario, args.trial)
        if not chosen:
            ids = sorted({sample_name(r).rsplit(" #", 1)[0] for r in reader.records()})
            raise UsageError(f"no record for {args.scenario!r} in {args.dir}; ids: {', '.join(ids[:20])}"
                             + (" ..." if len(ids) > 20 else ""))
        print("\n\n".join(render_record(r) for r in chosen))
        return 0
    summary = reader.summary()
    if summary:
        print(render_summary(summary))
    print("\n" + render_failures(reader.records()))
    for problem in reader.problems:
        print(f"agentbench: warning: {problem}", file=sys.stderr)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from agentbench.registry import ALL

    kinds = [args.kind] if args.kind else list(ALL)
    for kind in kinds:
        print(f"{kind}:")
        if kind == "tools":
            from agentbench.tooling import discover_tools

            for name, tool in sorted(discover_tools(args.tools_dir).items()):
                print(f"  {name:<22} {tool.spec.description.splitlines()[0][:80]}")
        if kind == "suites":
            from agentbench.suites import builtin_scenario_folders

            registered = set(ALL["suites"].names())
            for name in builtin_scenario_folders():
                if name not in registered:
                    print(f"  {name:<22} built-in scenario folder")
        for entry in ALL[kind].entries():
            print(f"  {entry.name:<22} {entry.description or entry.target}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from agentbench.scenario.loader import scenario_files
    from agentbench.scenario.validate import validate_paths
    from agentbench.tooling import discover_tools

    paths = [Path(p) for p in args.paths]
    errors = validate_paths(paths, discover_tools(args.tools_dir))
    for error in errors:
        print(str(error), file=sys.stderr)
    files = {str(f) for f in scenario_files(p for p in paths if p.exists())}
    bad = {e.file for e in errors}
    print(f"{len(files - bad)} valid, {len(bad)} invalid", file=sys.stderr)
    return 2 if errors else 0


def cmd_export_gold(args: argparse.Namespace) -> int:
    from agentbench.runs.build import build_suites
    from agentbench.runs.spec import build_spec
    from agentbench.suites import gold_script

    spec = build_spec({"suites": args.suite.split(","), "model": "scripted:gold", "dialect": args.dialect,
                       "data_dir": args.data_dir, "tools_dirs": args.tools_dir}, "command line")
    suites, _ = build_suites(spec)
    text = json.dumps(gold_script(suites), ensure_ascii=False, indent=1)
    Path(args.out).write_text(text + "\n", encoding="utf-8")
    print(f"wrote gold outputs for {sum(len(s.samples()) for s in suites)} sample(s) to {args.out}", file=sys.stderr)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from agentbench.scenario.schema import Scenario

    print(json.dumps(Scenario.model_json_schema(), ensure_ascii=False, indent=2))
    return 0


def add_role_flags(p: argparse.ArgumentParser, prefix: str, what: str) -> None:
    """--base-url, --api-key-env, ... for the candidate; --judge-base-url, ... for another role."""
    flag = f"--{prefix}-" if prefix else "--"
    dest = f"{prefix}_" if prefix else ""
    p.add_argument(flag + "base-url", dest=dest + "base_url",
                   help=f"{what}: OpenAI-compatible endpoint, e.g. http://127.0.0.1:8000/v1")
    p.add_argument(flag + "api-key-env", dest=dest + "api_key_env",
                   help=f"{what}: NAME of the env var holding the API key (never the key)")
    p.add_argument(flag + "concurrency", dest=dest + "concurrency", type=int,
                   help=f"{what}: requests in flight (default 16)")
    p.add_argument(flag + "rpm", dest=dest + "rpm", type=float, help=f"{what}: requests per minute (openai)")
    p.add_argument(flag + "tpm", dest=dest + "tpm", type=float, help=f"{what}: tokens per minute (openai)")
    p.add_argument(flag + "timeout", dest=dest + "timeout", type=float,
                   help=f"{what}: per-request timeout in seconds (openai)")
    p.add_argument(flag + "option" if prefix else "--model-option", dest=dest + "option", action="append", default=[],
                   metavar="KEY=VALUE",
                   help=f"{what}: backend option, JSON-typed (extra_body={{...}}, dtype=bfloat16, temperature=0.8)")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    from agentbench.registry import dialects  # names only: no dialect module is imported

    parser = argparse.ArgumentParser(prog="agentbench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"agentbench {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="run suites against a model into a run directory (resumable)")
    run.add_argument("--config", type=Path, help="YAML run config (every setting below); flags override it")
    run.add_argument("--suite", help="NAME[,NAME...]: agent_zh, a scenario folder, arc, ceval, gsm8k (agentbench list suites)")
    run.add_argument("--model", help="candidate: scripted:demo|gold|random|FILE, openai:NAME, transformers:PATH_OR_ID, "
                     "langchain:MODULE:ATTR (default scripted:demo)")
    add_role_flags(run, "", "candidate")
    run.add_argument("--judge", help="judge model spec (judged suites)")
    add_role_flags(run, "judge", "judge")
    run.add_argument("--baseline", help="baseline model spec (pairwise suites)")
    add_role_flags(run, "baseline", "baseline")
    run.add_argument("--out", type=Path, help="run directory (default runs/<model>); rerun the same command to resume")
    run.add_argument("--dialect", choices=dialects.names(), help="tool-call format for agent suites (default react_zh)")
    run.add_argument("--trials", type=int, help="trials per sample (pass@k / pass^k)")
    run.add_argument("--limit", type=int, help="first N samples of each suite")
    run.add_argument("--data-dir", type=Path, help="dataset folder (upstream layouts)")
    run.add_argument("--tools-dir", type=Path, action="append", default=[], help="extra simulated-tool folder")
    run.add_argument("--shots", type=int, help="few-shot examples (arc, ceval, gsm8k)")
    run.add_argument("--style", choices=["chat", "completion"], help="prompt style for general suites")
    run.add_argument("--suite-option", action="append", default=[], metavar="[SUITE.]KEY=VALUE",
                     help="suite option, e.g. cot=true, subjects=law,logic, max_tokens=512, ceval.cot=true")
    run.add_argument("--no-cache", action="store_true", help="bypass the response cache")
    run.add_argument("--progress", choices=["auto", "bar", "lines", "off"], help="progress on stderr")
    run.set_defaults(func=cmd_run)

    rescore = sub.add_parser("rescore", help="recompute every score from a run's stored outputs (0 model calls)")
    rescore.add_argument("dir", help="run directory")
    rescore.add_argument("--out", help="write the rescored run here instead of in place")
    rescore.add_argument("--judge", help="judge model spec to grade with (default: the run's)")
    add_role_flags(rescore, "judge", "judge")
    rescore.set_defaults(func=cmd_rescore)

    show = sub.add_parser("show", help="summary and failing samples of a run; one sample step by step")
    show.add_argument("dir", help="run directory")
    show.add_argument("--scenario", help="sample id as the summary prints it (with or without suite/ and #trial)")
    show.add_argument("--trial", type=int, default=None, help="only this trial")
    show.set_defaults(func=cmd_show)

    lister = sub.add_parser("list", help="what is available: suites, dialects, models, judges, tools")
    lister.add_argument("kind", nargs="?", choices=["suites", "dialects", "models", "judges", "tools"],
                        help="one kind (default: all)")
    lister.add_argument("--tools-dir", type=Path, action="append", default=[], help="extra simulated-tool folder")
    lister.set_defaults(func=cmd_list)

    validate = sub.add_parser("validate", help="check scenario files (exit 0 valid, 2 invalid)")
    validate.add_argument("paths", nargs="+", help="scenario files or folders")
    validate.add_argument("--tools-dir", type=Path, action="append", default=[], help="extra simulated-tool folder")
    validate.set_defaults(func=cmd_validate)

    gold = sub.add_parser("export-gold", help="write each sample's gold outputs as a script (scripted:FILE, "
                          "mock-server --script) for dry runs")
    gold.add_argument("--suite", default="agent_zh", help="NAME[,NAME...]")
    gold.add_argument("--dialect", default="react_zh", choices=dialects.names(), help="tool-call format")
    gold.add_argument("--data-dir", type=Path, default=None, help="dataset folder")
    gold.add_argument("--tools-dir", type=Path, action="append", default=[], help="extra simulated-tool folder")
    gold.add_argument("--out", required=True, help="file to write (JSON)")
    gold.set_defaults(func=cmd_export_gold)

    schema = sub.add_parser("schema", help="print the JSON Schema of scenario files")
    schema.set_defaults(func=cmd_schema)

    for name, (module, help_text) in PLUGGED.items():
        p = sub.add_parser(name, help=help_text)
        if name == command:  # import only the module of the command asked for: startup stays fast
            mod = importlib.import_module(module)
            mod.add_arguments(p)
            p.set_defaults(func=mod.run)
    return parser


def _quiet_pipe() -> None:
    """stdout went away (`agentbench show RUN | head`): stop quietly, without Python's exit-time noise."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    command = next((a for a in argv if not a.startswith("-")), None)
    args = build_parser(command).parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except AgentbenchError as exc:
        print(f"agentbench: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        _quiet_pipe()
        return 0
    except KeyboardInterrupt:
        print("agentbench: interrupted; rerun the same command to resume", file=sys.stderr)
        return 130
    except OSError as exc:
        print(f"agentbench: error: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return 5


if __name__ == "__main__":
    sys.exit(main())
