"""`transformers:PATH_OR_ID`: a local checkpoint run in-process with transformers, with request batching.

Requests from concurrent samples wait in an asyncio queue; one worker takes up to `max_batch_size` of them
(or whatever arrived within `batch_wait_ms`) and runs them as ONE left-padded `generate` call in a worker
thread, then routes each row back to its request. Rows may differ in max_tokens, temperature and stop
strings: per-row stopping criteria end each row on its own, and a per-row sampler draws each sampled row
from its own generator seeded by (sample_id, trial, call_index), so a row's output does not depend on
which other requests shared its batch.

torch / transformers / modelscope are imported only when a model is constructed; without them the
constructor raises `UsageError` naming the extra to install. See docs/local_models.md.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Literal

from agentbench.errors import UsageError
from agentbench.models.base import ChatModel, ModelSettings
from agentbench.types import ChatRequest, ModelOutput, Usage

Source = Literal["auto", "modelscope", "hf"]

INSTALL_HINT = "pip install 'agentbench[local]'"

#: Built-in fallback chat templates for tokenizers that ship none (chosen with `chat_template=NAME`).
FALLBACK_TEMPLATES: dict[str, str] = {
    # ChatML (Qwen / Yi style); tools, when given, go into the system turn as JSON lines.
    "chatml": (
        "{%- if tools %}<|im_start|>system\n"
        "{%- if messages and messages[0]['role'] == 'system' %}{{ messages[0]['content'] }}\n\n{% endif -%}"
        "# Tools\n{%- for tool in tools %}\n{{ tool | tojson }}{%- endfor %}<|im_end|>\n"
        "{%- endif %}"
        "{%- for message in messages %}"
        "{%- if not (tools and loop.first and message['role'] == 'system') %}"
        "<|im_start|>{{ message['role'] }}\n{{ message['content'] }}<|im_end|>\n"
        "{%- endif %}{%- endfor %}"
        "{%- if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
    ),
    # Plain "Role: content" lines, for base models; tools as JSON lines at the top.
    "simple": (
        "{%- if tools %}Tools:\n{%- for tool in tools %}\n{{ tool | tojson }}{%- endfor %}\n\n{% endif -%}"
        "{%- for message in messages %}{{ message['role'] | capitalize }}: {{ message['content'] }}\n\n"
        "{%- endfor %}{%- if add_generation_prompt %}Assistant:{% endif %}"
    ),
}

_DTYPES = {
    "bf16": "bfloat16", "bfloat16": "bfloat16",
    "fp16": "float16", "float16": "float16", "half": "float16",
    "fp32": "float32", "float32": "float32", "float": "float32",
    "auto": "auto",
}


def _require(module: str, extra: str = "local") -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise UsageError(
            f"local models need the {module.split('.')[0]} package ({exc}); pip install 'agentbench[{extra}]'"
        ) from None


def offline_mode() -> bool:
    """True when hub downloads are switched off (HF_HUB_OFFLINE, TRANSFORMERS_OFFLINE or MODELSCOPE_OFFLINE)."""
    return any(
        os.environ.get(v, "").strip().lower() in {"1", "true", "yes", "on"}
        for v in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "MODELSCOPE_OFFLINE")
    )


def _looks_like_path(path_or_id: str) -> bool:
    """A filesystem path rather than a hub id (`org/name`, or a bare legacy `name`)."""
    return (
        path_or_id.startswith((".", "~"))
        or os.path.isabs(path_or_id)
        or "\\" in path_or_id
        or path_or_id.count("/") > 1
    )


def modelscope_download(model_id: str, revision: str | None = None) -> str:
    """Download (or find in the ModelScope cache, when offline) a model snapshot; returns its directory."""
    modelscope = _require("modelscope")
    kwargs: dict[str, Any] = {"local_files_only": True} if offline_mode() else {}
    if revision:
        kwargs["revision"] = revision
    return str(modelscope.snapshot_download(model_id, **kwargs))


def resolve_model_dir(
    path_or_id: str, source: Source = "auto", revision: str | None = None
) -> tuple[str, str, list[str]]:
    """Where to load `path_or_id` from: (`path or hub id for from_pretrained`, `local|modelscope|hf`,
    `problems met on the way` (a failed ModelScope attempt before falling back to Hugging Face)).

    A local directory is used as is. Otherwise `source="modelscope"` downloads through ModelScope,
    `source="hf"` leaves the id to transformers (Hugging Face hub), and `source="auto"` tries ModelScope
    first when the `modelscope` package is installed and falls back to Hugging Face if ModelScope does
    not have the model (or cannot be reached).
    """
    expanded = os.path.expanduser(path_or_id)
    if os.path.isdir(expanded):
        return expanded, "local", []
    if source not in ("auto", "modelscope", "hf"):
        raise UsageError(f"model source must be auto, modelscope or hf, not {source!r}")
    if _looks_like_path(path_or_id):
        raise UsageError(f"local model directory not found: {expanded}")
    problems: list[str] = []
    if source == "modelscope" or (source == "auto" and _has_module("modelscope")):
        try:
            return modelscope_download(path_or_id, revision), "modelscope", []
        except UsageError:
            raise
        except Exception as exc:  # noqa: BLE001 - any hub failure: report it, maybe try HF
            problems.append(f"ModelScope: {type(exc).__name__}: {_short(exc)}")
            if source == "modelscope":
                raise UsageError(_load_failure(path_or_id, problems)) from None
    return path_or_id, "hf", problems


def _has_module(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


def _short(exc: BaseException, limit: int = 300) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[:limit] + "..."


def _load_failure(path_or_id: str, problems: list[str]) -> str:
    hint = (
        " Hub downloads are off (HF_HUB_OFFLINE/TRANSFORMERS_OFFLINE/MODELSCOPE_OFFLINE): download the model "
        "first or pass a local directory."
        if offline_mode()
        else " Pass a local directory, or check the model id and your network."
    )
    return f"cannot load model {path_or_id!r}: " + "; ".join(p.rstrip(". ") for p in problems) + "." + hint


def pick_device(device: str | None = None) -> str:
    """`device` as given, else cuda when available, else mps, else cpu."""
    if device:
        return device
    torch = _require("torch")
    if torch.cuda.is_available():
        return "cuda"
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        return "mps"
    return "cpu"


def pick_dtype(device: str, dtype: str | None = None) -> str:
    """`dtype` as given (bf16/fp16/fp32/auto), else bf16 on GPUs that support it, fp16 on other GPUs,
    fp32 on CPU. Returns the torch name (`bfloat16`, ...) or `auto` (the checkpoint's own dtype)."""
    if dtype:
        try:
            return _DTYPES[dtype.lower()]
        except KeyError:
            raise UsageError(f"unknown dtype {dtype!r}; use one of {', '.join(sorted(_DTYPES))}") from None
    kind = device.split(":")[0]
    if kind == "cuda":
        torch = _require("torch")
        return "bfloat16" if torch.cuda.is_bf16_supported() else "float16"
    if kind == "cpu":
        return "float32"
    return "float16"  # mps and other accelerators


def seed_for(request: ChatRequest, base_seed: int = 0) -> int:
    """Sampling seed from (base_seed, sample_id, trial, call_index): same request, same draw."""
    key = f"{base_seed}\x00{request.sample_id}\x00{request.trial}\x00{request.call_index}".encode()
    return int.from_bytes(hashlib.sha256(key).digest()[:8], "big") & 0x7FFF_FFFF_FFFF_FFFF


def _template_messages(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Messages as HF chat templates expect them: tool-call arguments as objects, not JSON strings."""
    out: list[dict[str, Any]] = []
    for m in messages:
        calls = m.get("tool_calls")
        if not calls:
            out.append(m)
            continue
        fixed = []
        for call in calls:
            call = dict(call)
            fn = call.get("function")
            if isinstance(fn, dict) and isinstance(fn.get("arguments"), str):
                try:
                    call["function"] = {**fn, "arguments": json.loads(fn["arguments"])}
                except json.JSONDecodeError:
                    pass
            fixed.append(call)
        out.append({**m, "tool_calls": fixed})
    return out


@dataclass
class _Pending:
    request: ChatRequest
    future: asyncio.Future
    started: float = field(default_factory=time.perf_counter)


class TransformersChatModel(ChatModel):
    """A local causal LM with its chat template, batched across concurrent requests.

    Arguments:
        path_or_id: a local directory, or a ModelScope / Hugging Face model id.
        device: `cuda`, `cuda:1`, `mps`, `cpu`, or `auto` (accelerate's device_map="auto", for models
            spread over several GPUs); default cuda > mps > cpu.
        dtype: `bf16` / `fp16` / `fp32` / `auto` (the checkpoint's); default bf16 on GPUs that support it,
            fp16 on other GPUs, fp32 on CPU.
        max_batch_size: most requests in one `generate` call.
        batch_wait_ms: how long the batcher waits for more requests after the first one arrives.
        chat_template_tools: pass `request.tools` to the chat template (`tools=`). When the template does
            not render tools, a request with tools is an error; with False tools are never passed (for
            text dialects that render tools into the prompt themselves).
        trust_remote_code: allow the checkpoint's own Python code (ChatGLM, older Qwen...).
        source: where an id (not a local directory) is fetched: `auto` (ModelScope when installed and the
            id exists there, else Hugging Face), `modelscope` or `hf`.
        revision: hub revision / branch for downloads.
        chat_template: None uses the tokenizer's own template (an error if it has none); `chatml` or
            `simple` picks a built-in fallback; any other string is used as a Jinja template.
        seed: base for the per-request sampling seeds.
        top_p: nucleus sampling for temperature > 0 requests (1.0 = off).
    """

    def __init__(
        self,
        path_or_id: str,
        device: str | None = None,
        dtype: str | None = None,
        max_batch_size: int = 16,
        batch_wait_ms: float = 5,
        chat_template_tools: bool = True,
        trust_remote_code: bool = False,
        *,
        source: Source = "auto",
        revision: str | None = None,
        chat_template: str | None = None,
        seed: int = 0,
        top_p: float = 1.0,
    ):
        if max_batch_size < 1:
            raise UsageError("max_batch_size must be at least 1")
        if source not in ("auto", "modelscope", "hf"):
            raise UsageError(f"model source must be auto, modelscope or hf, not {source!r}")
        _require("torch")
        _require("transformers")
        self.path_or_id = path_or_id
        self.device = pick_device(device)
        self.dtype = pick_dtype(self.device, dtype)
        self.max_batch_size = max_batch_size
        self.batch_wait_s = max(0.0, batch_wait_ms) / 1000.0
        self.chat_template_tools = chat_template_tools
        self.trust_remote_code = trust_remote_code
        self.source: Source = source
        self.revision = revision
        self.chat_template = chat_template
        self.seed = seed
        self.top_p = top_p
        extras = [f"dtype={self.dtype}"]
        if chat_template:
            extras.append(f"template={chat_template if chat_template in FALLBACK_TEMPLATES else 'custom:' + hashlib.sha256(chat_template.encode()).hexdigest()[:12]}")
        if revision:
            extras.append(f"revision={revision}")
        if top_p != 1.0:
            extras.append(f"top_p={top_p}")
        if seed:
            extras.append(f"seed={seed}")
        if not chat_template_tools:
            extras.append("template_tools=off")
        self.identity = f"transformers:{path_or_id}?" + "&".join(extras)

        self.model: Any = None
        self.tokenizer: Any = None
        self.model_dir: str | None = None
        self.loaded_from: str | None = None
        self.load_count = 0
        self.batch_sizes: list[int] = []
        """Size of every generate call made so far (for tests and throughput reports)."""
        self._load_lock = threading.Lock()
        self._template: str | None = None
        self._template_has_tools = False
        self._queue: asyncio.Queue[_Pending] | None = None
        self._worker: asyncio.Task | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    # ------------------------------------------------------------------ loading

    def load(self) -> None:
        """Resolve, download if needed, and load tokenizer and weights. Idempotent and thread-safe."""
        with self._load_lock:
            if self.model is not None:
                return
            torch = _require("torch")
            transformers = _require("transformers")
            where, origin, problems = resolve_model_dir(self.path_or_id, self.source, self.revision)
            common: dict[str, Any] = {"trust_remote_code": self.trust_remote_code}
            if origin == "hf" and self.revision:
                common["revision"] = self.revision
            try:
                tokenizer = transformers.AutoTokenizer.from_pretrained(where, **common)
                dtype_kw = "dtype" if _transformers_major(transformers) >= 5 else "torch_dtype"
                kwargs: dict[str, Any] = {**common, dtype_kw: self.dtype if self.dtype == "auto" else getattr(torch, self.dtype)}
                if self.device == "auto":
                    kwargs["device_map"] = "auto"
                model = transformers.AutoModelForCausalLM.from_pretrained(where, **kwargs)
            except (OSError, ValueError) as exc:
                problems.append(f"{'Hugging Face' if origin == 'hf' else origin}: {type(exc).__name__}: {_short(exc)}")
                raise UsageError(_load_failure(self.path_or_id, problems)) from None
            if self.device != "auto":
                model.to(self.device)
            model.eval()
            self._template = self._pick_template(tokenizer)
            self._template_has_tools = "tools" in self._template
            self.tokenizer, self.model_dir, self.loaded_from = tokenizer, where, origin
            self.model = model
            self.load_count += 1

    def _pick_template(self, tokenizer: Any) -> str:
        if self.chat_template:
            return FALLBACK_TEMPLATES.get(self.chat_template, self.chat_template)
        own = getattr(tokenizer, "chat_template", None)
        if isinstance(own, dict):  # named templates: default + tool_use
            own = own.get("tool_use") if self.chat_template_tools and "tool_use" in own else own.get("default")
        if not own:
            raise UsageError(
                f"tokenizer of {self.path_or_id!r} has no chat template; pass chat_template='chatml' or "
                "'simple' (built-in fallbacks) or your own Jinja template"
            )
        return own

    @property
    def input_device(self) -> Any:
        return self.model.device if self.device == "auto" else self.device

    # ------------------------------------------------------------------ prompt

    def render(self, request: ChatRequest) -> str:
        """The prompt text the chat template makes of a request (generation prompt added)."""
        if self.model is None:
            self.load()
        tools = request.tools if (request.tools and self.chat_template_tools) else None
        if tools and not self._template_has_tools:
            raise UsageError(
                f"the chat template of {self.path_or_id!r} does not render tools; use a text dialect, "
                "chat_template_tools=False, or a template that supports tools"
            )
        kwargs: dict[str, Any] = {"tokenize": False, "add_generation_prompt": True, "chat_template": self._template}
        if tools:
            kwargs["tools"] = tools
        return self.tokenizer.apply_chat_template(_template_messages(request.messages), **kwargs)

    # ------------------------------------------------------------------ batching

    async def generate(self, request: ChatRequest) -> ModelOutput:
        if self.model is None:
            await asyncio.to_thread(self.load)
        loop = asyncio.get_running_loop()
        if self._loop is not loop or self._worker is None or self._worker.done():
            self._loop, self._queue = loop, asyncio.Queue()
            self._worker = loop.create_task(self._batch_worker(self._queue))
        pending = _Pending(request, loop.create_future())
        assert self._queue is not None
        await self._queue.put(pending)
        return await pending.future

    async def _batch_worker(self, queue: asyncio.Queue[_Pending]) -> None:
        while True:
            batch = [await queue.get()]
            deadline = time.perf_counter() + self.batch_wait_s
            while len(batch) < self.max_batch_size:
                try:
                    batch.append(queue.get_nowait())
                    continue
                except asyncio.QueueEmpty:
                    pass
                left = deadline - time.perf_counter()
                if left <= 0:
                    break
                try:
                    batch.append(await asyncio.wait_for(queue.get(), left))
                except asyncio.TimeoutError:
                    break
            live = [p for p in batch if not p.future.done()]
            if not live:
                continue
            try:
                results = await asyncio.to_thread(self.generate_batch, [p.request for p in live])
            except BaseException as exc:  # noqa: BLE001 - route every failure to its waiters
                for p in live:
                    if not p.future.done():
                        p.future.set_exception(exc if isinstance(exc, Exception) else RuntimeError(repr(exc)))
                if isinstance(exc, asyncio.CancelledError):
                    raise
                continue
            done = time.perf_counter()
            for p, out in zip(live, results, strict=True):
                if not p.future.done():
                    p.future.set_result(out.model_copy(update={"latency_s": done - p.started}))

    async def aclose(self) -> None:
        if self._worker is not None and not self._worker.done():
            self._worker.cancel()
            try:
                await self._worker
            except (asyncio.CancelledError, Exception):
                pass
        self._worker = None

    # ------------------------------------------------------------------ generation

    def generate_batch(self, requests: list[ChatRequest]) -> list[ModelOutput]:
        """Run requests as one left-padded generate call (blocking). `latency_s` is the call's wall time."""
        if self.model is None:
            self.load()
        torch = _require("torch")
        transformers = _require("transformers")
        t0 = time.perf_counter()
        outputs: list[ModelOutput | None] = [None] * len(requests)
        rows: list[int] = []
        prompts: list[list[int]] = []
        for i, req in enumerate(requests):
            try:
                text = self.render(req)
            except UsageError:
                raise
            except Exception as exc:  # noqa: BLE001 - a template that rejects these messages
                outputs[i] = ModelOutput(error=f"chat template failed: {type(exc).__name__}: {_short(exc)}",
                                         error_kind="internal")
                continue
            ids = self.tokenizer(text, add_special_tokens=False)["input_ids"]
            rows.append(i)
            prompts.append(list(ids))
        if rows:
            self.batch_sizes.append(len(rows))
            results = self._generate_rows(torch, transformers, [requests[i] for i in rows], prompts)
            for i, out in zip(rows, results, strict=True):
                outputs[i] = out
        elapsed = time.perf_counter() - t0
        return [o.model_copy(update={"latency_s": elapsed}) for o in outputs if o is not None]

    def _eos_ids(self) -> set[int]:
        ids: set[int] = set()
        for src in (getattr(self.model, "generation_config", None), self.tokenizer):
            value = getattr(src, "eos_token_id", None) if src is not None else None
            if isinstance(value, int):
                ids.add(value)
            elif isinstance(value, (list, tuple)):
                ids.update(int(v) for v in value)
        return ids

    def _generate_rows(
        self, torch: Any, transformers: Any, requests: list[ChatRequest], prompts: list[list[int]]
    ) -> list[ModelOutput]:
        tok = self.tokenizer
        eos = self._eos_ids()
        pad = tok.pad_token_id
        if pad is None:
            pad = min(eos) if eos else 0
        width = max(len(p) for p in prompts)
        input_ids = torch.full((len(prompts), width), pad, dtype=torch.long)
        attention = torch.zeros((len(prompts), width), dtype=torch.long)
        for r, ids in enumerate(prompts):
            if ids:
                input_ids[r, width - len(ids):] = torch.tensor(ids, dtype=torch.long)
                attention[r, width - len(ids):] = 1
        device = self.input_device
        input_ids, attention = input_ids.to(device), attention.to(device)

        max_new = [max(1, r.max_tokens) for r in requests]
        tracker = _RowTracker(transformers.StoppingCriteria, tok, width, eos, max_new, [r.stop for r in requests])
        processors = []
        if any(r.temperature > 0 for r in requests):
            gens = []
            for r in requests:
                g = torch.Generator(device="cpu")
                g.manual_seed(seed_for(r, self.seed))
                gens.append(g)
            processors.append(
                _RowSampler(transformers.LogitsProcessor, [r.temperature for r in requests], gens, self.top_p)
            )
        # Start from transformers' neutral values, so the checkpoint's generation_config.json sampling
        # defaults (temperature, top_k, repetition_penalty...) are not merged in: greedy means greedy.
        neutral_fn = getattr(transformers.GenerationConfig, "_get_default_generation_params", None)
        neutral = {k: v for k, v in (neutral_fn() if neutral_fn else {}).items() if v is not None and k != "max_length"}
        config = transformers.GenerationConfig(
            **{
                **neutral,
                "max_new_tokens": max(max_new),
                "do_sample": False,  # sampled rows are drawn by _RowSampler, which leaves one finite logit
                "num_beams": 1,
                "temperature": 1.0,
                "top_p": 1.0,
                "repetition_penalty": 1.0,
                "no_repeat_ngram_size": 0,
                "eos_token_id": sorted(eos) or None,
                "pad_token_id": pad,
            }
        )
        with torch.inference_mode():
            out = self.model.generate(
                input_ids=input_ids,
                attention_mask=attention,
                generation_config=config,
                logits_processor=transformers.LogitsProcessorList(processors),
                stopping_criteria=transformers.StoppingCriteriaList([tracker]),
            )
        out = out.to("cpu")
        results = []
        for r, req in enumerate(requests):
            gen = out[r, width:].tolist()
            n = tracker.finished_at[r] if tracker.finished_at[r] is not None else len(gen)
            gen = gen[:n]
            finish = "length"
            body = gen
            if gen and gen[-1] in eos:
                body, finish = gen[:-1], "stop"
            text = tok.decode(body, skip_special_tokens=True)
            cut = _first_stop(text, req.stop)
            if cut is not None:
                text, finish = text[:cut], "stop"
            results.append(
                ModelOutput(
                    text=text,
                    usage=Usage(prompt_tokens=len(prompts[r]), completion_tokens=len(gen)),
                    finish_reason=finish,
                )
            )
        return results


def _transformers_major(transformers: Any) -> int:
    try:
        return int(str(transformers.__version__).split(".")[0])
    except ValueError:
        return 4


def _first_stop(text: str, stops: list[str]) -> int | None:
    hits = [i for i in (text.find(s) for s in stops if s) if i >= 0]
    return min(hits) if hits else None


def _RowTracker(base: type, tokenizer: Any, prompt_len: int, eos: set[int], max_new: list[int], stops: list[list[str]]) -> Any:
    """StoppingCriteria ending each row on its own eos, its own max_tokens, or its own stop strings.

    Records the generated length at which each row finished (rows that finish early get padding after).
    """

    class RowTracker(base):  # type: ignore[misc, valid-type]
        def __init__(self) -> None:
            self.finished_at: list[int | None] = [None] * len(max_new)
            self.tail = [max((len(s) for s in st if s), default=0) + 8 for st in stops]

        def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> Any:
            import torch

            n = input_ids.shape[1] - prompt_len
            done = []
            for r in range(input_ids.shape[0]):
                if self.finished_at[r] is None and n > 0:
                    last = int(input_ids[r, -1])
                    hit = last in eos or n >= max_new[r]
                    if not hit and stops[r]:
                        tail_ids = input_ids[r, max(prompt_len, input_ids.shape[1] - self.tail[r]):].tolist()
                        tail = tokenizer.decode(tail_ids, skip_special_tokens=True)
                        hit = any(s and s in tail for s in stops[r])
                    if hit:
                        self.finished_at[r] = n
                done.append(self.finished_at[r] is not None)
            return torch.tensor(done, dtype=torch.bool, device=input_ids.device)

    return RowTracker()


def _RowSampler(base: type, temperatures: list[float], generators: list[Any], top_p: float) -> Any:
    """LogitsProcessor that samples each row with its own temperature and generator (greedy rows pass
    through) and leaves only the drawn token finite, so greedy search then picks it."""

    class RowSampler(base):  # type: ignore[misc, valid-type]
        def __call__(self, input_ids: Any, scores: Any) -> Any:
            import torch

            out = scores.clone()
            for r, temp in enumerate(temperatures):
                if temp <= 0:
                    continue
                probs = torch.softmax(scores[r].float().cpu() / temp, dim=-1)
                if top_p < 1.0:
                    sorted_p, order = torch.sort(probs, descending=True)
                    keep = torch.cumsum(sorted_p, dim=-1) - sorted_p < top_p
                    filtered = torch.zeros_like(probs)
                    filtered[order[keep]] = probs[order[keep]]
                    probs = filtered / filtered.sum()
                token = int(torch.multinomial(probs, 1, generator=generators[r]))
                row = torch.full_like(out[r], float("-inf"))
                row[token] = 0.0
                out[r] = row
            return out

    return RowSampler()


def make_transformers(name: str, settings: ModelSettings) -> TransformersChatModel:
    """`transformers:PATH_OR_ID` from a role's settings (the registry's factory)."""
    return TransformersChatModel(name, **settings.options)
