"""Text-to-image, compatible with ModelScope-Agent's `image_gen` (`text`, `resolution`).

Returns a deterministic URL (sha1 of text and resolution), so answers can be checked. World key written:
`images` (list of {text, resolution, image_url}).
"""

from __future__ import annotations

import hashlib
from typing import Literal

from agentbench.tooling import ToolError, World, tool

BASE_URL = "https://images.example.com/gen/"


def image_url(text: str, resolution: str = "1024*1024") -> str:
    digest = hashlib.sha1(f"{text}|{resolution}".encode()).hexdigest()[:16]
    return f"{BASE_URL}{digest}.png"


@tool(name="image_gen")
def image_gen(world: World, text: str, resolution: Literal["1024*1024", "720*1280", "1280*720"] = "1024*1024") -> dict:
    """AI绘画（图像生成）服务，输入文本描述，返回根据文本信息绘制的图片URL。

    Args:
        text: 详细描述了希望生成的图像具有什么内容，例如人物、环境、动作等细节描述
        resolution: 图像分辨率，只能是 1024*1024、720*1280 或 1280*720
    """
    if not text.strip():
        raise ToolError("图片描述不能为空。")
    url = image_url(text, resolution)
    world.data.setdefault("images", []).append({"text": text, "resolution": resolution, "image_url": url})
    return {"image_url": url, "resolution": resolution}
