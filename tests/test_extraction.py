"""Answer extraction pipelines: what each one reads, and that nothing extracted is None (invalid)."""

from __future__ import annotations

import pytest

from agentbench.scoring.extraction import (
    extract_choice,
    extract_choice_flexible,
    extract_choice_strict,
    extract_number,
    gsm8k_gold,
    normalize_number,
    numbers_equal,
)


@pytest.mark.parametrize("text", [
    "答案：B", "答案: B", "答案:B", "答案是B", "答案为 B。", "Answer: B", "answer:B", "The answer is (B).",
    "the correct answer is B", "Answer: **B**", "解析略。答案：B，因为……", "让我们一步一步思考，\n1. …\n所以答案是B。",
])
def test_strict_reads_explicit_answer_statements(text):
    assert extract_choice_strict(text) == "B"
    assert extract_choice_flexible(text) == "B"


@pytest.mark.parametrize("text", [
    "B", " B ", "B.", "(B)", "（B）", "Ｂ", "答案：Ｂ", "**B**", "B. a bacterial population", "B、细菌",
    "选B", "应选B。", "我选择B", "正确答案是 B", "正确选项为B", "因此，选项B是正确的", "B选项正确",
    "I think option B is right.", "The correct choice is (B).", "Looking at it: (A) is wrong, (B) fits.",
])
def test_flexible_reads_looser_forms(text):
    assert extract_choice_flexible(text) == "B"


@pytest.mark.parametrize("text", ["B", "选B", "Ｂ", "(B)", "B. foo"])
def test_strict_does_not_read_loose_forms(text):
    assert extract_choice_strict(text) is None


@pytest.mark.parametrize("text", [
    "A plant needs water and light.",   # the article "A" is a word, not an option
    "Answer: Because it is hot.",       # "B" inside "Because"
    "Cells divide by mitosis.",
    "I cannot determine this.",
    "我不知道。",
    "",
])
def test_never_picks_a_letter_out_of_a_word(text):
    assert extract_choice(text) == {"strict": None, "flexible": None}


def test_letters_are_limited_to_the_sample_options():
    assert extract_choice("答案：E") == {"strict": None, "flexible": None}
    assert extract_choice("答案：E", "ABCDE") == {"strict": "E", "flexible": "E"}


def test_strict_takes_the_first_statement_flexible_cues_the_last():
    assert extract_choice_strict("答案：C\n\n下一题……答案：A") == "C"
    assert extract_choice_flexible("选项A错误，选项D也错，所以选C") == "C"


@pytest.mark.parametrize("text,value", [
    ("#### 18", "18"), ("#### 1,600", "1600"), ("The answer is $1,600.", "1600"),
    ("the final answer is -3.50", "-3.5"), ("so\n#### 72\n", "72"), ("The answer is 0.5 kg.", "0.5"),
])
def test_number_strict(text, value):
    assert extract_number(text) == {"strict": value, "flexible": value}


@pytest.mark.parametrize("text,value", [
    (r"Total: \boxed{42}", "42"), (r"\boxed{\$1,200}", "1200"), (r"\boxed{\frac{3}{4}}", "0.75"),
    ("5 apples and 7 pears, so 12 fruits", "12"), ("答案是 36元", "36"), ("It costs $2,500 in total.", "2500"),
    ("１２ apples", "12"),
])
def test_number_flexible_only(text, value):
    got = extract_number(text)
    assert got["strict"] is None
    assert got["flexible"] == value


def test_no_number_is_invalid_not_zero():
    assert extract_number("I don't know.") == {"strict": None, "flexible": None}


def test_numbers_compare_numerically():
    assert numbers_equal("18", normalize_number("18.00"))
    assert numbers_equal(normalize_number("$1,600"), "1600")
    assert not numbers_equal("18", "18.5")
    assert not numbers_equal(None, "18")
    assert normalize_number("1, 2, 3") == "1"  # a comma list is not 123


def test_gsm8k_gold_reads_the_last_marker():
    assert gsm8k_gold("a <<2*3=6>>6\n#### 1,600") == "1600"
    with pytest.raises(ValueError):
        gsm8k_gold("no marker")
