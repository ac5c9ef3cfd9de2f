"""Is the question bank complete, correct and hard to game in both languages, are numeric answers
what torch says and marked by the precision the prompt states, and do quiz, interview, progress
and show work from the command line?"""

from __future__ import annotations

import json
import math
import re
import sys
import time
from decimal import ROUND_HALF_UP, Decimal

import pytest
import torch
from click.testing import CliRunner

from grader import registry
from grader.cli import main
from grader.i18n import LANGUAGES, translate
from grader.progress import Progress, next_box
from grader.quiz import bank, session
from grader.quiz.numeric import GENERATORS
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from surface_cues import surface_cue_score, width  # noqa: E402

QUESTIONS = bank.questions()
TOPIC_FILES = bank._topic_files()
REQUIRED_TOPICS = {"loss_functions", "cross_entropy", "bce_maximum_likelihood", "gradient_descent", "backpropagation",
                   "autograd", "activations", "softmax_jacobian", "vanishing_exploding", "optimizers", "data_splits",
                   "universal_approximation", "gradient_checking"}
FIELDS = {  # the fields each type may have (bank.py's docstring is the schema)
    "single": {"choices", "answer", "explanation", "code"},
    "multiple": {"choices", "answer", "explanation"},
    "true_false": {"answer", "explanation"},
    "numeric": {"generator", "explanation", "significant_figures"},
    "explain": {"model_answer", "key_points"},
}
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


def run(*args, **kwargs):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False, **kwargs)


def is_text(entry) -> bool:
    """A bank text: a non-empty string, or a non-empty string in every language."""
    if isinstance(entry, str):
        return bool(entry.strip())
    return isinstance(entry, dict) and all(isinstance(entry.get(language), str) and entry[language].strip()
                                           for language in LANGUAGES)


def both_languages(entry) -> bool:
    return isinstance(entry, dict) and is_text(entry)


# ----------------------------------------------------------------------------- the bank


def test_is_every_topic_file_complete_with_a_title_in_both_languages():
    assert {data["topic"] for data in TOPIC_FILES} == REQUIRED_TOPICS == set(bank.topics())
    assert sorted(data["order"] for data in TOPIC_FILES) == list(range(1, len(TOPIC_FILES) + 1))
    for data in TOPIC_FILES:
        assert set(data) == {"topic", "title", "order", "questions"}
        assert re.fullmatch(r"[a-z]+(_[a-z]+)*", data["topic"])
        assert both_languages(data["title"]) and "_" not in data["title"]["zh"]
        assert len(data["questions"]) >= 7, data["topic"]
        assert all("topic" not in question for question in data["questions"]), "the topic is the file's"


def test_are_ids_unique_and_stable_looking():
    ids = [q["id"] for q in QUESTIONS]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)


def test_does_the_bank_have_every_question_type_and_enough_above_recall():
    assert {q["type"] for q in QUESTIONS} == set(bank.TYPES)
    assert sum(q["difficulty"] >= 2 for q in QUESTIONS) >= 0.6 * len(QUESTIONS)
    assert sum(bool(q.get("code")) for q in QUESTIONS) >= 20


@pytest.mark.parametrize("exercise", [e.id for e in registry.exercises()])
def test_does_every_exercise_have_questions_of_its_own(exercise):
    """At least eight, two of them code to read, of four types or more, most above recall."""
    linked = [q for q in QUESTIONS if q.get("exercise") == exercise]
    assert len(linked) >= 8
    assert sum(bool(q.get("code")) for q in linked) >= 2
    assert len({q["type"] for q in linked}) >= 4 and "numeric" in {q["type"] for q in linked}
    assert sum(q["difficulty"] >= 2 for q in linked) > len(linked) / 2
    result = run("quiz", exercise, "--list", "--seed", 2, "--format", "json")
    assert result.exit_code == 0 and {entry["id"] for entry in json.loads(result.output)} == {q["id"] for q in linked}


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q["id"])
def test_is_every_question_well_formed_in_both_languages(question):
    kind = question["type"]
    assert kind in bank.TYPES
    assert set(question) - {"id", "type", "difficulty", "exercise", "prompt", "topic"} <= FIELDS[kind]
    assert question["difficulty"] in (1, 2, 3)
    assert question.get("exercise") in (None, *[e.id for e in registry.exercises()])
    assert both_languages(question["prompt"])
    if kind == "explain":
        assert both_languages(question["model_answer"])
        assert len(question["key_points"]) >= 3 and all(both_languages(p) for p in question["key_points"])
        return
    assert both_languages(question["explanation"])
    if kind in ("single", "multiple"):
        assert len(question["choices"]) >= 3 and all(is_text(c) for c in question["choices"])
        for language in LANGUAGES:
            shown = [bank.text(c, language) for c in question["choices"]]
            assert len(set(shown)) == len(shown), "two choices read the same"
        answers = [question["answer"]] if kind == "single" else question["answer"]
        assert all(isinstance(a, int) and 0 <= a < len(question["choices"]) for a in answers)
        if kind == "multiple":
            assert answers == sorted(set(answers)) and len(answers) >= 1
            assert len(question["choices"]) - len(answers) >= 2, "at least two wrong options"
    if kind == "true_false":
        assert isinstance(question["answer"], bool)
    if kind == "numeric":
        assert question["generator"] in GENERATORS
        assert bank.significant_figures(question) in (2, 3, 4)


@pytest.mark.parametrize("question", [q for q in QUESTIONS if q.get("code")], ids=lambda q: q["id"])
def test_is_every_code_block_well_formed(question):
    code = question["code"]
    assert question["type"] == "single"
    assert code["runs_with"] in ("numpy", "torch") and code["asks"] in ("output", "wrong_line")
    assert ("torch" in code["source"]) == (code["runs_with"] == "torch"), "runs_with names what the code imports"
    lines = code["source"].splitlines()
    assert all(len(line) <= 100 for line in lines), "fits a terminal"
    if code["asks"] == "output":
        assert all(isinstance(choice, str) and "\n" not in choice for choice in question["choices"])
    else:
        assert set(code) == {"runs_with", "source", "asks", "candidate_lines", "fix", "harness"}
        assert len(code["candidate_lines"]) >= 4 and code["fix"]["line"] in code["candidate_lines"]
        assert all(1 <= n <= len(lines) and lines[n - 1].strip() for n in code["candidate_lines"])


# ----------------------------------------------------------------------------- rendering


def typed(instance, language: str) -> str:
    """What a learner who knows the answer types, in the forms each language invites."""
    kind = instance.question["type"]
    if kind == "single":
        return chr(ord("a") + instance.answer)
    if kind == "multiple":
        return ("、" if language == "zh" else ",").join(chr(ord("a") + i) for i in instance.answer)
    if kind == "true_false":
        return translate("quiz.true" if instance.answer else "quiz.false", language)
    if kind == "numeric":
        return bank.answer_text(instance, language)
    return "2"


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q["id"])
def test_does_every_question_render_in_both_languages_and_accept_its_own_answer(question):
    seeds = range(40) if question["type"] == "numeric" else range(4)
    for seed in seeds:
        instance = bank.instantiate(question, seed)
        for language in LANGUAGES:
            texts = [instance.prompt(language), instance.explanation(language), bank.answer_text(instance, language),
                     *instance.choices(language)]
            assert all(isinstance(t, str) for t in texts)
            for t in texts[:2]:
                assert not PLACEHOLDER.search(t), (seed, language, t)
            if question["type"] not in ("explain",):
                assert bank.answer_text(instance, language)
            response = bank.parse_response(instance, typed(instance, language))
            assert bank.is_correct(instance, response), (seed, language, typed(instance, language))


def test_are_braces_in_prose_shown_as_written():
    """Does "y ∈ {0, 1}" reach the screen instead of crashing str.format?"""
    instance = bank.instantiate(bank.by_id("bce-bernoulli"), 3)
    assert "y ∈ {0, 1}" in instance.prompt("en") and "y ∈ {0, 1}" in instance.prompt("zh")
    assert bank.fill("{a} and {b} in {0, 1}", {"a": 1}) == "1 and {b} in {0, 1}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_does_the_list_render_every_question_with_any_seed(language):
    for seed in (0, 1, 7):
        result = run("quiz", "--list", "--seed", seed, "--format", "json", "--lang", language)
        entries = json.loads(result.output)
        assert len(entries) == len(QUESTIONS) and all(entry["prompt"] for entry in entries)
        assert sum("code" in entry for entry in entries) == sum(bool(q.get("code")) for q in QUESTIONS)
    for scope in ("bce_maximum_likelihood", "exercise2"):
        assert run("quiz", scope, "--list", "--seed", 4, "--lang", language).exit_code == 0


def test_do_shuffled_choices_keep_the_right_answer():
    question = bank.by_id("mse-mean-divides-by")
    positions = set()
    for seed in range(20):
        instance = bank.instantiate(question, seed)
        assert instance.choices("en")[instance.answer].startswith("12")
        positions.add(instance.answer)
    assert len(positions) > 1, "the right answer must not always be in the same place"


def test_are_line_choices_shown_in_line_order():
    instance = bank.instantiate(bank.by_id("code-mae-grad-line"), 5)
    numbers = [int(re.search(r"\d+", choice).group()) for choice in instance.choices("en")]
    assert numbers == sorted(numbers) and instance.choices("zh")[0].startswith("第 5 行")


# ----------------------------------------------------------------------------- surface cues


@pytest.mark.parametrize("language", LANGUAGES)
def test_is_the_longest_choice_right_no_more_often_than_chance(language):
    singles = [q for q in QUESTIONS if q["type"] == "single"]
    chance = sum(1 / len(q["choices"]) for q in singles)
    longest = 0.0
    for question in singles:
        widths = [width(bank.text(choice, language)) for choice in question["choices"]]
        tied = [i for i, w in enumerate(widths) if w == max(widths)]
        longest += (question["answer"] in tied) / len(tied)
    assert longest <= chance, (longest, chance)


def test_are_true_false_answers_balanced():
    answers = [q["answer"] for q in QUESTIONS if q["type"] == "true_false"]
    assert 0.4 <= sum(answers) / len(answers) <= 0.6


@pytest.mark.parametrize("language", LANGUAGES)
def test_does_answering_by_surface_cues_score_at_most_40_percent(language):
    """Longest choice, every choice but the shortest, always true: benchmarks/surface_cues.py."""
    result = surface_cue_score(language)
    assert result["total"] >= 80
    assert result["score"] <= 0.40, result


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
    if generator in ("gd_step", "gd_quadratic", "momentum_step", "adam_first_step", "rmsprop_first_step"):
        w = torch.tensor([float(p["w"])], dtype=d, requires_grad=True)
        if generator == "momentum_step":
            optimizer = torch.optim.SGD([w], lr=p["lr"], momentum=p["beta"])
            optimizer.state[w]["momentum_buffer"] = torch.tensor([float(p["v"])], dtype=d)
        elif generator == "adam_first_step":
            optimizer = torch.optim.Adam([w], lr=p["lr"])
        elif generator == "rmsprop_first_step":
            optimizer = torch.optim.RMSprop([w], lr=p["lr"])
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
    if generator in ("sigmoid_derivative", "tanh_derivative"):
        z = torch.tensor(float(p["z"]), dtype=d, requires_grad=True)
        (torch.sigmoid(z) if generator == "sigmoid_derivative" else torch.tanh(z)).backward()
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
    if generator == "central_difference":
        w, h = torch.tensor(float(p["w"]), dtype=d), p["h"]
        return (((w + h) ** 3 - (w - h) ** 3) / (2 * h)).item()
    if generator == "depth_product":
        # the gradient of `layers` stacked scalings by w·σ(z), taken through σ by autograd
        z = torch.tensor(float(p["z"]), dtype=d, requires_grad=True)
        torch.sigmoid(z).backward()
        return ((p["w"] * z.grad) ** p["layers"]).item()
    if generator in SECOND_TRACK:
        return SECOND_TRACK[generator](p)
    raise AssertionError(f"no torch reference for {generator}")


# ----------------------------------------------------------------------------- the second track's references


def stable_learning_rate(p):
    """2/λ_max of the Hessian torch's autograd takes of MSELoss(reduction) in (w, b)."""
    x = torch.tensor(_numbers(p["x"]), dtype=torch.float64)
    loss = torch.nn.MSELoss(reduction=p["reduction"])
    hessian = torch.autograd.functional.hessian(lambda theta: loss(theta[0] * x + theta[1], torch.zeros_like(x)),
                                                torch.tensor([0.3, -0.7], dtype=torch.float64))
    return (2 / torch.linalg.eigvalsh(hessian)[-1]).item()


def epoch_steps(p):
    """The batches a shuffling DataLoader that keeps its short last batch yields, epoch after epoch."""
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.arange(p["n"])),
                                         batch_size=p["batch"], shuffle=True, drop_last=False)
    return sum(1 for _ in range(p["epochs"]) for _ in loader)


def activation_unit_grad(p):
    w = torch.tensor(float(p["w"]), dtype=torch.float64, requires_grad=True)
    getattr(torch, p["f"])(w * p["x"] + p["b"]).backward()
    return w.grad.item()


def optimiser_run(optimizer_class, w, gradients, **options):
    """w after one step of torch's optimiser per gradient."""
    w = torch.tensor([float(w)], dtype=torch.float64, requires_grad=True)
    optimizer = optimizer_class([w], **options)
    for g in gradients:
        w.grad = torch.tensor([float(g)], dtype=torch.float64)
        optimizer.step()
    return w.item()


def nesterov_step(p):
    w = torch.tensor([float(p["w"])], dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([w], lr=p["lr"], momentum=p["beta"], nesterov=True)
    optimizer.state[w]["momentum_buffer"] = torch.tensor([float(p["v"])], dtype=torch.float64)
    w.grad = torch.tensor([float(p["g"])], dtype=torch.float64)
    optimizer.step()
    return w.item()


def relative_error_value(p):
    a, n = torch.tensor(_numbers(p["a"]), dtype=torch.float64), torch.tensor(_numbers(p["n"]), dtype=torch.float64)
    return ((a - n).abs() / torch.clamp(a.abs() + n.abs(), min=1e-8)).max().item()


def forward_difference_error(p):
    """The forward difference of w³ computed in torch, less autograd's exact derivative."""
    w = torch.tensor(float(p["w"]), dtype=torch.float64, requires_grad=True)
    (w**3).backward()
    with torch.no_grad():
        estimate = ((w + p["h"]) ** 3 - w**3) / p["h"]
    return (estimate - w.grad).item()


def init_std_value(p):
    """The spread torch's own call draws with, read off torch: the same seed drawn once by the
    call and once as unit draws (U(−1, 1) for a uniform scheme, N(0, 1) for a normal one)."""
    nn = torch.nn
    layer = nn.Linear(p["fan_in"], p["fan_out"], dtype=torch.float64)
    torch.manual_seed(0)
    eval(p["call"], {"nn": nn, "layer": layer})  # the prompt's own call, e.g. nn.init.kaiming_normal_(...)
    torch.manual_seed(0)
    unit = torch.empty_like(layer.weight)
    if "normal" in p["call"]:
        return (layer.weight / unit.normal_(0.0, 1.0)).mean().item()
    unit.uniform_(-1.0, 1.0)
    bound = (layer.weight / unit)[unit.abs() > 0.1].mean().item()
    return bound / 3**0.5  # U(−a, a) has standard deviation a/√3


def shared_node_grad(p):
    a = torch.tensor(float(p["a"]), dtype=torch.float64, requires_grad=True)
    c = a * p["b"]
    d = torch.tanh(c)
    (d * a + c).backward()
    return a.grad.item()


SECOND_TRACK = {
    "stable_learning_rate": stable_learning_rate,
    "epoch_steps": epoch_steps,
    "activation_unit_grad": activation_unit_grad,
    "adamw_first_step": lambda p: optimiser_run(torch.optim.AdamW, p["w"], [p["g"]], lr=p["lr"],
                                                weight_decay=p["decay"]),
    "adam_two_steps": lambda p: optimiser_run(torch.optim.Adam, 0.0, [p["g1"], p["g2"]], lr=p["lr"]),
    "nesterov_step": nesterov_step,
    "relative_error_value": relative_error_value,
    "forward_difference_error": forward_difference_error,
    "init_std_value": init_std_value,
    "shared_node_grad": shared_node_grad,
}


NUMERIC = [q for q in QUESTIONS if q["type"] == "numeric"]


@pytest.mark.parametrize("question", NUMERIC, ids=lambda q: q["id"])
def test_is_every_numeric_answer_what_torch_computes(question):
    for seed in range(15):
        instance = bank.instantiate(question, seed)
        expected = torch_answer(question["generator"], instance.params)
        assert bank.is_correct(instance, expected), (seed, instance.params, instance.answer, expected)
        assert abs(instance.answer - expected) <= 1e-5 * max(1.0, abs(expected))


def test_does_every_generator_have_a_question_and_a_torch_reference():
    assert {q["generator"] for q in NUMERIC} == set(GENERATORS)


def learner_roundings(answer: float, digits: int) -> set[float]:
    """The ways a person rounds to ``digits`` significant figures: half up on the decimal a
    calculator shows, and Python's own round-half-even on the binary value."""
    exact = Decimal(repr(answer))
    half_up = exact.quantize(Decimal(1).scaleb(exact.adjusted() - digits + 1), rounding=ROUND_HALF_UP)
    return {float(half_up), float(f"{answer:.{digits - 1}e}"), float(f"{answer:.{digits}g}")}


@pytest.mark.parametrize("question", NUMERIC, ids=lambda q: q["id"])
def test_does_rounding_as_the_prompt_says_always_pass(question):
    digits = bank.significant_figures(question)
    for language in LANGUAGES:
        assert f"{digits} " in bank.instantiate(question, 0).prompt(language)
    assert "significant figures" in bank.instantiate(question, 0).prompt("en")
    assert "有效数字" in bank.instantiate(question, 0).prompt("zh")
    for seed in range(300):
        instance = bank.instantiate(question, seed)
        assert instance.answer != 0
        for rounded in learner_roundings(instance.answer, digits) | learner_roundings(instance.answer, digits + 1):
            assert bank.is_correct(instance, rounded), (seed, instance.answer, rounded)
        for rounded in learner_roundings(instance.answer, digits):  # typed as text, in either language's habits
            assert bank.is_correct(instance, bank.parse_response(instance, repr(rounded).replace(".", "．")))


@pytest.mark.parametrize("question", NUMERIC, ids=lambda q: q["id"])
def test_is_an_answer_two_percent_off_refused(question):
    for seed in range(50):
        instance = bank.instantiate(question, seed)
        for factor in (1.02, 0.98):
            assert not bank.is_correct(instance, instance.answer * factor), (seed, instance.answer)


@pytest.mark.parametrize("answer, digits, shown", [(0.07359, 3, "0.0736"), (0.09996, 3, "0.100"), (1234.5, 3, "1230"),
                                                   (-0.25, 3, "-0.250"), (2.675, 3, "2.68"), (0.000123456, 2, "0.00012")])
def test_is_the_answer_shown_to_the_stated_precision(answer, digits, shown):
    assert bank.rounded(answer, digits) == shown


def test_are_numbers_drawn_per_attempt():
    question = bank.by_id("mse-compute")
    prompts = {bank.instantiate(question, seed).prompt("en") for seed in range(10)}
    assert len(prompts) > 5


# ----------------------------------------------------------------------------- reading typed answers


@pytest.mark.parametrize("text, expected", [("b", 1), ("2", 1), (" B ", 1), ("ｂ", 1), ("Ｂ", 1), ("２", 1)])
def test_are_single_answers_read_as_letters_or_numbers(text, expected):
    instance = bank.instantiate(bank.by_id("loss-purpose"), 0)
    assert bank.parse_response(instance, text) == expected


@pytest.mark.parametrize("text", ["a,c", "a, c", "a c", "a、c", "ａ，ｃ", "ac", "A、C", "c,a,a"])
def test_are_multiple_answers_read_with_any_separator(text):
    instance = bank.instantiate(bank.by_id("why-square"), 0)
    assert bank.parse_response(instance, text) == [0, 2]


@pytest.mark.parametrize("text, expected", [("0.5", 0.5), ("1/2", 0.5), ("-3/4", -0.75), ("０.５", 0.5), ("１／２", 0.5),
                                            ("−0.5", -0.5), ("0,5", 0.5), ("5e-1", 0.5), (" 0.5 ", 0.5), ("0。5", 0.5)])
def test_are_numbers_read_as_people_write_them(text, expected):
    instance = bank.instantiate(bank.by_id("mse-compute"), 0)
    assert bank.parse_response(instance, text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["", "abc", "1/0", "1/2/3", "inf", "nan", "1,2,3", "0.5.1"])
def test_is_an_unreadable_number_refused(text):
    with pytest.raises(ValueError):
        bank.parse_response(bank.instantiate(bank.by_id("mse-compute"), 0), text)


@pytest.mark.parametrize("text, expected", [("t", True), ("对", True), ("ｔ", True), ("no", False), ("错", False), ("F", False)])
def test_are_true_false_answers_read_in_both_languages(text, expected):
    instance = bank.instantiate(bank.by_id("sse-vs-mse-minimiser"), 0)
    assert bank.parse_response(instance, text) is expected


@pytest.mark.parametrize("text", ["z", "", "a,b", "5", "ab"])
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


def test_do_leitner_boxes_move_up_when_right_stay_when_partly_and_go_back_when_wrong():
    progress = Progress.open()
    progress.record_answer("gd-update-rule", "gradient_descent", True, now=0)
    progress.record_answer("gd-update-rule", "gradient_descent", True, now=0)
    assert progress.cards()["gd-update-rule"][0] == 3
    assert progress.record_answer("gd-update-rule", "gradient_descent", False, now=0, partly=True) == (3, 3 * 86400)
    progress.record_answer("gd-update-rule", "gradient_descent", False, now=0)
    assert progress.cards()["gd-update-rule"] == (1, 0)
    assert progress.topic_accuracy()["gradient_descent"] == (2, 4)
    assert [next_box(None, outcome) for outcome in ("right", "partly", "wrong")] == [2, 1, 1]


def test_are_reviews_due_counted_for_questions_still_in_the_bank():
    now = 1000.0
    cards = {"gd-update-rule": (1, now - 1), "bp-what": (2, now + 50), "no-longer-asked": (1, 0.0)}
    assert session.reviews_due(cards, now) == (1, now + 50)


@pytest.mark.parametrize("typed, scope", [("3", "exercise3"), ("exercise3", "exercise3"),
                                          ("softmax_jacobian", "softmax_jacobian")])
def test_is_a_quiz_scope_an_exercise_by_any_of_its_names_or_a_topic(typed, scope):
    assert session.scope_named(typed) == scope


def test_is_a_scope_without_questions_refused():
    with pytest.raises(KeyError):
        session.scope_named("no_such_topic")


def test_is_a_card_mastered_from_box_3_and_counted_due_in_its_topic():
    """Right twice since last missed (box 3) is mastered, right once (box 2) is not; a card due now
    counts, one due later does not; accuracy is over the whole history, None before any answer."""
    now = 1000.0
    cards = {"gd-update-rule": (3, now + 50), "gd-lr-too-large": (2, now - 1), "bp-what": (5, now)}
    by_topic = {topic.topic: topic for topic in session.topic_progress(cards, {"gradient_descent": (3, 4)}, now)}
    assert [topic.topic for topic in by_topic.values()] == bank.topics()
    descent = by_topic["gradient_descent"]
    assert (descent.seen, descent.mastered, descent.due, descent.accuracy) == (2, 1, 1, 0.75)
    assert descent.questions == len(bank.select("gradient_descent"))
    backprop = by_topic["backpropagation"]
    assert (backprop.seen, backprop.mastered, backprop.due, backprop.accuracy) == (1, 1, 1, None)


def test_is_the_weakest_topic_the_one_answered_worst():
    answered = [session.Answered(bank.instantiate(bank.by_id(i), 0), ok) for i, ok in
                [("gd-update-rule", True), ("bp-what", False), ("bp-shape", False), ("ag-no-grad", True)]]
    assert session.weakest_topics(answered, {})[0][0] == "backpropagation"


def test_is_the_margin_one_unit_in_the_last_stated_figure():
    assert bank.numeric_margin(0.0736, 3) == pytest.approx(1e-4)
    assert bank.numeric_margin(-12.3, 3) == pytest.approx(0.1)
    assert bank.numeric_margin(1.0, 3) == pytest.approx(0.01)
    assert math.isclose(bank.numeric_margin(0.0, 3), 1e-3)
