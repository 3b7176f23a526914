"""Calendar. World key `events` (list of {id, title, date, time}) read and appended.

(Named schedule.py, not calendar.py, so it never shadows the standard library module.)
"""

from __future__ import annotations

import re

from agentbench.tooling import ToolError, World, tool


def _check_date(date: str) -> None:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        raise ToolError("日期格式应为 YYYY-MM-DD。")


@tool(name="add_calendar_event")
def add_calendar_event(world: World, title: str, date: str, time: str | None = None) -> dict:
    """在日历中添加日程。

    Args:
        title: 日程标题
        date: 日期，格式为 YYYY-MM-DD
        time: 时间，格式为 HH:MM，可选
    """
    _check_date(date)
    if time is not None and not re.fullmatch(r"\d{2}:\d{2}", time):
        raise ToolError("时间格式应为 HH:MM。")
    events = world.data.setdefault("events", [])
    event = {"id": f"E{len(events) + 1:03d}", "title": title, "date": date, "time": time}
    events.append(event)
    return event


@tool(name="list_calendar_events")
def list_calendar_events(world: World, date: str) -> dict:
    """查询某一天的日程。

    Args:
        date: 日期，格式为 YYYY-MM-DD
    """
    _check_date(date)
    return {"date": date, "events": [e for e in world.get("events", []) if e["date"] == date]}
