"""Is the question bank complete and correct in both languages, are numeric answers what torch
says, and do quiz, interview, progress and show work from the command line?"""

from __future__ import annotations

import json
import re
import time

import pytest
import torch
from click.testing import CliRunner

from grader import registry
from grader.cli import main
from grader.i18n import LANGUAGES
from grader.progress import Progress
from grader.quiz import bank, session
from grader.quiz.numeric import GENERATORS

QUESTIONS = bank.questions()
REQUIRED_TOPICS = {"loss_functions", "cross_entropy", "bce_maximum_likelihood", "gradient_descent", "backpropagation",
                   "autograd", "activations", "softmax_jacobian", "vanishing_exploding", "optimizers", "data_splits",
                   "universal_approximation"}


def run(*args, **kwargs):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False, **kwargs)


def both_languages(entry) -> bool:
    return all(isinstance(entry.get(language), str) and entry[language].strip() for language in LANGUAGES)


# ----------------------------------------------------------------------------- the bank


def test_is_the_bank_big_enough_with_five_per_topic():
    assert len(QUESTIONS) >= 80
    counts = {topic: sum(q["topic"] == topic for q in QUESTIONS) for topic in REQUIRED_TOPICS}
    assert set(bank.topics()) == REQUIRED_TOPICS
    assert min(counts.values()) >= 5, counts


def test_are_ids_unique_and_stable_looking():
    ids = [q["id"] for q in QUESTIONS]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)


def test_does_the_bank_have_every_question_type():
    assert {q["type"] for q in QUESTIONS} == set(bank.TYPES)


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q["id"])
def test_is_every_question_well_formed_in_both_languages(question):
    assert question["type"] in bank.TYPES
    assert question["difficulty"] in (1, 2, 3)
    assert question.get("exercise") in (None, *[e.id for e in registry.exercises()])
    assert both_languages(question["prompt"])
    kind = question["type"]
    if kind == "explain":
        assert both_languages(question["model_answer"])
        assert len(question["key_points"]) >= 3 and all(both_languages(p) for p in question["key_points"])
        return
    assert both_languages(question["explanation"])
    if kind in ("single", "multiple"):
        assert len(question["choices"]) >= 3 and all(both_languages(c) for c in question["choices"])
        answers = [question["answer"]] if kind == "single" else question["answer"]
        assert all(isinstance(a, int) and 0 <= a < len(question["choices"]) for a in answers)
        if kind == "multiple":
            assert len(answers) >= 2 and answers == sorted(set(answers))
    if kind == "true_false":
        assert isinstance(question["answer"], bool)
    if kind == "numeric":
        assert question["generator"] in GENERATORS and 0 < question["tolerance"] < 0.05
        instance = bank.instantiate(question, 0)
        for language in LANGUAGES:  # every placeholder is filled by the generator
            assert "{" not in instance.prompt(language) and "{" not in instance.explanation(language)


def test_are_true_false_answers_balanced_enough_to_need_thought():
    answers = [q["answer"] for q in QUESTIONS if q["type"] == "true_false"]
    assert 0.2 < sum(answers) / len(answers) < 0.9


def test_do_shuffled_choices_keep_the_right_answer():
    question = bank.by_id("mse-mean-divides-by")
    positions = set()
    for seed in range(20):
        instance = bank.instantiate(question, seed)
        assert instance.choices("en")[instance.answer].startswith("12")
        positions.add(instance.answer)
    assert len(positions) > 1, "the right answer must not always be in the same place"


# ----------------------------------------------------------------------------- numeric answers vs torch


def _numbers(text):
    return json.loads(str(text))


def torch_answer(generator: str, p: dict) -> float:
    F = torch.nn.functional
    d = torch.float64
    if generator == "mse_value":
        return F.mse_loss(torch.tensor(_numbers(p["y_pred"]), dtype=d), torch.tensor(_numbers(p["y_true"]), dtype=d)).item()
    if generator == "mse_grad_entry":
        y = torch.tensor(_numbers(p["y_pred"]), dtype=d, requires_grad=True)
        F.mse_loss(y, torch.tensor(_numbers(p["y_true"]), dtype=d)).backward()
        return y.grad[0].item()
    if generator in ("cross_entropy_value", "cross_entropy_grad_entry"):
        z = torch.tensor([_numbers(p["logits"])], dtype=d, requires_grad=True)
        loss = F.cross_entropy(z, torch.tensor([p["label"]]))
        if generator == "cross_entropy_value":
            return loss.item()
        loss.backward()
        return z.grad[0, p["index"]].item()
    if generator == "bce_value":
        return F.binary_cross_entropy(torch.tensor(_numbers(p["p"]), dtype=d), torch.tensor(_numbers(p["y"]), dtype=d)).item()
    if generator in ("gd_step", "gd_quadratic", "momentum_step", "adam_first_step"):
        w = torch.tensor([float(p["w"])], dtype=d, requires_grad=True)
        if generator == "momentum_step":
            optimizer = torch.optim.SGD([w], lr=p["lr"], momentum=p["beta"])
            optimizer.state[w]["momentum_buffer"] = torch.tensor([float(p["v"])], dtype=d)
        elif generator == "adam_first_step":
            optimizer = torch.optim.Adam([w], lr=p["lr"])
        else:
            optimizer = torch.optim.SGD([w], lr=p["lr"])
        if generator == "gd_quadratic":
            ((w - p["target"]) ** 2).sum().backward()
        else:
            w.grad = torch.tensor([float(p.get("grad", p.get("g")))], dtype=d)
        optimizer.step()
        return w.item()
    if generator == "chain_rule_scalar":
        w = torch.tensor(float(p["w"]), dtype=d, requires_grad=True)
        ((torch.sigmoid(w * p["x"]) - p["target"]) ** 2).backward()
        return w.grad.item()
    if generator == "accumulated_grad":
        w = torch.tensor(float(p["w"]), dtype=d, requires_grad=True)
        for _ in range(p["times"]):
            (p["a"] * w**2).backward()
        return w.grad.item()
    if generator == "sigmoid_derivative":
        z = torch.tensor(float(p["z"]), dtype=d, requires_grad=True)
        torch.sigmoid(z).backward()
        return z.grad.item()
    if generator == "softmax_jacobian_entry":
        jacobian = torch.func.jacrev(lambda v: torch.softmax(v, -1))(torch.tensor(_numbers(p["z"]), dtype=d))
        return jacobian[p["i"], p["j"]].item()
    if generator == "softmax_value":
        return torch.softmax(torch.tensor(_numbers(p["z"]), dtype=d), -1)[p["i"]].item()
    if generator == "clip_coefficient":
        grads = [torch.tensor(_numbers(p["g1"]), dtype=d), torch.tensor(_numbers(p["g2"]), dtype=d)]
        params = [g.clone().requires_grad_() for g in grads]
        for param, g in zip(params, grads):
            param.grad = g.clone()
        torch.nn.utils.clip_grad_norm_(params, p["max_norm"])
        return (params[0].grad.norm() / grads[0].norm()).item()
    raise AssertionError(f"no torch reference for {generator}")


@pytest.mark.parametrize("question", [q for q in QUESTIONS if q["type"] == "numeric"], ids=lambda q: q["id"])
def test_is_every_numeric_answer_what_torch_computes(question):
    for seed in range(15):
        instance = bank.instantiate(question, seed)
        expected = torch_answer(question["generator"], instance.params)
        assert bank.is_correct(instance, expected), (seed, instance.params, instance.answer, expected)
        assert abs(instance.answer - expected) <= 1e-5 * max(1.0, abs(expected))


def test_are_numbers_drawn_per_attempt():
    question = bank.by_id("mse-compute")
    prompts = {bank.instantiate(question, seed).prompt("en") for seed in range(10)}
    assert len(prompts) > 5


@pytest.mark.parametrize("text, expected", [("b", 1), ("2", 1), (" B ", 1)])
def test_are_single_answers_read_as_letters_or_numbers(text, expected):
    instance = bank.instantiate(bank.by_id("loss-purpose"), 0)
    assert bank.parse_response(instance, text) == expected


@pytest.mark.parametrize("text, expected", [("t", True), ("对", True), ("no", False), ("错", False)])
def test_are_true_false_answers_read_in_both_languages(text, expected):
    instance = bank.instantiate(bank.by_id("sse-vs-mse-minimiser"), 0)
    assert bank.parse_response(instance, text) is expected


@pytest.mark.parametrize("text", ["z", "", "a,b", "5"])
def test_is_an_unreadable_single_answer_refused(text):
    with pytest.raises(ValueError):
        bank.parse_response(bank.instantiate(bank.by_id("loss-purpose"), 0), text)


# ----------------------------------------------------------------------------- spaced repetition


def test_does_the_interview_ask_due_and_missed_questions_first():
    now = time.time()
    cards = {"gd-update-rule": (1, now - 10), "bp-what": (3, now - 5), "ag-no-grad": (2, now + 86400)}
    order = [instance.id for instance in session.plan_interview(cards, seed=1, now=now)]
    assert order[:2] == ["gd-update-rule", "bp-what"]  # due: box 1 before box 3
    assert order[-1] == "ag-no-grad"  # not due yet: last
    assert len(order) == len(QUESTIONS)


def test_do_leitner_boxes_move_up_when_right_and_back_when_wrong():
    progress = Progress.open()
    progress.record_answer("gd-update-rule", "gradient_descent", True, now=0)
    progress.record_answer("gd-update-rule", "gradient_descent", True, now=0)
    assert progress.cards()["gd-update-rule"][0] == 3
    progress.record_answer("gd-update-rule", "gradient_descent", False, now=0)
    assert progress.cards()["gd-update-rule"] == (1, 0)
    assert progress.topic_accuracy()["gradient_descent"] == (2, 3)


def test_is_the_weakest_topic_the_one_answered_worst():
    answered = [session.Answered(bank.instantiate(bank.by_id(i), 0), ok) for i, ok in
                [("gd-update-rule", True), ("bp-what", False), ("bp-shape", False), ("ag-no-grad", True)]]
    assert session.weakest_topics(answered, {})[0][0] == "backpropagation"


# ----------------------------------------------------------------------------- commands


def right_answer(instance) -> str:
    """What a learner who knows the answer types."""
    kind = instance.question["type"]
    if kind == "single":
        return chr(ord("a") + instance.answer)
    if kind == "multiple":
        return ",".join(chr(ord("a") + i) for i in instance.answer)
    if kind == "true_false":
        return "t" if instance.answer else "f"
    if kind == "numeric":
        return f"{instance.answer:.6g}"
    return "2"


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
    assert "Score: 3/3" in result.output
    assert len(Progress.open().cards()) == 3


def test_does_a_wrong_answer_show_the_right_one_and_the_explanation():
    instance = session.plan_quiz("data_splits", 1, 5)[0]
    wrong = {"single": lambda: chr(ord("a") + (instance.answer + 1) % 4), "true_false": lambda: "f" if instance.answer else "t",
             "multiple": lambda: "a" if instance.answer != [0] else "b", "explain": lambda: "x\n0"}[instance.question["type"]]()
    result = run("quiz", "data_splits", "-n", 1, "--seed", 5, input=wrong + "\n")
    assert "Score: 0/1" in result.output
    assert instance.explanation("en")[:40] in result.output.replace("\n", " ").replace("  ", " ") or \
        instance.explanation("en")[:20] in result.output


def test_does_the_quiz_speak_chinese():
    result = run("quiz", "activations", "-n", 1, "--seed", 2, "--lang", "zh", input="")
    assert "第 1/1 题" in result.output


def test_is_a_file_of_answers_marked_as_json():
    seed = 8
    right = {instance.id: right_answer(instance) for instance in session.plan_quiz(None, 12, seed)}
    runner = CliRunner()
    with runner.isolated_filesystem():
        with open("answers.json", "w") as file:
            json.dump({"seed": seed, "answers": right}, file)
        result = runner.invoke(main, ["quiz", "--answers", "answers.json"])
        marked = json.loads(result.output)
        assert result.exit_code == 0 and marked["score"] == marked["total"] == 12
        first = next(iter(right))
        right[first] = "not an answer"
        with open("answers.json", "w") as file:
            json.dump({"seed": seed, "answers": right}, file)
        result = runner.invoke(main, ["quiz", "--answers", "answers.json"])
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


def test_does_the_list_give_id_topic_type_and_languages():
    result = run("quiz", "--list", "--format", "json")
    entries = json.loads(result.output)
    assert len(entries) == len(QUESTIONS)
    assert all({"id", "topic", "type", "languages"} <= set(e) and e["languages"] == ["en", "zh"] for e in entries)


def test_is_an_unknown_topic_a_usage_error():
    result = run("quiz", "astrology")
    assert result.exit_code == 2 and "softmax_jacobian" in result.output


def test_does_the_interview_end_with_the_weakest_topics():
    instances = session.plan_interview({}, seed=4)
    first = instances[0]
    wrong = {"single": "z", "multiple": "z", "true_false": "x", "numeric": "x", "explain": "0"}
    # an unreadable answer is asked again; then a wrong one is given
    kind = first.question["type"]
    bad = {"single": chr(ord("a") + (first.answer + 1) % len(first.choices("en"))) if kind == "single" else "",
           "multiple": "a" if first.answer != [0] else "b", "true_false": "f" if first.answer else "t",
           "numeric": str(first.answer + 1000), "explain": "0"}[kind]
    prefix = "thinking\n" if kind == "explain" else ""
    result = run("interview", "--seed", 4, "--minutes", 5, input=f"{prefix}{wrong[kind]}\n{bad}\n")
    assert result.exit_code == 0, result.output
    assert "Weakest topics" in result.output and first.question["topic"] in result.output
    assert f"learn quiz {first.question['topic']}" in result.output


def test_does_progress_show_exercises_and_topic_mastery(tmp_path):
    progress = Progress.open()
    progress.record(tmp_path, "exercise3", 0, 10, 10, started=True)
    for _ in range(2):
        progress.record_answer("sm-max-subtraction", "softmax_jacobian", True)
    result = run("progress", "--workspace", tmp_path)
    lines = result.output.splitlines()
    assert "10/10" in next(line for line in lines if "exercise3" in line)
    assert "1/7" in next(line for line in lines if line.strip().startswith("softmax_jacobian"))


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
