"""Which questions to ask, in which order, and what a finished session says. No printing here."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

from grader.i18n import localised
from grader.quiz import bank


def scope_named(scope: str) -> str:
    """The scope of a quiz from what the learner typed: an exercise by any name `learn check`
    takes ('exercise3', '3') or a topic ('softmax_jacobian'). KeyError when it has no questions."""
    from grader import registry

    try:
        scope = registry.get(scope).id
    except registry.UnknownExercise:
        pass
    bank.select(scope)  # KeyError when no question is on it
    return scope


def plan_quiz(scope: str | None, count: int, seed: int) -> list[bank.Instance]:
    """``count`` questions of a topic or exercise (or any), drawn reproducibly from ``seed``."""
    pool = bank.select(scope)
    chosen = random.Random(seed).sample(pool, min(count, len(pool)))
    return [bank.instantiate(question, seed) for question in chosen]


def plan_interview(cards: dict[str, tuple[int, float]], seed: int, now: float | None = None) -> list[bank.Instance]:
    """Every question, ordered for spaced repetition: first the cards that are due (lowest Leitner
    box first, i.e. missed most recently), then questions never seen (shuffled, concept questions
    and explain cards mixed), then the cards not yet due (soonest first)."""
    now = time.time() if now is None else now
    shuffle = random.Random(seed)
    due, unseen, later = [], [], []
    for question in bank.questions():
        card = cards.get(question["id"])
        if card is None:
            unseen.append(question)
        elif card[1] <= now:
            due.append((card[0], card[1], question["id"], question))
        else:
            later.append((card[1], question["id"], question))
    shuffle.shuffle(unseen)
    ordered = [q for *_, q in sorted(due, key=lambda item: item[:3])] + unseen + [q for *_, q in sorted(later, key=lambda item: item[:2])]
    return [bank.instantiate(question, seed) for question in ordered]


@dataclass
class Answered:
    instance: bank.Instance
    correct: bool


def weakest_topics(answered: list[Answered], history: dict[str, tuple[int, int]], limit: int = 3) -> list[tuple[str, float]]:
    """The topics answered worst in this session (ties broken by the whole history), as
    (topic, accuracy this session); topics answered perfectly are not weak."""
    session: dict[str, list[int]] = {}
    for item in answered:
        entry = session.setdefault(item.instance.question["topic"], [0, 0])
        entry[0] += int(item.correct)
        entry[1] += 1

    def overall(topic: str) -> float:
        right, given = history.get(topic, (0, 0))
        return right / given if given else 0.0

    ranked = sorted((right / given, overall(topic), topic) for topic, (right, given) in session.items())
    return [(topic, accuracy) for accuracy, _, topic in ranked if accuracy < 1.0][:limit]


def reviews_due(cards: dict[str, tuple[int, float]], now: float | None = None) -> tuple[int, float | None]:
    """(how many questions of the bank are due for review now, when the next one not yet due is)."""
    now = time.time() if now is None else now
    known = {question["id"] for question in bank.questions()}
    due_times = [due for question_id, (_, due) in cards.items() if question_id in known]
    later = [due for due in due_times if due > now]
    return sum(due <= now for due in due_times), (min(later) if later else None)


@dataclass(frozen=True)
class TopicProgress:
    """Where a learner stands on one topic of the bank (as `learn progress` shows it)."""

    topic: str
    questions: int  # in the bank
    seen: int  # answered at least once
    mastered: int  # in Leitner box MASTERED_BOX or above
    due: int  # due for review now
    right: int  # answers right, over the whole history
    answered: int  # answers given, over the whole history

    @property
    def accuracy(self) -> float | None:
        return self.right / self.answered if self.answered else None


def topic_progress(cards: dict[str, tuple[int, float]], accuracy: dict[str, tuple[int, int]],
                   now: float | None = None) -> list[TopicProgress]:
    """Every topic of the bank, in its order, from the learner's cards (Progress.cards) and answers
    (Progress.topic_accuracy)."""
    from grader.progress import MASTERED_BOX

    now = time.time() if now is None else now
    topics = []
    for topic in bank.topics():
        ids = [question["id"] for question in bank.select(topic)]
        seen = [cards[i] for i in ids if i in cards]
        topics.append(TopicProgress(topic, len(ids), len(seen), sum(box >= MASTERED_BOX for box, _ in seen),
                                    sum(due <= now for _, due in seen), *accuracy.get(topic, (0, 0))))
    return topics


def study_next(topic: str, language: str) -> str:
    """A pointer to what to study for a weak topic: its exercise's lesson, then the topic's quiz."""
    exercises = sorted({q["exercise"] for q in bank.select(topic) if q.get("exercise")})
    parts = [f"learn show {e}" for e in exercises] + [f"learn quiz {topic}"]
    return ", ".join(parts)


def grade_answers(answers: dict, seed: int, language: str) -> dict:
    """Mark a file of answers ({question id: answer}) as drawn under ``seed``; plain data out."""
    results = []
    for question_id, response in answers.items():
        instance = bank.instantiate(bank.by_id(question_id), seed)
        try:
            parsed = bank.parse_response(instance, response)
            correct = bank.is_correct(instance, parsed)
            error = None
        except (ValueError, TypeError):
            correct, error = False, "unreadable answer"
        results.append({
            "id": question_id, "topic": instance.question["topic"], "type": instance.question["type"],
            "correct": correct, "response": response, "expected": bank.answer_text(instance, language),
            "explanation": instance.explanation(language), **({"error": error} if error else {}),
        })
    return {"seed": seed, "score": sum(r["correct"] for r in results), "total": len(results), "results": results}


def listing(seed: int | None, language: str, scope: str | None = None) -> list[dict]:
    """Every question's id, topic, type, languages and tags; with a seed, also its prompt as drawn."""
    entries = []
    for question in bank.select(scope):
        entry = {"id": question["id"], "topic": question["topic"],
                 "topic_title": bank.topic_title(question["topic"], language), "type": question["type"],
                 "exercise": question.get("exercise"), "difficulty": question["difficulty"],
                 "languages": sorted(question["prompt"])}
        if seed is not None:
            instance = bank.instantiate(question, seed)
            entry["prompt"] = instance.prompt(language)
            if instance.code:
                entry["code"] = instance.code
            if question.get("choices"):
                entry["choices"] = instance.choices(language)
        entries.append(entry)
    return entries


def key_points(instance: bank.Instance, language: str) -> list[str]:
    return [localised(point, language) for point in instance.question.get("key_points", [])]
