"""Generators for numeric questions: numbers drawn per attempt, the answer computed here (never
typed by hand) and checked against torch in tests/test_quiz.py.

Each generator takes a numpy Generator and returns (params, answer, working): params fill the
question's {placeholders}, working shows the computation in the explanation. Like a person
setting an exam, a generator throws away degenerate draws (call ``_require``): an answer of 0,
a difference of exactly 0 or 1 that hides a missing factor, or an answer that is a small
difference of large terms (a learner rounding an intermediate step could not get its digits).
"""

from __future__ import annotations

import math

import numpy as np


class _Redraw(Exception):
    """This draw is degenerate: draw again."""


def _require(condition: bool) -> None:
    if not condition:
        raise _Redraw


def _r(rng, low, high, digits=1):
    return round(float(rng.uniform(low, high)), digits) + 0.0  # + 0.0: never show "-0"


def _vector(values) -> str:
    return "[" + ", ".join(f"{v + 0.0:g}" for v in values) + "]"


def _fmt(value: float) -> str:
    return f"{value:.4g}"


def _term(value: float, digits: str = "g") -> str:
    """A number as an operand in the working: in parentheses when negative, 0.1 × (−5)."""
    text = f"{value:{digits}}"
    return f"({text})" if value < 0 else text


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
    difference = abs(y_pred[0] - y_true[0])
    _require(difference >= 0.2 and abs(difference - 1) >= 0.2)  # not 0, not ±1: a missing square shows
    answer = 2 * (y_pred[0] - y_true[0]) / n
    working = f"2 × ({y_pred[0]:g} − {_term(y_true[0])}) / {n} = {_fmt(answer)}"
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
    working = f"ln(Σ e^z) − z[{label}] = {_fmt(lse)} − {_term(logits[label])} = {_fmt(answer)}"
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
    _require(abs(grad) >= 0.5 and abs(answer) >= 0.1)
    return {"w": w, "grad": grad, "lr": lr}, answer, f"{w:g} − {lr:g} × {_term(grad)} = {_fmt(answer)}"


def gd_quadratic(rng):
    w, target, lr = _r(rng, -3, 3), _r(rng, -3, 3), float(rng.choice([0.1, 0.25, 0.4]))
    gradient = 2 * (w - target)
    answer = w - lr * gradient
    _require(abs(w - target) >= 0.5 and abs(answer) >= 0.1)
    return ({"w": w, "target": target, "lr": lr}, answer,
            f"∂L/∂w = 2 × ({w:g} − {_term(target)}) = {_fmt(gradient)}; {w:g} − {lr:g} × {_term(gradient, '.4g')} "
            f"= {_fmt(answer)}")


def _sigmoid(x):
    return 1 / (1 + math.exp(-x))


def chain_rule_scalar(rng):
    x, w, target = _r(rng, -2, 2), _r(rng, -2, 2), round(float(rng.uniform(0, 1)), 1)
    y = _sigmoid(w * x)
    _require(abs(x) >= 0.3 and abs(y - target) >= 0.1)  # y − target must not hinge on y's 4th digit
    answer = 2 * (y - target) * y * (1 - y) * x
    working = (f"y = σ({_fmt(w * x)}) = {_fmt(y)}; 2 × ({_fmt(y)} − {target:g}) × {_fmt(y)} × {_fmt(1 - y)} × {_term(x)} "
               f"= {_fmt(answer)}")
    return {"x": x, "w": w, "target": target}, answer, working


def accumulated_grad(rng):
    a, w, times = _r(rng, 0.5, 3), _r(rng, -2, 2), int(rng.integers(2, 4))
    _require(abs(w) >= 0.3)
    answer = times * 2 * a * w
    return {"a": a, "w": w, "times": times}, answer, f"{times} × 2 × {a:g} × {_term(w)} = {_fmt(answer)}"


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
    return {"z": _vector(z), "i": i}, float(s[i]), f"e^{_term(z[i])} / {_fmt(total)} = {_fmt(s[i])}"


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
    _require(abs(new_v) >= 0.2 and abs(answer) >= 0.1)
    return ({"beta": beta, "lr": lr, "v": v, "w": w, "g": g}, answer,
            f"v = {beta:g} × {_term(v)} + {_term(g)} = {_fmt(new_v)}; w = {w:g} − {lr:g} × {_term(new_v, '.4g')} "
            f"= {_fmt(answer)}")


def adam_first_step(rng):
    lr, w = float(rng.choice([0.1, 0.01, 0.001])), _r(rng, -2, 2)
    g = _r(rng, 0.1, 3) * float(rng.choice([-1, 1]))
    answer = w - lr * g / (abs(g) + 1e-8)
    _require(abs(answer) >= 0.1 * lr)
    return {"lr": lr, "w": w, "g": g}, answer, f"{w:g} − {lr:g} × {_term(g)} / {abs(g):g} = {_fmt(answer)}"


def tanh_derivative(rng):
    z = _r(rng, -2, 2)
    _require(z != 0)
    t = math.tanh(z)
    answer = 1 - t * t
    return {"z": z}, answer, f"tanh({z:g}) = {_fmt(t)}; 1 − {_fmt(t)}² = {_fmt(answer)}"


def central_difference(rng):
    w, h = _r(rng, -2, 2), float(rng.choice([0.1, 0.2, 0.5]))
    _require(abs(w) >= 0.3)
    plus, minus = (w + h) ** 3, (w - h) ** 3
    answer = (plus - minus) / (2 * h)
    working = (f"(({w:g} + {h:g})³ − ({w:g} − {h:g})³) / (2 × {h:g}) = ({_fmt(plus)} − {_term(minus, '.4g')}) / {2 * h:g} "
               f"= {_fmt(answer)}")
    # exact and error are for the explanation: for a cubic the estimate is off by exactly h²
    return {"w": w, "h": h, "exact": _fmt(3 * w * w), "error": f"{h * h:g}"}, answer, working


def rmsprop_first_step(rng):
    lr, w = float(rng.choice([0.01, 0.001])), _r(rng, -2, 2)
    g = _r(rng, 0.1, 3) * float(rng.choice([-1, 1]))
    square_average = 0.01 * g * g
    answer = w - lr * g / (math.sqrt(square_average) + 1e-8)
    _require(abs(answer) >= 0.1)
    working = (f"v = 0.01 × {_term(g)}² = {_fmt(square_average)}; {w:g} − {lr:g} × {_term(g)} / √{_fmt(square_average)} "
               f"= {_fmt(answer)}")
    return {"lr": lr, "w": w, "g": g}, answer, working


def depth_product(rng):
    weight, z, layers = _r(rng, 0.5, 3), _r(rng, -2, 2), int(rng.integers(3, 7))
    s = _sigmoid(z)
    factor = weight * s * (1 - s)
    answer = factor ** layers
    working = f"w · σ'(z) = {weight:g} × {_fmt(s * (1 - s))} = {_fmt(factor)}; {_fmt(factor)}^{layers} = {_fmt(answer)}"
    return {"w": weight, "z": z, "layers": layers}, answer, working


def _redrawn(generator):
    """The generator, drawing again (from the same stream, so still reproducible) until the draw
    is not degenerate."""
    def draw(rng):
        for _ in range(1000):
            try:
                return generator(rng)
            except _Redraw:
                continue
        raise RuntimeError(f"{generator.__name__} drew 1000 degenerate values in a row")

    draw.__name__ = generator.__name__
    return draw


GENERATORS = {f.__name__: _redrawn(f) for f in (
    mse_value, mse_grad_entry, cross_entropy_value, cross_entropy_grad_entry, bce_value, gd_step, gd_quadratic,
    chain_rule_scalar, accumulated_grad, sigmoid_derivative, softmax_jacobian_entry, softmax_value, clip_coefficient,
    momentum_step, adam_first_step, tanh_derivative, central_difference, rmsprop_first_step, depth_product)}
