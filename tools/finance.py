"""Currency conversion. World key read: `rates` ({"USD": 7.12, ...}: yuan per unit of each currency)."""

from __future__ import annotations

from agentbench.tooling import ToolError, World, tool


@tool(name="convert_currency")
def convert_currency(world: World, amount: float, from_currency: str, to_currency: str) -> dict:
    """按当日汇率换算货币金额。

    Args:
        amount: 金额
        from_currency: 原币种代码，例如 USD、CNY、JPY
        to_currency: 目标币种代码，例如 CNY
    """
    rates = {"CNY": 1.0, **world.get("rates", {})}
    src, dst = from_currency.strip().upper(), to_currency.strip().upper()
    for code in (src, dst):
        if code not in rates:
            raise ToolError(f"不支持的币种：{code}。支持：{'、'.join(sorted(rates))}")
    if amount < 0:
        raise ToolError("金额不能为负数。")
    result = round(amount * rates[src] / rates[dst], 2)
    return {"amount": amount, "from": src, "to": dst, "rate": round(rates[src] / rates[dst], 6), "result": result}
