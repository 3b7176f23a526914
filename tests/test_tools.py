"""The built-in simulated tools (tools/*.py): schemas from signatures, deterministic results, Chinese errors."""

import hashlib
import json
import re
from pathlib import Path

import pytest

from agentbench.scenario import load_scenario
from agentbench.tooling import Toolbox, World, discover_tools

REPO = Path(__file__).resolve().parents[1]
SCENARIOS = REPO / "scenarios" / "agent_zh"
TOOLS = discover_tools()
CJK = re.compile(r"[\u4e00-\u9fff]")

WEATHER_WORLD = {
    "now": "2026-11-22T09:00:00+08:00",
    "weather": {
        "北京": {"2026-11-22": {"condition": "晴", "high": 8, "low": -2},
                 "2026-11-23": {"condition": "小雪", "high": 2, "low": -5}},
        "上海市": {"2026-11-22": {"condition": "多云", "high": 15, "low": 9}},
        "海淀区": {"2026-11-22": {"condition": "晴", "high": 7, "low": -3}},
    },
    "weather_aliases": {"魔都": "上海"},
}
TRAINS = [
    {"train": "G101", "from": "北京", "to": "上海", "date": "2026-11-23", "depart": "06:36", "arrive": "12:40",
     "price": 553, "seats": 1},
    {"train": "G5", "from": "北京", "to": "上海", "date": "2026-11-23", "depart": "07:00", "arrive": "11:38",
     "price": 598, "seats": 0},
]


def box(world=None, faults=()):
    return Toolbox(TOOLS, World.from_scenario(world or {}), list(faults))


def ok(toolbox, name, args):
    obs = toolbox.call(name, args)
    assert obs.ok, obs.content
    return json.loads(obs.content)


def refused(toolbox, name, args, kind="tool_error"):
    obs = toolbox.call(name, args)
    assert not obs.ok and obs.error_kind == kind, obs
    assert obs.content.startswith("错误：") and CJK.search(obs.content), obs.content
    return obs.content


# --- schemas ---------------------------------------------------------------------------------------------

def test_every_tool_has_a_valid_function_name_and_chinese_docs():
    expected = {"amap_weather", "image_gen", "search_trains", "book_train_ticket", "book_restaurant",
                "add_calendar_event", "list_calendar_events", "get_exchange_rate", "convert_currency"}
    assert expected <= set(TOOLS)
    for name, tool in TOOLS.items():
        assert re.fullmatch(r"[a-zA-Z0-9_-]{1,64}", name), name
        assert CJK.search(tool.spec.description), name
        params = tool.spec.parameters
        assert params["type"] == "object" and params["additionalProperties"] is False
        for arg, schema in params["properties"].items():
            assert CJK.search(schema.get("description", "")), f"{name}.{arg} has no Chinese description"


@pytest.mark.parametrize("name, required, types", [
    ("amap_weather", ["location"], {"location": "string", "date": "string"}),
    ("image_gen", ["text"], {"text": "string", "resolution": "string"}),
    ("book_restaurant", ["restaurant", "date", "time", "people"], {"people": "integer"}),
    ("search_trains", ["origin", "destination", "date"], {"origin": "string"}),
    ("book_train_ticket", ["train", "date"], {"passengers": "integer"}),
    ("add_calendar_event", ["title", "date"], {"time": "string"}),
    ("list_calendar_events", ["date"], {"date": "string"}),
    ("get_exchange_rate", ["from_currency"], {"to_currency": "string"}),
    ("convert_currency", ["amount", "from_currency", "to_currency"], {"amount": "number"}),
])
def test_schema_required_and_types_follow_the_signature(name, required, types):
    params = TOOLS[name].spec.parameters
    assert params["required"] == required
    for arg, json_type in types.items():
        assert params["properties"][arg]["type"] == json_type


def test_image_gen_schema_is_modelscope_compatible():
    props = TOOLS["image_gen"].spec.parameters["properties"]
    assert props["resolution"]["enum"] == ["1024*1024", "720*1280", "1280*720"]
    assert props["resolution"]["default"] == "1024*1024"
    assert "图" in TOOLS["image_gen"].spec.description
    assert "天气" in TOOLS["amap_weather"].spec.description


# --- weather ---------------------------------------------------------------------------------------------

def test_weather_defaults_to_today_and_matches_place_names_leniently():
    tb = box(WEATHER_WORLD)
    assert ok(tb, "amap_weather", {"location": "北京"}) == {
        "city": "北京", "date": "2026-11-22", "condition": "晴", "high": 8, "low": -2}
    for spelling in ["北京市", "Beijing", "ＢＥＩＪＩＮＧ", " beijing "]:
        assert ok(tb, "amap_weather", {"location": spelling, "date": "2026-11-23"})["condition"] == "小雪"
    assert ok(tb, "amap_weather", {"location": "上海"})["city"] == "上海市"
    assert ok(tb, "amap_weather", {"location": "魔都"})["condition"] == "多云"
    assert ok(tb, "amap_weather", {"location": "海淀区"})["low"] == -3


def test_weather_errors_are_chinese_and_helpful():
    tb = box(WEATHER_WORLD)
    assert "未找到城市：火星" in refused(tb, "amap_weather", {"location": "火星"})
    message = refused(tb, "amap_weather", {"location": "北京", "date": "2026-12-01"})
    assert "2026-11-22" in message and "2026-11-23" in message
    no_clock = box({"weather": WEATHER_WORLD["weather"]})
    assert "日期" in refused(no_clock, "amap_weather", {"location": "北京"})


# --- image -----------------------------------------------------------------------------------------------

def test_image_gen_url_is_deterministic_and_recorded_in_the_world():
    tb = box()
    first = ok(tb, "image_gen", {"text": "一只橘猫"})
    digest = hashlib.sha1("一只橘猫|1024*1024".encode()).hexdigest()[:16]
    assert first == {"image_url": f"https://images.example.com/gen/{digest}.png", "resolution": "1024*1024"}
    assert ok(box(), "image_gen", {"text": "一只橘猫"}) == first
    wide = ok(tb, "image_gen", {"text": "一只橘猫", "resolution": "1280*720"})
    assert wide["image_url"] != first["image_url"] and re.fullmatch(r".*/[0-9a-f]{16}\.png", wide["image_url"])
    assert [i["image_url"] for i in tb.world.data["images"]] == [first["image_url"], wide["image_url"]]


def test_image_gen_rejects_empty_text_and_unknown_resolution():
    tb = box()
    assert "不能为空" in refused(tb, "image_gen", {"text": "   "})
    assert "resolution" in refused(tb, "image_gen", {"text": "猫", "resolution": "999*999"}, "bad_arguments")
    assert "images" not in tb.world.data


# --- trains ----------------------------------------------------------------------------------------------

def test_search_then_book_train_updates_seats_and_tickets():
    tb = box({"trains": TRAINS})
    found = ok(tb, "search_trains", {"origin": "北京市", "destination": "Shanghai", "date": "2026-11-23"})
    assert [t["train"] for t in found["trains"]] == ["G101", "G5"]
    ticket = ok(tb, "book_train_ticket", {"train": "g101", "date": "2026-11-23"})
    assert ticket["id"] == "T0001" and ticket["train"] == "G101" and ticket["price"] == 553
    assert tb.world.data["trains"][0]["seats"] == 0 and tb.world.data["tickets"] == [ticket]
    assert "余票不足" in refused(tb, "book_train_ticket", {"train": "G101", "date": "2026-11-23"})
    assert "余票不足" in refused(tb, "book_train_ticket", {"train": "G5", "date": "2026-11-23"})
    assert "G999" in refused(tb, "book_train_ticket", {"train": "G999", "date": "2026-11-23"})
    assert "没有找到" in refused(tb, "search_trains", {"origin": "北京", "destination": "上海", "date": "2026-11-30"})
    assert "不能相同" in refused(tb, "search_trains", {"origin": "北京", "destination": "北京市", "date": "2026-11-23"})
    assert len(tb.world.data["tickets"]) == 1


# --- restaurant booking ----------------------------------------------------------------------------------

def test_book_restaurant_writes_bookings_and_takes_seats():
    world = {"restaurants": {"全聚德(前门店)": {"slots": {"2026-11-23 18:00": 5, "2026-11-23 19:00": 0}}}}
    tb = box(world)
    first = ok(tb, "book_restaurant", {"restaurant": "全聚德（前门店）", "date": "2026-11-23", "time": "18:00",
                                       "people": 3})
    assert first == {"id": "R0001", "restaurant": "全聚德(前门店)", "date": "2026-11-23", "time": "18:00", "people": 3}
    assert tb.world.data["restaurants"]["全聚德(前门店)"]["slots"]["2026-11-23 18:00"] == 2
    assert "只剩 2 个座位" in refused(tb, "book_restaurant", {"restaurant": "全聚德(前门店)", "date": "2026-11-23",
                                                          "time": "18:00", "people": 3})
    assert "只剩 0" in refused(tb, "book_restaurant", {"restaurant": "全聚德(前门店)", "date": "2026-11-23",
                                                     "time": "19:00", "people": 1})
    assert "不接受预订" in refused(tb, "book_restaurant", {"restaurant": "全聚德(前门店)", "date": "2026-11-24",
                                                      "time": "18:00", "people": 1})
    assert "未找到餐厅：海底捞" in refused(tb, "book_restaurant", {"restaurant": "海底捞", "date": "2026-11-23",
                                                            "time": "18:00", "people": 1})
    assert ok(tb, "book_restaurant", {"restaurant": "全聚德(前门店)", "date": "2026-11-23", "time": "18:00",
                                      "people": 2})["id"] == "R0002"
    assert world["restaurants"]["全聚德(前门店)"]["slots"]["2026-11-23 18:00"] == 5, "scenario world was mutated"


def test_bad_argument_types_are_rejected_before_the_tool_runs():
    tb = box({"restaurants": {"全聚德": {"slots": {"2026-11-23 18:00": 5}}}})
    base = {"restaurant": "全聚德", "date": "2026-11-23", "time": "18:00"}
    assert "people" in refused(tb, "book_restaurant", {**base, "people": "两个"}, "bad_arguments")
    assert "people" in refused(tb, "book_restaurant", base, "bad_arguments")
    refused(tb, "book_restaurant", {**base, "people": 2, "note": "靠窗"}, "bad_arguments")
    refused(tb, "amap_weather", {"location": ["北京"]}, "bad_arguments")
    refused(tb, "convert_currency", {"amount": "一百", "from_currency": "USD", "to_currency": "CNY"}, "bad_arguments")
    refused(tb, "amap_weather", None, "bad_arguments")
    refused(tb, "book_flight", {"from": "北京"}, "unknown_tool")
    assert "bookings" not in tb.world.data and tb.world.calls == 0


# --- calendar --------------------------------------------------------------------------------------------

def test_calendar_add_and_list():
    tb = box({"events": [{"id": "E001", "title": "周会", "date": "2026-11-24", "time": "10:00"}]})
    event = ok(tb, "add_calendar_event", {"title": "客户电话", "date": "2026-11-24", "time": "15:00"})
    assert event == {"id": "E002", "title": "客户电话", "date": "2026-11-24", "time": "15:00"}
    assert ok(tb, "add_calendar_event", {"title": "买菜", "date": "2026-11-25"})["time"] is None
    listed = ok(tb, "list_calendar_events", {"date": "2026-11-24"})
    assert [e["title"] for e in listed["events"]] == ["周会", "客户电话"]
    assert ok(tb, "list_calendar_events", {"date": "2026-12-01"})["events"] == []
    assert "YYYY-MM-DD" in refused(tb, "add_calendar_event", {"title": "x", "date": "明天"})
    assert "HH:MM" in refused(tb, "add_calendar_event", {"title": "x", "date": "2026-11-24", "time": "下午三点"})
    assert "YYYY-MM-DD" in refused(tb, "list_calendar_events", {"date": "11月24日"})
    assert len(tb.world.data["events"]) == 3


# --- currency --------------------------------------------------------------------------------------------

def test_currency_rates_and_conversion():
    tb = box({"rates": {"USD": 7.1, "JPY": 0.0475}})
    assert ok(tb, "get_exchange_rate", {"from_currency": "usd"}) == {"from": "USD", "to": "CNY", "rate": 7.1}
    assert ok(tb, "get_exchange_rate", {"from_currency": "CNY", "to_currency": "JPY"})["rate"] == pytest.approx(
        1 / 0.0475, abs=1e-6)
    assert ok(tb, "convert_currency", {"amount": 250, "from_currency": "USD", "to_currency": "CNY"})["result"] == 1775
    assert ok(tb, "convert_currency", {"amount": 1000, "from_currency": "JPY", "to_currency": "CNY"})["result"] == 47.5
    assert ok(tb, "convert_currency", {"amount": 71, "from_currency": "CNY", "to_currency": "USD"})["result"] == 10
    assert "不支持的币种：BTC" in refused(tb, "convert_currency", {"amount": 1, "from_currency": "BTC",
                                                               "to_currency": "CNY"})
    assert "不支持的币种：GBP" in refused(tb, "get_exchange_rate", {"from_currency": "GBP"})
    assert "负数" in refused(tb, "convert_currency", {"amount": -1, "from_currency": "USD", "to_currency": "CNY"})


# --- robustness ------------------------------------------------------------------------------------------

ODD_STRINGS = ["", " ", "😀", "__import__('os').system('true')", "{{x}}", "北京" * 200, "-1", "0000-00-00", "\n"]


@pytest.mark.parametrize("name", sorted(TOOLS))
def test_odd_but_schema_valid_arguments_never_crash_a_tool(name):
    params = TOOLS[name].spec.parameters
    world = {**WEATHER_WORLD, "trains": TRAINS, "rates": {"USD": 7.1}, "events": [],
             "restaurants": {"全聚德": {"slots": {"2026-11-23 18:00": 5}}}}
    fillers = {"string": ODD_STRINGS, "integer": [0, -3, 10**9], "number": [0, -0.5, 1e300]}
    for i in range(max(len(v) for v in fillers.values())):
        args = {}
        for arg, schema in params["properties"].items():
            options = schema.get("enum") or fillers[schema["type"]]
            args[arg] = options[i % len(options)]
        obs = box(world).call(name, args)
        assert obs.error_kind in (None, "tool_error"), (args, obs)
        if not obs.ok:
            assert CJK.search(obs.content), obs.content


# --- faults ----------------------------------------------------------------------------------------------

def test_scenario_faults_fail_the_tool_once_then_it_works():
    scenario = load_scenario(SCENARIOS / "weather_service_retry.yaml")
    tb = Toolbox(TOOLS, World.from_scenario(scenario.world), scenario.faults)
    assert "天气服务繁忙" in refused(tb, "amap_weather", {"location": "上海"}, "fault")
    assert ok(tb, "amap_weather", {"location": "上海"})["condition"] == "多云"
    assert ok(tb, "amap_weather", {"location": "上海"})["condition"] == "多云"


def test_turn_scoped_fault_only_fires_in_its_turn():
    scenario = load_scenario(SCENARIOS / "finance_rate_then_convert_retry.yaml")
    tb = Toolbox(TOOLS, World.from_scenario(scenario.world), scenario.faults)
    args = {"amount": 300, "from_currency": "EUR", "to_currency": "CNY"}
    assert ok(tb, "convert_currency", args)["result"] == 2358
    tb.world.turn = 1
    assert "超时" in refused(tb, "convert_currency", args, "fault")
    assert ok(tb, "convert_currency", args)["result"] == 2358
    assert ok(tb, "get_exchange_rate", {"from_currency": "EUR"})["rate"] == 7.86
