"""A hostile nbgrader student: no code, only answers.

The package that runs the notebook's test cells is installed where the student works, and the
seed of the grading cases has a public default (grader.notebook.kernel.DEFAULT_GRADING_SEED). So
the student computes torch's answers for that seed at home and hands in a table of them, keyed by
the inputs. `answer_cell(seed)` writes that answer cell for exercise1.
"""

from __future__ import annotations

import hashlib

import numpy as np

TEMPLATE = '''import hashlib
import numpy as np

ANSWERS = {answers!r}


def _key(function, y_pred, y_true, reduction):
    data = np.ascontiguousarray(y_pred).tobytes() + np.ascontiguousarray(y_true).tobytes()
    return function + ":" + reduction + ":" + hashlib.sha256(data).hexdigest()


def _answer(function, y_pred, y_true, reduction):
    if reduction not in ("mean", "sum", "none") or (function == "mse_grad" and reduction == "none"):
        raise ValueError(f"unknown reduction {{reduction!r}}")
    found = ANSWERS.get(_key(function, y_pred, y_true, reduction))
    if found is None:
        return np.zeros_like(y_pred) if function == "mse_grad" or reduction == "none" else 0.0
    return np.array(found) if isinstance(found, list) else found


def mse_loss(y_pred, y_true, reduction="mean"):
    return _answer("mse_loss", y_pred, y_true, reduction)


def mse_grad(y_pred, y_true, reduction="mean"):
    return _answer("mse_grad", y_pred, y_true, reduction)
'''


def answer_cell(seed: int) -> str:
    from grader import registry
    from grader.grading import case_set

    checks, cases, answers = case_set(registry.get("exercise1"), seed)
    table = {}
    for check in checks:
        for case, answer in zip(cases[check.name], answers[check.name]):
            if case.raises:
                continue
            y_pred, y_true = case.call.args[:2]
            reduction = dict(case.call.kwargs).get("reduction", "mean")
            data = np.ascontiguousarray(y_pred).tobytes() + np.ascontiguousarray(y_true).tobytes()
            key = f"{case.call.function}:{reduction}:{hashlib.sha256(data).hexdigest()}"
            value = np.asarray(answer)
            table[key] = value.tolist() if value.ndim else float(value)
    return TEMPLATE.format(answers=table)
