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


# ------------------------------------------------------------------ restating the prompt is not a choice

ARC_OPTIONS = {"A": "a rock", "B": "a bacterial population", "C": "a cloud", "D": "sunlight"}
ARC_PROMPT = ('The following are multiple choice science questions. Answer with the letter of the correct option, '
              'in the form "Answer: X".\n\nQuestion: Which of these is alive?\n'
              + "".join(f"{k}. {v}\n" for k, v in ARC_OPTIONS.items()) + "Answer:")
CEVAL_OPTIONS = {"A": "细菌", "B": "病毒", "C": "岩石", "D": "阳光"}
CEVAL_BLOCK = "下列属于生物的是____\n" + "".join(f"{k}. {v}\n" for k, v in CEVAL_OPTIONS.items()) + "答案："
# completion style: five solved examples, then the question; an echo repeats their `答案：C` lines
CEVAL_COMPLETION = ("以下是中国关于生物考试的单项选择题，请选出其中的正确答案。\n\n"
                    + "".join(f"第{i}题____\nA. 甲{i}\nB. 乙{i}\nC. 丙{i}\nD. 丁{i}\n答案：C\n\n" for i in range(5))
                    + CEVAL_BLOCK)


@pytest.mark.parametrize("reply,options,prompt,letters", [
    (ARC_PROMPT, ARC_OPTIONS, ARC_PROMPT, "ABCD"),               # an echo server
    (ARC_PROMPT, ARC_OPTIONS, None, "ABCD"),                     # the options alone recognise the listing
    (ARC_PROMPT, None, None, "ABCD"),                            # line markers naming four letters
    (CEVAL_BLOCK, CEVAL_OPTIONS, CEVAL_BLOCK, "ABCD"),
    ("答案：" + CEVAL_COMPLETION, CEVAL_OPTIONS, CEVAL_COMPLETION, "ABCD"),  # cue + echo, completion style
    ("(A) a rock (B) a bacterial population (C) a cloud (D) sunlight", ARC_OPTIONS, None, "ABCD"),
    ("- A. 细菌\n- B. 病毒\n- C. 岩石\n- D. 阳光", CEVAL_OPTIONS, None, "ABCD"),
    ("A. 错误\nB. 正确\nC. 错误\nD. 错误", None, None, "ABCD"),     # verdicts on every option, no choice stated
])
def test_restating_the_options_without_choosing_is_invalid(reply, options, prompt, letters):
    assert extract_choice(reply, letters, options=options, prompt=prompt) == {"strict": None, "flexible": None}


@pytest.mark.parametrize("reply,options,prompt,expected", [
    (CEVAL_BLOCK + "B", CEVAL_OPTIONS, CEVAL_BLOCK, "B"),         # an echo of the question, then the letter
    ("A. 细菌\nB. 病毒\nC. 岩石\nD. 阳光\n\n所以选A", CEVAL_OPTIONS, CEVAL_BLOCK, "A"),
    ("A. 细菌\nB. 病毒\nC. 岩石\nD. 阳光\n答案：A", CEVAL_OPTIONS, CEVAL_BLOCK, "A"),
    ("A. 细菌", CEVAL_OPTIONS, CEVAL_BLOCK, "A"),                  # one option restated is a choice
    ("A. 细菌 是生物，B. 病毒 不算，所以我选A. 细菌", CEVAL_OPTIONS, None, "A"),
    ("(A) a rock (B) a bacterial population (C) a cloud (D) sunlight: I pick (B).", ARC_OPTIONS, None, "B"),
])
def test_a_choice_after_or_among_restated_options_still_counts(reply, options, prompt, expected):
    assert extract_choice_flexible(reply, options=options, prompt=prompt) == expected


def test_a_real_reply_that_lists_options_and_names_two_letters_is_invalid():
    # Model output pasted in https://github.com/FreedomIntelligence/CMB/issues/13 (their extractor said A).
    reply = ("根据中国医师考试中的单项题,以下是一些可能的错误选项:\n\n1. 1级:肌肉完全不能收缩,为完全瘫痪\n"
             "2. 2级:肌肉收缩可使关节活动,但不能对抗重力\n3. 3级:肌肉仅有抗重力,无抗阻力收缩\n"
             "4. 4级:肌肉有抗重力和抗阻力收缩\n5. 5级:肌肉有对抗强阻力收缩。\n\n"
             "这些选项中,A和B都是正确的,C和D可能是错误的。C和D的选项可能是错误的,因为C和D的选项是肌肉有抗重力和"
             "抗阻力收缩,而A和B的选项是肌肉没有抗重力和抗阻力收缩。")
    assert extract_choice(reply, "ABCDE") == {"strict": None, "flexible": None}


def test_a_self_corrected_reply_reads_the_final_statement_in_flexible():
    # From https://github.com/aniri15/OPD-V/issues/2: first-letter extractors read A here.
    assert extract_choice_flexible("I considered (A), but it is incorrect. Final answer: D.") == "D"
    assert extract_choice_flexible("Answer: **D**") == "D"


def test_an_echoed_gsm8k_question_gives_no_number():
    prompt = ('Solve the following math problem step by step. End your response with "The answer is N." where N '
              "is the final number.\n\nQuestion: Janet has 16 eggs and eats 3. How many are left?")
    assert extract_number(prompt, prompt=prompt) == {"strict": None, "flexible": None}
    assert extract_number(prompt + "\n16 - 3 = 13\nThe answer is 13.", prompt=prompt)["strict"] == "13"
