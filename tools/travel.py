"""Train ticket search. World key read: `trains` ([{train, from, to, date, depart, arrive, price, seats}])."""

from __future__ import annotations

from agentbench.scoring.normalize import norm_place
from agentbench.tooling import ToolError, World, tool


@tool(name="search_trains")
def search_trains(world: World, origin: str, destination: str, date: str) -> dict:
    """查询两个城市之间指定日期的火车票（车次、时间、票价、余票）。

    Args:
        origin: 出发城市，例如“北京”
        destination: 到达城市，例如“上海”
        date: 出发日期，格式为 YYYY-MM-DD
    """
    if norm_place(origin) == norm_place(destination):
        raise ToolError("出发城市和到达城市不能相同。")
    found = [t for t in world.get("trains", [])
             if norm_place(t["from"]) == norm_place(origin) and norm_place(t["to"]) == norm_place(destination)
             and t["date"] == date]
    if not found:
        raise ToolError(f"没有找到 {date} 从{origin}到{destination}的车次。")
    return {"trains": found}
