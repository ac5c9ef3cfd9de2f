"""Generators for numeric questions: numbers drawn per attempt, the answer computed here (never
typed by hand) and checked against torch in tests/test_quiz.py.

Each generator takes a numpy Generator and returns (params, answer, working): params fill the
question's {placeholders}, working shows the computation in the explanation.
"""

from __future__ import annotations

import math

import numpy as np


def _r(rng, low, high, digits=1):
    return round(float(rng.uniform(low, high)), digits)


def _vector(values) -> str:
    return "[" + ", ".join(f"{v:g}" for v in values) + "]"


def _fmt(value: float) -> str:
    return f"{value:.4g}"


def mse_value(rng):
    n = int(rng.integers(3, 5))
    y_pred = [_r(rng, -2, 4) for _ in range(n)]
    y_true = [_r(rng, -2, 4) for _ in range(n)]
    squares = [(a - b) ** 2 for a, b in zip(y_pred, y_true)]
    answer = sum(squares) / n
    working = f"({' + '.join(_fmt(s) for s in squares)}) / {n} = {_fmt(answer)}"
    return {"y_pred": _vector(y_pred), "y_true": _vector(y_true)}, answer, working


def mse_grad_entry(rng):
    n = int(rng.integers(2, 5))
    y_pred = [_r(rng, -2, 4) for _ in range(n)]
    y_true = [_r(rng, -2, 4) for _ in range(n)]
    answer = 2 * (y_pred[0] - y_true[0]) / n
    working = f"2 × ({y_pred[0]:g} − {y_true[0]:g}) / {n} = {_fmt(answer)}"
    return {"y_pred": _vector(y_pred), "y_true": _vector(y_true)}, answer, working


def _softmax(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max())
    return e / e.sum()


def cross_entropy_value(rng):
    logits = [_r(rng, -2, 3) for _ in range(3)]
    label = int(rng.integers(0, 3))
    lse = math.log(sum(math.exp(v) for v in logits))
    answer = lse - logits[label]
    working = f"ln(Σ e^z) − z[{label}] = {_fmt(lse)} − {logits[label]:g} = {_fmt(answer)}"
    return {"logits": _vector(logits), "label": label}, answer, working


def cross_entropy_grad_entry(rng):
    logits = [_r(rng, -2, 3) for _ in range(3)]
    label = int(rng.integers(0, 3))
    index = int(rng.integers(0, 3))
    s = _softmax(logits)
    answer = float(s[index] - (index == label))
    working = f"softmax(z)[{index}] − {int(index == label)} = {_fmt(s[index])} − {int(index == label)} = {_fmt(answer)}"
    return {"logits": _vector(logits), "label": label, "index": index}, answer, working


def bce_value(rng):
    p = [round(float(v), 2) for v in rng.uniform(0.05, 0.95, 3)]
    y = [int(v) for v in rng.integers(0, 2, 3)]
    terms = [-(t * math.log(q) + (1 - t) * math.log(1 - q)) for q, t in zip(p, y)]
    answer = sum(terms) / len(terms)
    working = f"({' + '.join(_fmt(x) for x in terms)}) / {len(terms)} = {_fmt(answer)}"
    return {"p": _vector(p), "y": _vector(y)}, answer, working


def gd_step(rng):
    w, grad, lr = _r(rng, -3, 3), _r(rng, -5, 5), float(rng.choice([0.01, 0.05, 0.1, 0.5]))
    answer = w - lr * grad
    return {"w": w, "grad": grad, "lr": lr}, answer, f"{w:g} − {lr:g} × {grad:g} = {_fmt(answer)}"


def gd_quadratic(rng):
    w, target, lr = _r(rng, -3, 3), _r(rng, -3, 3), float(rng.choice([0.1, 0.25, 0.4]))
    gradient = 2 * (w - target)
    answer = w - lr * gradient
    return ({"w": w, "target": target, "lr": lr}, answer,
            f"∂L/∂w = 2 × ({w:g} − {target:g}) = {_fmt(gradient)}; {w:g} − {lr:g} × {_fmt(gradient)} = {_fmt(answer)}")


def _sigmoid(x):
    return 1 / (1 + math.exp(-x))


def chain_rule_scalar(rng):
    x, w, target = _r(rng, -2, 2), _r(rng, -2, 2), round(float(rng.uniform(0, 1)), 1)
    y = _sigmoid(w * x)
    answer = 2 * (y - target) * y * (1 - y) * x
    working = (f"y = σ({_fmt(w * x)}) = {_fmt(y)}; 2 × ({_fmt(y)} − {target:g}) × {_fmt(y)} × {_fmt(1 - y)} × {x:g} "
               f"= {_fmt(answer)}")
    return {"x": x, "w": w, "target": target}, answer, working


def accumulated_grad(rng):
    a, w, times = _r(rng, 0.5, 3), _r(rng, -2, 2), int(rng.integers(2, 4))
    answer = times * 2 * a * w
    return {"a": a, "w": w, "times": times}, answer, f"{times} × 2 × {a:g} × {w:g} = {_fmt(answer)}"


def sigmoid_derivative(rng):
    z = _r(rng, -3, 3)
    s = _sigmoid(z)
    answer = s * (1 - s)
    return {"z": z}, answer, f"σ({z:g}) = {_fmt(s)}; {_fmt(s)} × (1 − {_fmt(s)}) = {_fmt(answer)}"


def softmax_jacobian_entry(rng):
    z = [_r(rng, -2, 2) for _ in range(3)]
    i, j = int(rng.integers(0, 3)), int(rng.integers(0, 3))
    s = _softmax(z)
    answer = float(s[i] * ((i == j) - s[j]))
    working = f"s = {_vector(np.round(s, 4))}; {_fmt(s[i])} × ({int(i == j)} − {_fmt(s[j])}) = {_fmt(answer)}"
    return {"z": _vector(z), "i": i, "j": j}, answer, working


def softmax_value(rng):
    z = [_r(rng, -2, 3) for _ in range(3)]
    i = int(rng.integers(0, 3))
    s = _softmax(z)
    total = sum(math.exp(v) for v in z)
    return {"z": _vector(z), "i": i}, float(s[i]), f"e^{z[i]:g} / {_fmt(total)} = {_fmt(s[i])}"


def clip_coefficient(rng):
    g1 = [_r(rng, -4, 4) for _ in range(2)]
    g2 = [_r(rng, -4, 4) for _ in range(2)]
    total = math.sqrt(sum(v * v for v in g1 + g2))
    max_norm = round(float(rng.uniform(0.3, 1.2)) * total, 1) or 0.5
    answer = min(1.0, max_norm / total)
    return ({"g1": _vector(g1), "g2": _vector(g2), "max_norm": max_norm}, answer,
            f"total = {_fmt(total)}; min(1, {max_norm:g} / {_fmt(total)}) = {_fmt(answer)}")


def momentum_step(rng):
    beta, lr = float(rng.choice([0.5, 0.9])), float(rng.choice([0.1, 0.01]))
    v, w, g = _r(rng, -2, 2), _r(rng, -2, 2), _r(rng, -2, 2)
    new_v = beta * v + g
    answer = w - lr * new_v
    return ({"beta": beta, "lr": lr, "v": v, "w": w, "g": g}, answer,
            f"v = {beta:g} × {v:g} + {g:g} = {_fmt(new_v)}; w = {w:g} − {lr:g} × {_fmt(new_v)} = {_fmt(answer)}")


def adam_first_step(rng):
    lr, w = float(rng.choice([0.1, 0.01, 0.001])), _r(rng, -2, 2)
    g = _r(rng, 0.1, 3) * float(rng.choice([-1, 1]))
    answer = w - lr * g / (abs(g) + 1e-8)
    return {"lr": lr, "w": w, "g": g}, answer, f"{w:g} − {lr:g} × {g:g} / {abs(g):g} = {_fmt(answer)}"


GENERATORS = {f.__name__: f for f in (
    mse_value, mse_grad_entry, cross_entropy_value, cross_entropy_grad_entry, bce_value, gd_step, gd_quadratic,
    chain_rule_scalar, accumulated_grad, sigmoid_derivative, softmax_jacobian_entry, softmax_value, clip_coefficient,
    momentum_step, adam_first_step)}
