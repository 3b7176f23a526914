"""Weather lookup, compatible with ModelScope-Agent's `amap_weather` (parameter `location`, plus `date`).

World keys read: `weather` ({city: {YYYY-MM-DD: {condition, high, low, ...}}}), `now` (ISO datetime; its
date is the default), `weather_aliases` ({alias: city}, optional).
"""

from __future__ import annotations

from agentbench.text.places import same_place
from agentbench.tooling import ToolError, World, tool


def _today(world: World) -> str:
    now = str(world.get("now", ""))
    if len(now) < 10:
        raise ToolError("系统时间未设置，请提供具体日期（YYYY-MM-DD）。")
    return now[:10]


@tool(name="amap_weather")
def amap_weather(world: World, location: str, date: str | None = None) -> dict:
    """获取对应城市的天气数据。

    Args:
        location: 城市或区县名称，比如“北京”“上海”“海淀区”
        date: 日期，格式为 YYYY-MM-DD，默认今天
    """
    table: dict = world.get("weather", {})
    aliases = world.get("weather_aliases", {})
    city = next((name for name in table if same_place(name, location, aliases)), None)
    if city is None:
        raise ToolError(f"未找到城市：{location}")
    day = date or _today(world)
    days = table[city]
    if day not in days:
        raise ToolError(f"没有 {city} 在 {day} 的天气数据，可查询的日期：{'、'.join(sorted(days))}")
    return {"city": city, "date": day, **days[day]}
