"""Do `learn quiz` and `learn interview` work in a real terminal as a person uses them: typing
answers, mistyping one, stopping with Ctrl-C or Ctrl-D in the middle? Each test drives the
command through a pseudo-terminal and reads what the screen shows."""

from __future__ import annotations

import re
import sys

import pexpect
import pytest

from grader.i18n import translate
from grader.progress import Progress
from grader.quiz import bank, session
from tests.conftest import ROOT
from tests.test_quiz import typed

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX-only")

TIMEOUT = 30  # seconds: generous, the machine is shared
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def spawn(*args: str, language: str = "en") -> pexpect.spawn:
    """`learn ARGS` in a terminal 120 columns wide, with the test's own progress database."""
    child = pexpect.spawn(sys.executable, ["-m", "grader.cli", *args, "--lang", language], cwd=str(ROOT),
                          encoding="utf-8", timeout=TIMEOUT, dimensions=(40, 120))
    child.logfile_read = _Screen()
    return child


class _Screen:
    """Everything the terminal showed, without colour codes."""

    def __init__(self):
        self.parts = []

    def write(self, text):
        self.parts.append(text)

    def flush(self):
        pass

    @property
    def text(self) -> str:
        return ANSI.sub("", "".join(self.parts)).replace("\r\n", "\n")


def answer(child, instance, text: str, language: str = "en") -> None:
    """Wait for the question's answer prompt, then type ``text`` and Enter."""
    if instance.question["type"] == "explain":
        child.expect_exact(translate("quiz.explain_prompt", language))
        child.sendline("I would say it aloud")
    child.expect_exact(translate(f"quiz.prompt.{instance.question['type']}", language))
    child.sendline(text)


def wrong_for(instance) -> str:
    kind = instance.question["type"]
    if kind == "single":
        return chr(ord("a") + (instance.answer + 1) % len(instance.choices("en")))
    if kind == "multiple":
        return "a" if instance.answer != [0] else "b"
    if kind == "true_false":
        return "f" if instance.answer else "t"
    if kind == "numeric":
        return str(instance.answer * 3 + 1)
    return "0"


def first_seed(scope, count, wanted) -> int:
    return next(seed for seed in range(500) if wanted(session.plan_quiz(scope, count, seed)))


def test_does_a_quiz_survive_a_typo_and_stop_cleanly_on_ctrl_c():
    seed = first_seed("gradient_descent", 3, lambda q: all(i.question["type"] != "explain" for i in q))
    instances = session.plan_quiz("gradient_descent", 3, seed)
    child = spawn("quiz", "gradient_descent", "-n", "3", "--seed", str(seed))
    child.expect_exact("Question 1/3 · Gradient descent")
    answer(child, instances[0], "zzz")
    child.expect_exact(translate(f"quiz.unreadable.{instances[0].question['type']}", "en"))
    child.expect_exact(translate(f"quiz.prompt.{instances[0].question['type']}", "en"))
    child.sendline(typed(instances[0], "en"))
    child.expect_exact("Right: ")
    child.expect_exact("Question 2/3 · Gradient descent")
    answer(child, instances[1], wrong_for(instances[1]))
    child.expect_exact("Not quite. The answer is ")
    child.expect_exact("Question 3/3")
    assert f"Not quite. The answer is {bank.answer_text(instances[1], 'en')}" in " ".join(child.logfile_read.text.split())
    child.expect_exact(translate(f"quiz.prompt.{instances[2].question['type']}", "en"))
    child.sendintr()
    child.expect_exact("Stopped early; answers saved so far: 2.")
    child.expect_exact("Score: 1/2")
    child.expect(pexpect.EOF)
    child.close()
    screen = child.logfile_read.text
    assert child.exitstatus == 130 and "Traceback" not in screen and "Aborted" not in screen
    assert set(Progress.open().cards()) == {instances[0].id, instances[1].id}
    assert Progress.open().topic_accuracy()["gradient_descent"] == (1, 2)


def test_does_an_interview_show_time_left_in_chinese_and_end_on_ctrl_d():
    instances = session.plan_interview({}, seed=11)
    child = spawn("interview", "--minutes", "5", "--seed", "11", language="zh")
    child.expect_exact("面试练习 5 分钟")
    child.expect(r"第 1 题 · (.+) · 剩余 4:5\d")
    assert child.match.group(1) == bank.topic_title(instances[0].question["topic"], "zh")
    answer(child, instances[0], typed(instances[0], "zh"), "zh")
    child.expect_exact("第 2 题 · ")
    child.expect_exact(translate(f"quiz.prompt.{instances[1].question['type']}", "zh"))
    child.sendeof()
    child.expect_exact("得分：1/1")
    child.expect(pexpect.EOF)
    child.close()
    screen = child.logfile_read.text
    assert child.exitstatus == 0 and "Traceback" not in screen
    assert "/" + str(len(instances)) not in screen, "no misleading total in a timed session"
    assert "_" not in screen.split("第 1 题")[1].splitlines()[0], "a topic name, not its id"


@pytest.mark.parametrize("rating, counted, box", [("1", "counts as wrong; stays in box 1", 1),
                                                  ("2", "counts as right; up to box 2", 2)])
def test_does_an_explain_card_say_what_the_rating_did(rating, counted, box):
    seed = first_seed("data_splits", 1, lambda q: q[0].question["type"] == "explain")
    instance = session.plan_quiz("data_splits", 1, seed)[0]
    child = spawn("quiz", "data_splits", "-n", "1", "--seed", str(seed))
    child.expect_exact(translate("quiz.explain_prompt", "en"))
    child.sendline("the training set fits the weights")
    child.expect_exact("Model answer:")
    child.expect_exact("1 = partly: counts as wrong; stays in box 1, asked again next session")
    child.expect_exact(translate("quiz.prompt.explain", "en"))
    child.sendline("5")  # not a rating: asked again
    child.expect_exact(translate("quiz.unreadable.explain", "en"))
    child.sendline(rating)
    child.expect_exact(f"Recorded {rating} = ")
    child.expect_exact(counted)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert Progress.open().cards()[instance.id][0] == box
