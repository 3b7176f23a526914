"""`agentbench` command line: run | show | validate | schema | compare | prefetch | mock-server."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import re
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
}


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_") or "run"


def _key_values(items: list[str], flag: str) -> dict[str, Any]:
    options: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise UsageError(f"{flag} takes KEY=VALUE, got {item!r}")
        lowered = value.lower()
        if value.startswith(("{", "[")):  # e.g. prices={"prompt": 0.5, "completion": 1.5}
            try:
                options[key] = json.loads(value)
            except json.JSONDecodeError as exc:
                raise UsageError(f"{flag} {key}: not valid JSON: {exc}") from None
            continue
        options[key] = (True if lowered == "true" else False if lowered == "false"
                        else int(value) if value.isdigit() else value)
    return options


def _suite_options(args: argparse.Namespace) -> dict[str, Any]:
    options = _key_values(args.suite_option, "--suite-option")
    if args.shots is not None:
        options["shots"] = args.shots
    if args.style is not None:
        options["style"] = args.style
    return options


def cmd_run(args: argparse.Namespace) -> int:
    from agentbench.models.factory import make_model
    from agentbench.runtime.cache import CachedModel
    from agentbench.runtime.runner import Progress, pending_work, run_work, summarize
    from agentbench.store import RunDir
    from agentbench.suites import make_suite
    from agentbench.trace.render import render_failures, render_summary

    if args.trials < 1 or (args.limit is not None and args.limit < 0) or args.concurrency < 1:
        raise UsageError("--trials and --concurrency must be >= 1, --limit >= 0")
    names = [s.strip() for s in args.suite.split(",") if s.strip()]
    options = _suite_options(args)
    suites = [make_suite(n, args.dialect, args.data_dir, args.tools_dir, options) for n in names]
    backend: dict[str, Any] = {}
    if args.model.startswith("openai:"):
        backend = {k: v for k, v in (("requests_per_min", args.rpm), ("tokens_per_min", args.tpm),
                                     ("timeout_s", args.timeout)) if v is not None}
    backend.update(_key_values(args.model_option, "--model-option"))
    model = make_model(args.model, suites, base_url=args.base_url, api_key_env=args.api_key_env,
                       concurrency=args.concurrency, **backend)
    out = Path(args.out or f"runs/{_slug(args.model)}")
    store = RunDir(out)
    config: dict[str, Any] = {
        "agentbench": __version__, "model": model.identity, "model_spec": args.model, "dialect": args.dialect,
        "suites": names, "suite_configs": {s.name: s.config() for s in suites}, "trials": args.trials,
        "limit": args.limit, "concurrency": args.concurrency, "base_url": args.base_url,
        "api_key_env": args.api_key_env, "cache": not args.no_cache,
    }
    store.open(config)
    if not args.no_cache and getattr(model, "cacheable", True) and not args.model.startswith("scripted:"):
        model = CachedModel(model, store.cache_path)
    work = pending_work(suites, model.identity, store.done_keys(), args.trials, args.limit)
    print(f"agentbench {__version__}: {len(work)} sample(s) to run -> {out}", file=sys.stderr)

    async def go() -> None:
        try:
            await run_work(work, model, store, args.concurrency, Progress(len(work)))
        finally:
            await model.aclose()

    try:
        asyncio.run(go())
    finally:
        store.close()
    summary = summarize(suites, store, model.identity)
    backend = getattr(model, "inner", model)
    if hasattr(backend, "stats"):  # this invocation's calls, retries, tokens, latency and cost
        summary["last_invocation"] = {**backend.stats(), "cache_hits": getattr(model, "hits", 0)}
    old = (out / "summary.json")
    if old.exists():  # keep suites an earlier command wrote into the same directory
        previous = json.loads(old.read_text(encoding="utf-8"))
        if previous.get("model") == summary["model"]:
            summary["suites"] = {**previous.get("suites", {}), **summary["suites"]}
    store.write_summary(summary)
    print(render_summary(summary))
    records = [r for r in store.records() if r["model"] == model.identity and r["suite"] in names]
    print("\n" + render_failures(records))
    print(f"\nrun directory: {out}   (details: agentbench show {out} --scenario ID)")
    errors = sum(1 for r in records if r.get("error"))
    if errors:
        print(f"warning: {errors} sample(s) failed with harness errors and are not scored; rerun to retry them "
              "after fixing the cause", file=sys.stderr)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from agentbench.store import RunDir
    from agentbench.trace.render import render_failures, render_summary, render_trace

    store = RunDir(Path(args.dir))
    if not (store.path / "config.json").exists():
        raise UsageError(f"{args.dir} is not an agentbench run directory (no config.json)")
    records = store.records()
    if args.scenario:
        chosen = [r for r in records if r["sample_id"] == args.scenario and (args.trial is None or r["trial"] == args.trial)]
        if not chosen:
            ids = sorted({r["sample_id"] for r in records})
            raise UsageError(f"no record for {args.scenario!r} in {args.dir}; ids: {', '.join(ids[:30])}")
        for r in chosen:
            if "trace" not in r:
                print(json.dumps(r, ensure_ascii=False, indent=2))
            else:
                print(render_trace(r))
        return 0
    summary_path = store.path / "summary.json"
    if summary_path.exists():
        print(render_summary(store.summary()))
    print("\n" + render_failures(records))
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
    from agentbench.suites import gold_script, make_suite

    names = [s.strip() for s in args.suite.split(",") if s.strip()]
    suites = [make_suite(n, args.dialect, args.data_dir, args.tools_dir) for n in names]
    text = json.dumps(gold_script(suites), ensure_ascii=False, indent=1)
    Path(args.out).write_text(text + "\n", encoding="utf-8")
    print(f"wrote gold outputs for {sum(len(s.samples()) for s in suites)} sample(s) to {args.out}", file=sys.stderr)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from agentbench.scenario.schema import Scenario

    print(json.dumps(Scenario.model_json_schema(), ensure_ascii=False, indent=2))
    return 0


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="agentbench", description=__doc__)
    parser.add_argument("--version", action="version", version=f"agentbench {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run suites against a model into a run directory (resumable)")
    run.add_argument("--suite", default="agent_zh", help="NAME[,NAME...]: agent_zh, a scenario folder, arc, ceval, gsm8k")
    run.add_argument("--model", default="scripted:demo", help="scripted:demo|gold|random|FILE, openai:NAME, "
                     "transformers:PATH_OR_ID, langchain:MODULE:ATTR")
    run.add_argument("--out", help="run directory (default runs/<model>); rerun the same command to resume")
    run.add_argument("--dialect", default="react_zh", help="tool-call format for agent suites")
    run.add_argument("--trials", type=int, default=1, help="trials per sample (pass@k / pass^k)")
    run.add_argument("--limit", type=int, default=None, help="first N samples of each suite")
    run.add_argument("--concurrency", type=int, default=16, help="samples in flight")
    run.add_argument("--base-url", help="OpenAI-compatible endpoint, e.g. http://127.0.0.1:8000/v1")
    run.add_argument("--api-key-env", default=None, help="name of the env var holding the API key (never the key)")
    run.add_argument("--data-dir", type=Path, default=None, help="dataset folder (upstream layouts)")
    run.add_argument("--tools-dir", type=Path, action="append", default=[], help="extra simulated-tool folder")
    run.add_argument("--shots", type=int, default=None, help="few-shot examples for arc/ceval/gsm8k")
    run.add_argument("--style", choices=["chat", "completion"], default=None, help="prompt style for general suites")
    run.add_argument("--suite-option", action="append", default=[], metavar="KEY=VALUE",
                     help="general-suite option, e.g. cot=true, subjects=law,logic, max_tokens=512")
    run.add_argument("--no-cache", action="store_true", help="bypass the response cache")
    run.add_argument("--model-option", action="append", default=[], metavar="KEY=VALUE",
                     help="backend option, e.g. dtype=bfloat16, device=cuda, max_batch_size=32 (transformers)")
    run.add_argument("--rpm", type=float, default=None, help="openai: requests per minute (token bucket)")
    run.add_argument("--tpm", type=float, default=None, help="openai: tokens per minute (token bucket)")
    run.add_argument("--timeout", type=float, default=None, help="openai: per-request timeout in seconds")
    run.set_defaults(func=cmd_run)

    show = sub.add_parser("show", help="summary and failing samples of a run; a trace step by step")
    show.add_argument("dir")
    show.add_argument("--scenario", help="sample id to show in full")
    show.add_argument("--trial", type=int, default=None)
    show.set_defaults(func=cmd_show)

    validate = sub.add_parser("validate", help="check scenario files (exit 0 valid, 2 invalid)")
    validate.add_argument("paths", nargs="+")
    validate.add_argument("--tools-dir", type=Path, action="append", default=[])
    validate.set_defaults(func=cmd_validate)

    gold = sub.add_parser("export-gold", help="write each sample's gold outputs as a script (scripted:FILE, "
                          "mock-server --script) for dry runs")
    gold.add_argument("--suite", default="agent_zh")
    gold.add_argument("--dialect", default="react_zh")
    gold.add_argument("--data-dir", type=Path, default=None)
    gold.add_argument("--tools-dir", type=Path, action="append", default=[])
    gold.add_argument("--out", required=True)
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


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    command = next((a for a in argv if not a.startswith("-")), None)
    args = build_parser(command).parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except AgentbenchError as exc:
        print(f"agentbench: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("agentbench: interrupted; rerun the same command to resume", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
