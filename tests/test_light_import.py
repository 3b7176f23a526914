import subprocess
import sys

HEAVY = ["torch", "transformers", "modelscope", "langchain_core", "scipy", "openai", "numpy", "jsonschema"]


def test_import_agentbench_and_cli_stays_light():
    code = (
        "import sys, agentbench, agentbench.cli, agentbench.scenario, agentbench.tooling, agentbench.suites;"
        f"print([m for m in {HEAVY!r} if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
