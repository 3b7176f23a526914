import pytest

from agentbench.matchers.matchers import MatcherSpecError, compile_matcher
from agentbench.text.normalize import language_of
from agentbench.text.places import norm_place


def ok(spec, value):
    return compile_matcher(spec).match(value).ok


@pytest.mark.parametrize("value", ["北京", "北京市", "Beijing", "ＢＥＩＪＩＮＧ", " 北京 "])
def test_place_matcher_folds_width_case_suffix_and_aliases(value):
    assert ok({"place": "北京"}, value)


def test_place_matcher_rejects_other_places_and_non_strings():
    assert not ok({"place": "北京"}, "上海市")
    assert not ok({"place": "北京"}, ["北京"])
    assert norm_place("海淀区") == "海淀" and norm_place("小区") == "小区"


def test_literal_string_folds_width_and_punctuation_but_not_suffix():
    assert ok("1024*1024", "１０２４＊１０２４")
    assert ok("你好，世界", "你好世界")
    assert not ok("北京", "北京市")


def test_exact_is_exact():
    assert ok({"exact": "ls -la"}, "ls -la")
    assert not ok({"exact": "ls -la"}, "ls  -la")
    assert not ok({"exact": 1}, 1.0)


def test_numbers():
    assert ok(3, "3") and ok(3, 3.0) and not ok(3, "3.5")
    assert ok({"approx": 21.5, "tol": 0.5}, "21.9") and not ok({"approx": 21.5, "tol": 0.5}, 22.1)
    assert not ok({"approx": 1}, True)


def test_enum_regex_any_of_present():
    assert ok({"enum": ["720*1280", "1280*720"]}, "1280*720") and not ok({"enum": ["720*1280"]}, "1024*1024")
    assert ok({"regex": r"2026-11-2[34]", "example": "2026-11-23"}, "2026-11-24")
    assert not ok({"regex": r"2026-11-2[34]"}, "2026-11-245")
    assert ok({"any_of": [{"place": "北京"}, "首都"]}, "首都") and not ok({"any_of": ["a"]}, "b")
    assert ok({"present": True, "example": 1}, None)


def test_sequences():
    assert ok({"set": ["猫", "狗"]}, ["狗", "猫"]) and not ok({"set": ["猫", "狗"]}, ["猫", "猫"])
    assert ok({"multiset": ["猫", "猫"]}, ["猫", "猫"])
    assert ok(["a", "b"], ["a", "b"]) and not ok(["a", "b"], ["b", "a"])
    # optimal assignment inside sets: a greedy first fit would give {any_of} the 北京 and fail
    assert ok({"set": [{"any_of": ["北京", "上海"]}, "北京"]}, ["北京", "上海"])


def test_nested_objects():
    spec = {"from": {"place": "北京"}, "when": {"date": "2026-11-23"}}
    assert ok(spec, {"from": "北京市", "when": {"date": "2026-11-23"}})
    assert not ok(spec, {"from": "北京", "when": {"date": "2026-11-23", "x": 1}})
    assert ok({"object": {"a": 1}, "allow_extra": True}, {"a": 1, "b": 2})


def test_examples_feed_the_gold_oracle():
    assert compile_matcher({"any_of": [{"place": "北京"}, "首都"]}).example() == "北京"
    assert compile_matcher({"set": [{"enum": [1, 2]}]}).example() == [1]
    with pytest.raises(MatcherSpecError):
        compile_matcher({"regex": "x+"}).example()


@pytest.mark.parametrize("spec", [{"place": 3}, {"enum": []}, {"regex": "("}, {"approx": "x"}, {"place": "a", "tol": 1}])
def test_bad_specs_are_errors(spec):
    with pytest.raises(MatcherSpecError):
        compile_matcher(spec, "location")


def test_language_of():
    assert language_of("北京明天小雪，最低-5℃。") == "zh"
    assert language_of("Beijing will see light snow (小雪) tomorrow.") == "en"
    assert language_of("![图片](https://x.example.com/a.png) 画好了") == "zh"
    assert language_of("12345") is None


def test_every_reason_code_is_documented():
    from pathlib import Path

    from agentbench.errors import REASON_HELP, Reason

    doc = (Path(__file__).resolve().parents[1] / "docs" / "reasons.md").read_text(encoding="utf-8")
    assert set(REASON_HELP) == set(Reason)
    assert all(f"`{r.value}`" in doc for r in Reason)


@pytest.mark.parametrize("answer,fact,expected", [
    ("约2358元", "2358", True), ("2,358.0元", "2358", True), ("最低-15度", "-5", False), ("最低-5度", "-5", True),
    ("12度", "2", False), ("2.5", "2", False), ("气温−5℃", "-5", True), ("北京小雪，-5到2度。", "-5", True),
    ("2026-11-23", "23", False), ("订单R0001", "1", False), ("共1,234元", "234", False), ("小雪转晴", "小雪", True),
    ("ＧＵＡＮＧＺＨＯＵ", "guangzhou", True),
])
def test_mentions_matches_numbers_by_value_standing_alone(answer, fact, expected):
    from agentbench.scoring.answer_checks import mentions

    assert mentions(answer, fact) is expected
