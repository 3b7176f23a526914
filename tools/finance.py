"""Currency. World key read: `rates` ({"USD": 7.13, ...}: yuan per one unit of each currency; CNY is 1)."""

from __future__ import annotations

from agentbench.tooling import ToolError, World, tool


def _rates(world: World, *codes: str) -> tuple[dict[str, float], list[str]]:
    rates = {"CNY": 1.0, **world.get("rates", {})}
    wanted = [c.strip().upper() for c in codes]
    for code in wanted:
        if code not in rates:
            raise ToolError(f"不支持的币种：{code}。支持：{'、'.join(sorted(rates))}")
    return rates, wanted


@tool(name="get_exchange_rate")
def get_exchange_rate(world: World, from_currency: str, to_currency: str = "CNY") -> dict:
    """查询两种货币之间的当日汇率（1 单位原币种可兑换多少目标币种）。

    Args:
        from_currency: 原币种代码，例如 USD、EUR、JPY
        to_currency: 目标币种代码，默认 CNY（人民币）
    """
    rates, (src, dst) = _rates(world, from_currency, to_currency)
    return {"from": src, "to": dst, "rate": round(rates[src] / rates[dst], 6)}


@tool(name="convert_currency")
def convert_currency(world: World, amount: float, from_currency: str, to_currency: str) -> dict:
    """按当日汇率换算货币金额。

    Args:
        amount: 金额
        from_currency: 原币种代码，例如 USD、CNY、JPY
        to_currency: 目标币种代码，例如 CNY
    """
    rates, (src, dst) = _rates(world, from_currency, to_currency)
    if amount < 0:
        raise ToolError("金额不能为负数。")
    result = round(amount * rates[src] / rates[dst], 2)
    if result == int(result):
        result = int(result)  # 2358 rather than 2358.0: models copy what they see
    return {"amount": amount, "from": src, "to": dst, "rate": round(rates[src] / rates[dst], 6), "result": result}
