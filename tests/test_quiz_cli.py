"""Do quiz, interview and progress work from the command line as a learner uses them: feedback
after each answer, topic names in the learner's language, time left, what a self-rating does,
reviews due?"""

from __future__ import annotations

import json
import re
import time

import pytest
from click.testing import CliRunner

from grader import registry
from grader.cli import main
from grader.i18n import LANGUAGES
from grader.progress import LEITNER_DAYS, Progress
from grader.quiz import bank, session
from tests.test_quiz import QUESTIONS, typed


def run(*args, **kwargs):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False, **kwargs)


def right_answer(instance) -> str:
    return typed(instance, "en")


def seed_where(scope: str, count: int, wanted) -> int:
    """A seed whose quiz on ``scope`` starts with a question for which ``wanted`` holds."""
    return next(seed for seed in range(500) if wanted(session.plan_quiz(scope, count, seed)[0]))


def test_does_an_interactive_quiz_give_feedback_and_a_score():
    seed = 3
    instances = session.plan_quiz("gradient_descent", 3, seed)
    answers = []
    for instance in instances:
        if instance.question["type"] == "explain":
            answers.append("my answer")  # said aloud or typed before the model answer is shown
        answers.append(right_answer(instance))
    result = run("quiz", "gradient_descent", "-n", 3, "--seed", seed, input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "Question 1/3 · Gradient descent" in result.output
    assert "Score: 3/3" in result.output
    assert len(Progress.open().cards()) == 3


def test_does_a_code_question_show_numbered_code():
    seed = seed_where("autograd", 1, lambda i: i.code is not None)
    result = run("quiz", "autograd", "-n", 1, "--seed", seed, input="")
    instance = session.plan_quiz("autograd", 1, seed)[0]
    last = instance.code.splitlines()[-1]
    assert re.search(rf"{len(instance.code.splitlines())} +{re.escape(last)}", result.output), result.output


def test_does_a_wrong_answer_show_the_right_one_and_the_explanation():
    seed = seed_where("data_splits", 1, lambda i: i.question["type"] == "single")
    instance = session.plan_quiz("data_splits", 1, seed)[0]
    wrong = chr(ord("a") + (instance.answer + 1) % len(instance.choices("en")))
    result = run("quiz", "data_splits", "-n", 1, "--seed", seed, input=wrong + "\n")
    assert "Score: 0/1" in result.output
    assert f"The answer is {bank.answer_text(instance, 'en')}" in result.output
    assert instance.explanation("en")[:30] in result.output.replace("\n", " ")


def test_does_the_quiz_speak_chinese_with_topic_names():
    result = run("quiz", "activations", "-n", 1, "--seed", 2, "--lang", "zh", input="")
    assert "第 1/1 题 · 激活函数" in result.output and "activations" not in result.output


def test_does_rating_an_explain_card_say_what_each_rating_does():
    seed = seed_where("data_splits", 1, lambda i: i.question["type"] == "explain")
    result = run("quiz", "data_splits", "-n", 1, "--seed", seed, input="my answer\n1\n")
    assert "0 = could not: counts as wrong; back to box 1, asked again next session" in result.output
    assert "1 = partly: counts as wrong; stays in box 1, asked again next session" in result.output
    assert "2 = fully: counts as right; up to box 2, asked again tomorrow" in result.output
    assert "Recorded 1 = partly: counts as wrong; stays in box 1" in result.output
    assert "Score: 0/1" in result.output
    card = Progress.open().cards()[session.plan_quiz("data_splits", 1, seed)[0].id]
    assert card[0] == 1


def test_does_a_known_explain_card_show_its_own_boxes():
    seed = seed_where("data_splits", 1, lambda i: i.question["type"] == "explain")
    card = session.plan_quiz("data_splits", 1, seed)[0].id
    progress = Progress.open()
    for _ in range(2):
        progress.record_answer(card, "data_splits", True)
    result = run("quiz", "data_splits", "-n", 1, "--seed", seed, "--lang", "zh", input="x\n2\n")
    assert f"2 = 完全掌握：记为答对；升到第 4 盒，{LEITNER_DAYS[3]} 天后再问" in result.output
    assert "1 = 部分掌握：记为答错；留在第 3 盒，3 天后再问" in result.output


def test_is_a_file_of_answers_marked_as_json(tmp_path):
    seed = 8
    right = {instance.id: right_answer(instance) for instance in session.plan_quiz(None, 12, seed)}
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"seed": seed, "answers": right}))
    result = CliRunner().invoke(main, ["quiz", "--answers", str(path)])
    marked = json.loads(result.output)
    assert result.exit_code == 0 and marked["score"] == marked["total"] == 12
    first = next(iter(right))
    right[first] = "not an answer"
    path.write_text(json.dumps({"seed": seed, "answers": right}))
    result = CliRunner().invoke(main, ["quiz", "--answers", str(path)])
    marked = json.loads(result.output)
    assert result.exit_code == 1 and marked["score"] == 11
    assert marked["results"][0]["error"] == "unreadable answer"


@pytest.mark.parametrize("content, message", [('{"answers": {"no-such-question": "a"}}', "no-such-question"),
                                              ("not json", "JSON"), ('{"answers": [1, 2]}', "JSON")])
def test_is_a_bad_answers_file_one_clear_error(tmp_path, content, message):
    path = tmp_path / "answers.json"
    path.write_text(content)
    result = run("quiz", "--answers", path)
    assert result.exit_code == 2 and message in result.output


def test_does_the_list_give_id_topic_title_type_and_languages():
    result = run("quiz", "--list", "--format", "json", "--lang", "zh")
    entries = json.loads(result.output)
    assert len(entries) == len(QUESTIONS)
    assert all({"id", "topic", "topic_title", "type", "languages"} <= set(e) and e["languages"] == ["en", "zh"]
               for e in entries)
    assert {e["topic_title"] for e in entries if e["topic"] == "gradient_checking"} == {"梯度检验"}


def test_is_an_unknown_topic_a_usage_error():
    result = run("quiz", "astrology")
    assert result.exit_code == 2 and "softmax_jacobian" in result.output


def test_does_the_interview_show_time_left_and_end_with_the_weakest_topics():
    instances = session.plan_interview({}, seed=4)
    first = instances[0]
    kind = first.question["type"]
    unreadable = {"single": "z", "multiple": "z", "true_false": "x", "numeric": "x", "explain": "7"}[kind]
    wrong = {"single": lambda: chr(ord("a") + (first.answer + 1) % len(first.choices("en"))),
             "multiple": lambda: "a" if first.answer != [0] else "b", "true_false": lambda: "f" if first.answer else "t",
             "numeric": lambda: str(first.answer + 1000), "explain": lambda: "0"}[kind]()
    prefix = "thinking\n" if kind == "explain" else ""
    result = run("interview", "--seed", 4, "--minutes", 5, input=f"{prefix}{unreadable}\n{wrong}\n")
    assert result.exit_code == 0, result.output
    assert re.search(r"Question 1 · .+ · 4:5\d left", result.output), result.output
    assert f"/{len(instances)}" not in result.output
    title = bank.topic_title(first.question["topic"], "en")
    assert "Weakest topics" in result.output and f"• {title} (0%)" in result.output
    assert f"learn quiz {first.question['topic']}" in result.output


def test_does_the_interview_say_when_time_is_up(monkeypatch):
    clock = iter(range(0, 10_000, 20))  # every look at the clock is 20 s later
    monkeypatch.setattr(time, "monotonic", lambda: float(next(clock)))
    instances = session.plan_interview({}, seed=6)
    answers = "".join(("x\n" if i.question["type"] == "explain" else "") + right_answer(i) + "\n" for i in instances[:5])
    result = run("interview", "--seed", 6, "--minutes", 1, input=answers)
    assert result.exit_code == 0, result.output
    assert "Time is up: the 1-minute session is over." in result.output
    assert result.output.count("Question ") < 5
    answered = len(Progress.open().cards())
    assert answered >= 1 and f"Score: {answered}/{answered}" in result.output


def test_does_progress_show_exercises_topic_names_mastery_and_reviews_due(tmp_path):
    progress = Progress.open()
    progress.record(tmp_path, "exercise3", 0, 10, 10, started=True)
    for _ in range(2):
        progress.record_answer("sm-max-subtraction", "softmax_jacobian", True)
    progress.record_answer("bp-what", "backpropagation", False)
    result = run("progress", "--workspace", tmp_path)
    lines = result.output.splitlines()
    assert "10/10" in next(line for line in lines if "exercise3" in line)
    softmax = next(line for line in lines if line.strip().startswith("Softmax and its Jacobian"))
    assert "1/10" in softmax
    backprop = next(line for line in lines if line.strip().startswith("Backpropagation"))
    assert re.search(r"0/\d+ +│ +1/\d+ +│ +1 ", backprop), backprop
    assert "Reviews due now: 1" in result.output


def test_does_progress_say_when_the_next_review_is():
    Progress.open().record_answer("bp-what", "backpropagation", True)
    result = run("progress", "--lang", "zh")
    assert "现在没有到期待复习的题目；下一道题明天到期。" in result.output
    assert "backpropagation" not in result.output and "反向传播" in result.output


def test_does_a_corrupted_database_not_break_the_quiz(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    (home / "progress.db").write_bytes(b"garbage" * 50)
    monkeypatch.setenv("BACKPROP_LAB_HOME", str(home))
    result = run("progress")
    assert result.exit_code == 0 and "moved aside" in result.output
    assert list(home.glob("progress.db.corrupt-*"))


@pytest.mark.parametrize("exercise", registry.exercises(), ids=lambda e: e.id)
@pytest.mark.parametrize("language", LANGUAGES)
def test_does_every_exercise_have_a_lesson_in_both_languages(exercise, language):
    result = run("show", exercise.id, "--lang", language)
    assert result.exit_code == 0
    heading = {"en": "Common mistakes", "zh": "常见错误"}[language]
    assert heading in result.output and len(result.output) > 800


def test_does_the_mle_lesson_derive_bce_step_by_step():
    text = run("show", "exercise2").output
    for step in ("Bernoulli", "Independent samples", "Take the log", "Flip the sign"):
        assert step in text
