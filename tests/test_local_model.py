"""TransformersChatModel on a tiny random model built in the test (no download, no network)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

# never reach a hub from these tests
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["MODELSCOPE_OFFLINE"] = "1"
os.environ.setdefault("MODELSCOPE_ENDPOINT", "http://127.0.0.1:9")

from agentbench.errors import UsageError  # noqa: E402
from agentbench.models.transformers_local import TransformersChatModel, resolve_model_dir  # noqa: E402
from agentbench.types import ChatRequest  # noqa: E402

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
tokenizers = pytest.importorskip("tokenizers")

TEMPLATE = (
    "{%- if tools %}<|im_start|>system\n# Tools\n{%- for t in tools %}\n{{ t | tojson }}{%- endfor %}<|im_end|>\n"
    "{%- endif %}"
    "{%- for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n{%- endfor %}"
    "{%- if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)
CORPUS = [
    "北京明天天气怎么样？需要穿羽绒服吗？",
    "上海明天多云，最高气温十二度。",
    "Thought: I should call the weather tool. Action: weather.lookup Action Input: {\"location\": \"北京\"}",
    "Observation: 小雪 -5 2 Final Answer: 明天北京小雪。",
    "The quick brown fox jumps over the lazy dog 0123456789",
]
SPECIAL = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]


def build_tiny_model(path: Path, with_template: bool = True) -> Path:
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=400, special_tokens=SPECIAL, initial_alphabet=pre_tokenizers.ByteLevel.alphabet()
    )
    tok.train_from_iterator(CORPUS * 4, trainer)
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok, eos_token="<|im_end|>", pad_token="<|endoftext|>",
        additional_special_tokens=["<|im_start|>"],
    )
    if with_template:
        fast.chat_template = TEMPLATE
    fast.save_pretrained(path)
    torch.manual_seed(0)
    config = LlamaConfig(
        vocab_size=len(fast), hidden_size=32, num_hidden_layers=2, num_attention_heads=2, num_key_value_heads=2,
        intermediate_size=64, max_position_embeddings=512, initializer_range=0.3,
        eos_token_id=fast.eos_token_id, pad_token_id=fast.pad_token_id, bos_token_id=None,
        tie_word_embeddings=False,
    )
    model = LlamaForCausalLM(config)
    model.generation_config.eos_token_id = fast.eos_token_id
    model.save_pretrained(path)
    return path


@pytest.fixture(autouse=True)
def _offline(monkeypatch, tmp_path):
    """Offline even when another test module imported huggingface_hub before the env vars were set."""
    import huggingface_hub.constants

    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)
    monkeypatch.setenv("MODELSCOPE_CACHE", str(tmp_path / "ms_cache"))


@pytest.fixture(scope="module")
def tiny_dir(tmp_path_factory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("tiny"))


@pytest.fixture(scope="module")
def tiny(tiny_dir) -> TransformersChatModel:
    model = TransformersChatModel(str(tiny_dir), device="cpu")
    model.load()
    return model


def req(text: str, sample_id: str = "s", **kw) -> ChatRequest:
    return ChatRequest(messages=[{"role": "user", "content": text}], sample_id=sample_id, **kw)


PROMPTS = [
    "北京",
    "北京明天天气怎么样？需要穿羽绒服吗？上海明天多云，最高气温十二度。",
    "The quick brown fox",
    "Observation: 小雪 -5 2 Final Answer: 明天北京小雪。 The quick brown fox jumps over the lazy dog",
    "上海",
]


def test_identity_and_defaults(tiny, tiny_dir):
    assert tiny.identity == f"transformers:{tiny_dir}?dtype=float32"
    assert tiny.device == "cpu" and tiny.loaded_from == "local"


def test_batched_greedy_equals_unbatched(tiny):
    async def run(batch: bool):
        if batch:
            return await asyncio.gather(*(tiny.generate(req(p, f"s{i}", max_tokens=12)) for i, p in enumerate(PROMPTS)))
        return [await tiny.generate(req(p, f"s{i}", max_tokens=12)) for i, p in enumerate(PROMPTS)]

    tiny.batch_sizes.clear()
    single = asyncio.run(run(False))
    assert tiny.batch_sizes == [1] * len(PROMPTS)
    tiny.batch_sizes.clear()
    batched = asyncio.run(run(True))
    assert tiny.batch_sizes == [len(PROMPTS)]  # one generate call for all concurrent requests
    assert [o.text for o in batched] == [o.text for o in single]
    assert [o.usage for o in batched] == [o.usage for o in single]
    assert len({o.text for o in single}) > 1  # prompts differ in output, so the check means something
    for o in single:
        assert o.error is None and o.text and o.finish_reason in {"stop", "length"}
    # the same prompt run directly through transformers (no padding) gives the same tokens
    prompt = tiny.render(req(PROMPTS[1]))
    ids = tiny.tokenizer(prompt, add_special_tokens=False, return_tensors="pt")["input_ids"]
    ref = tiny.model.generate(ids, max_new_tokens=12, do_sample=False, pad_token_id=tiny.tokenizer.pad_token_id)
    assert tiny.tokenizer.decode(ref[0, ids.shape[1]:], skip_special_tokens=True).startswith(single[1].text)


def test_usage_counts(tiny):
    out = asyncio.run(tiny.generate(req(PROMPTS[2], max_tokens=7)))
    prompt_ids = tiny.tokenizer(tiny.render(req(PROMPTS[2])), add_special_tokens=False)["input_ids"]
    assert out.usage.prompt_tokens == len(prompt_ids)
    assert 1 <= out.usage.completion_tokens <= 7
    if out.finish_reason == "length":
        assert out.usage.completion_tokens == 7
    assert out.latency_s > 0


def test_stop_sequences_cut_and_halt(tiny):
    full = asyncio.run(tiny.generate(req(PROMPTS[1], max_tokens=24)))
    assert len(full.text) >= 6, full
    stop = full.text[3:5]
    cut_at = full.text.find(stop)
    out = asyncio.run(tiny.generate(req(PROMPTS[1], max_tokens=24, stop=[stop, "never-appears"])))
    assert out.text == full.text[:cut_at]
    assert out.finish_reason == "stop"
    assert out.usage.completion_tokens < full.usage.completion_tokens  # generation halted early


def test_mixed_params_in_one_batch(tiny):
    """Rows with different max_tokens / stops share one generate call and each keeps its own limits."""
    async def run():
        return await asyncio.gather(
            tiny.generate(req(PROMPTS[0], "a", max_tokens=3)),
            tiny.generate(req(PROMPTS[1], "b", max_tokens=10)),
        )

    alone = [asyncio.run(tiny.generate(req(PROMPTS[0], "a", max_tokens=3))),
             asyncio.run(tiny.generate(req(PROMPTS[1], "b", max_tokens=10)))]
    tiny.batch_sizes.clear()
    both = asyncio.run(run())
    assert tiny.batch_sizes == [2]
    assert [o.text for o in both] == [o.text for o in alone]
    assert both[0].usage.completion_tokens <= 3


def test_sampling_is_seeded_per_request(tiny):
    async def run(ids):
        return await asyncio.gather(
            *(tiny.generate(req(PROMPTS[1], sid, max_tokens=10, temperature=1.0, trial=t)) for sid, t in ids)
        )

    first = asyncio.run(run([("x", 0), ("x", 1), ("y", 0)]))
    again = asyncio.run(run([("y", 0), ("x", 0)]))  # other batch mates, other order
    assert again[1].text == first[0].text and again[0].text == first[2].text
    greedy = asyncio.run(tiny.generate(req(PROMPTS[1], "x", max_tokens=10)))
    assert len({first[0].text, first[1].text, first[2].text, greedy.text}) > 1


def test_model_loaded_once(tiny_dir, monkeypatch):
    calls = []
    real = transformers.AutoModelForCausalLM.from_pretrained

    def counting(*a, **kw):
        calls.append(a)
        return real(*a, **kw)

    monkeypatch.setattr(transformers.AutoModelForCausalLM, "from_pretrained", counting)
    model = TransformersChatModel(str(tiny_dir), device="cpu", max_batch_size=2)

    async def run():
        return await asyncio.gather(*(model.generate(req(p, max_tokens=2)) for p in PROMPTS))

    outs = asyncio.run(run())
    asyncio.run(model.generate(req("北京", max_tokens=2)))  # a second event loop reuses the model
    assert len(calls) == 1 and model.load_count == 1
    assert all(o.error is None for o in outs)
    assert max(model.batch_sizes) <= 2


def test_tools_rendered_by_template(tiny):
    tools = [{"type": "function", "function": {"name": "weather_lookup", "description": "查天气",
                                                "parameters": {"type": "object", "properties": {}}}}]
    request = ChatRequest(messages=[{"role": "user", "content": "北京"}], tools=tools)
    assert "weather_lookup" in tiny.render(request)
    assert "weather_lookup" not in tiny.render(req("北京"))


def test_no_chat_template_is_an_error_unless_fallback(tmp_path):
    path = build_tiny_model(tmp_path / "bare", with_template=False)
    with pytest.raises(UsageError, match="no chat template"):
        TransformersChatModel(str(path), device="cpu").load()
    model = TransformersChatModel(str(path), device="cpu", chat_template="chatml")
    assert "template=chatml" in model.identity
    assert model.render(req("你好")).endswith("<|im_start|>assistant\n")
    out = asyncio.run(model.generate(req("你好", max_tokens=3)))
    assert out.error is None
    tools = [{"type": "function", "function": {"name": "t1", "description": "d"}}]
    assert "t1" in model.render(ChatRequest(messages=[{"role": "user", "content": "x"}], tools=tools))


def test_missing_local_path_is_clear(tmp_path):
    with pytest.raises(UsageError, match="local model directory not found"):
        TransformersChatModel(str(tmp_path / "nope"), device="cpu").load()


def test_unknown_hub_id_offline_hf(monkeypatch):
    model = TransformersChatModel("no-such-org/no-such-model", device="cpu", source="hf")
    with pytest.raises(UsageError) as err:
        model.load()
    msg = str(err.value)
    assert "no-such-org/no-such-model" in msg and "offline" in msg.lower()


def test_real_modelscope_offline_then_hf_offline_is_clear():
    """The real ModelScope call (local_files_only, empty cache) and the real HF call, both offline."""
    pytest.importorskip("modelscope")
    with pytest.raises(UsageError) as err:
        TransformersChatModel("no-such-org/no-such-model", device="cpu").load()
    msg = str(err.value)
    assert "ModelScope" in msg and "Hugging Face" in msg and "offline" in msg.lower()


def test_modelscope_download_path(tiny_dir, monkeypatch):
    modelscope = pytest.importorskip("modelscope")
    seen = []

    def fake_snapshot_download(model_id, **kwargs):
        seen.append((model_id, kwargs))
        return str(tiny_dir)

    monkeypatch.setattr(modelscope, "snapshot_download", fake_snapshot_download)
    model = TransformersChatModel("LLM-Research/Tiny-Agent", device="cpu", source="modelscope", revision="v1")
    out = asyncio.run(model.generate(req("北京", max_tokens=2)))
    assert out.error is None
    assert model.loaded_from == "modelscope" and model.model_dir == str(tiny_dir)
    assert seen == [("LLM-Research/Tiny-Agent", {"local_files_only": True, "revision": "v1"})]
    # auto: ModelScope first when it has the model
    assert resolve_model_dir("LLM-Research/Tiny-Agent")[:2] == (str(tiny_dir), "modelscope")


def test_modelscope_missing_falls_back_to_hf_with_both_reasons(monkeypatch):
    modelscope = pytest.importorskip("modelscope")

    def not_there(model_id, **kwargs):
        raise FileNotFoundError(f"{model_id} not in the ModelScope cache")

    monkeypatch.setattr(modelscope, "snapshot_download", not_there)
    assert resolve_model_dir("org/absent")[1] == "hf"
    with pytest.raises(UsageError) as err:
        TransformersChatModel("org/absent", device="cpu").load()
    assert "ModelScope" in str(err.value) and "Hugging Face" in str(err.value)
    with pytest.raises(UsageError, match="ModelScope"):
        TransformersChatModel("org/absent", device="cpu", source="modelscope").load()


def test_fake_modelscope_module(tiny_dir, monkeypatch):
    """The ModelScope path works against any module with snapshot_download (no real package needed)."""
    import types

    fake = types.ModuleType("modelscope")
    fake.snapshot_download = lambda model_id, **kw: str(tiny_dir)
    monkeypatch.setitem(sys.modules, "modelscope", fake)
    assert resolve_model_dir("a/b", "modelscope")[:2] == (str(tiny_dir), "modelscope")


def test_dtype_and_device_choice():
    from agentbench.models.transformers_local import pick_dtype

    assert pick_dtype("cpu") == "float32"
    assert pick_dtype("mps") == "float16"
    assert pick_dtype("cpu", "bf16") == "bfloat16"
    with pytest.raises(UsageError, match="unknown dtype"):
        pick_dtype("cpu", "int3")


def test_import_agentbench_is_light():
    code = (
        "import sys, agentbench, agentbench.models.transformers_local, agentbench.models.langchain_model\n"
        "from agentbench.models.transformers_local import TransformersChatModel\n"
        "from agentbench.models.langchain_model import LangChainChatModel\n"
        "heavy = [m for m in ('torch', 'transformers', 'modelscope', 'langchain_core') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root, env=env)
    assert out.stdout.strip() == "[]"


def test_missing_packages_give_install_hint(monkeypatch):
    monkeypatch.setitem(sys.modules, "transformers", None)  # import fails
    with pytest.raises(UsageError, match=r"agentbench\[local\]"):
        TransformersChatModel("x/y")


def test_throughput_smoke(tiny):
    """Batched generation of 16 prompts is not slower than one by one (numbers: see docs)."""
    prompts = [req(PROMPTS[i % len(PROMPTS)] + " " * (i % 3), f"t{i}", max_tokens=8) for i in range(16)]

    async def one_by_one():
        return [await tiny.generate(p) for p in prompts]

    async def together():
        return await asyncio.gather(*(tiny.generate(p) for p in prompts))

    t0 = time.perf_counter()
    a = asyncio.run(one_by_one())
    t1 = time.perf_counter()
    b = asyncio.run(together())
    t2 = time.perf_counter()
    assert [o.text for o in a] == [o.text for o in b]
    assert t2 - t1 < (t1 - t0) * 1.5
