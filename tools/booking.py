"""Restaurant booking. World keys: `restaurants` ({name: {slots: {"YYYY-MM-DD HH:MM": seats left}}}) read and
updated; `bookings` (list of {id, restaurant, date, time, people}) appended."""

from __future__ import annotations

from agentbench.text.normalize import norm_text
from agentbench.tooling import ToolError, World, tool


@tool(name="book_restaurant")
def book_restaurant(world: World, restaurant: str, date: str, time: str, people: int) -> dict:
    """预订餐厅座位，成功后返回订单号。

    Args:
        restaurant: 餐厅名称
        date: 用餐日期，格式为 YYYY-MM-DD
        time: 用餐时间，格式为 HH:MM
        people: 用餐人数
    """
    table: dict = world.get("restaurants", {})
    name = next((n for n in table if norm_text(n) == norm_text(restaurant)), None)
    if name is None:
        raise ToolError(f"未找到餐厅：{restaurant}。可预订的餐厅：{'、'.join(table) or '无'}")
    if people < 1:
        raise ToolError("用餐人数至少为 1。")
    slot = f"{date} {time}"
    left = table[name].get("slots", {}).get(slot)
    if left is None:
        raise ToolError(f"{name} 在 {slot} 不接受预订。")
    if left < people:
        raise ToolError(f"{name} 在 {slot} 只剩 {left} 个座位。")
    table[name]["slots"][slot] = left - people
    bookings = world.data.setdefault("bookings", [])
    booking = {"id": f"R{len(bookings) + 1:04d}", "restaurant": name, "date": date, "time": time, "people": people}
    bookings.append(booking)
    return booking
