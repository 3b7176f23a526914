"""Model backends behind one protocol: `ChatModel.generate(ChatRequest) -> ModelOutput`.

    from agentbench.models import ChatModel, ModelSettings, make_model
    model = make_model("openai:glm-4-plus", ModelSettings(base_url=..., api_key_env="ZHIPU_API_KEY"))

Kinds (registry `models`, `agentbench list models`): scripted, openai, transformers, langchain. Each backend
module loads only when its kind is asked for (torch, transformers and langchain stay unimported otherwise).
"""

from agentbench.models.base import ChatModel, ModelSettings, Oracle
from agentbench.models.factory import make_model, split_spec

__all__ = ["ChatModel", "ModelSettings", "Oracle", "make_model", "split_spec"]
