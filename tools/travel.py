"""Train tickets. World keys: `trains` ([{train, from, to, date, depart, arrive, price, seats}]) read, and `seats`
updated by a booking; `tickets` (list of {id, train, date, from, to, depart, passengers, price}) appended."""

from __future__ import annotations

import re

from agentbench.text.normalize import norm_text
from agentbench.text.places import same_place
from agentbench.tooling import ToolError, World, tool


@tool(name="search_trains")
def search_trains(world: World, origin: str, destination: str, date: str) -> dict:
    """查询两个城市之间指定日期的火车票（车次、时间、票价、余票）。

    Args:
        origin: 出发城市，例如“北京”
        destination: 到达城市，例如“上海”
        date: 出发日期，格式为 YYYY-MM-DD
    """
    if same_place(origin, destination):
        raise ToolError("出发城市和到达城市不能相同。")
    found = [t for t in world.get("trains", [])
             if same_place(t["from"], origin) and same_place(t["to"], destination)
             and t["date"] == date]
    if not found:
        raise ToolError(f"没有找到 {date} 从{origin}到{destination}的车次。")
    return {"trains": found}


@tool(name="book_train_ticket")
def book_train_ticket(world: World, train: str, date: str, passengers: int = 1) -> dict:
    """预订指定日期、指定车次的火车票，成功后返回订单号。

    Args:
        train: 车次，例如“G101”
        date: 出发日期，格式为 YYYY-MM-DD
        passengers: 乘车人数，默认 1
    """
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        raise ToolError("日期格式应为 YYYY-MM-DD。")
    if passengers < 1:
        raise ToolError("乘车人数至少为 1。")
    wanted = norm_text(train).upper()
    entry = next((t for t in world.get("trains", []) if norm_text(t["train"]).upper() == wanted and t["date"] == date),
                 None)
    if entry is None:
        raise ToolError(f"未找到 {date} 的车次：{train}")
    if entry.get("seats", 0) < passengers:
        raise ToolError(f"{entry['train']} 次列车 {date} 余票不足（剩余 {entry.get('seats', 0)} 张）。")
    entry["seats"] -= passengers
    tickets = world.data.setdefault("tickets", [])
    ticket = {"id": f"T{len(tickets) + 1:04d}", "train": entry["train"], "date": date, "from": entry["from"],
              "to": entry["to"], "depart": entry["depart"], "passengers": passengers,
              "price": entry["price"] * passengers}
    tickets.append(ticket)
    return ticket
