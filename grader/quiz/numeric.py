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


# ----------------------------------------------------------------------------- the second track (exercises 6–11)


def stable_learning_rate(rng):
    """Exercise 6: lr* = 2/λ_max of the constant Hessian of the MSE (or SSE) of ŷ = w·x + b."""
    x = [_r(rng, -2, 5) for _ in range(4)]
    reduction = str(rng.choice(["mean", "sum"]))
    n = len(x)
    scale = 2 / n if reduction == "mean" else 2.0
    a, c, d = scale * sum(v * v for v in x), scale * sum(x), scale * n
    lam_max = (a + d) / 2 + math.sqrt(((a - d) / 2) ** 2 + c * c)
    answer = 2 / lam_max
    # b's direction must matter: the w-only answer 2/a would be off by more than the margin
    _require(np.std(x) >= 0.5 and lam_max - a >= 0.05 * lam_max)
    half_gap = _term((a - d) / 2, ".4g")
    working = (f"H = {scale:g} × [[Σx², Σx], [Σx, N]] = [[{_fmt(a)}, {_fmt(c)}], [{_fmt(c)}, {_fmt(d)}]]; "
               f"λ_max = {_fmt((a + d) / 2)} + √({half_gap}² + {_term(c, '.4g')}²) = {_fmt(lam_max)}; "
               f"2 / {_fmt(lam_max)} = {_fmt(answer)}")
    return {"x": _vector(x), "reduction": reduction}, answer, working


def epoch_steps(rng):
    """Exercise 6: optimiser steps in some epochs when the short last batch is kept."""
    n, epochs = int(rng.integers(50, 1001)), int(rng.integers(2, 11))
    batch = int(rng.choice([8, 16, 32, 50, 64, 100, 128]))
    per_epoch = -(-n // batch)
    answer = per_epoch * epochs
    # the mistakes (dropping the short batch, or batching all epochs' examples as one stream) must show
    _require(n % batch != 0 and 3 <= per_epoch <= 40 and answer - -(-n * epochs // batch) >= 0.03 * answer)
    working = f"⌈{n} / {batch}⌉ = {per_epoch} ({per_epoch - 1} × {batch} + {n % batch}); {per_epoch} × {epochs} = {answer}"
    return {"n": n, "batch": batch, "epochs": epochs}, answer, working


def activation_unit_grad(rng):
    """Exercise 7: ∂f(w·x + b)/∂w for f = sigmoid or tanh, its derivative taken from the output."""
    f = str(rng.choice(["sigmoid", "tanh"]))
    w, x, b = _r(rng, -2, 2), _r(rng, -2, 2), _r(rng, -1, 1)
    z = w * x + b
    a = _sigmoid(z) if f == "sigmoid" else math.tanh(z)
    slope = a * (1 - a) if f == "sigmoid" else 1 - a * a
    answer = slope * x
    _require(abs(x) >= 0.3 and 0.2 <= abs(z) <= 2.5)
    rule = f"{_fmt(a)} × (1 − {_fmt(a)})" if f == "sigmoid" else f"1 − {_term(a, '.4g')}²"
    working = (f"z = {w:g} × {_term(x)} + {_term(b)} = {_fmt(z)}; a = {f}({_fmt(z)}) = {_fmt(a)}; "
               f"∂a/∂z = {rule} = {_fmt(slope)}; × x = {_fmt(slope)} × {_term(x)} = {_fmt(answer)}")
    return {"f": f, "w": w, "x": x, "b": b}, answer, working


def _adam_moments(grads, beta1=0.9, beta2=0.999):
    """torch's Adam moments after these gradients, bias-corrected: (m̂, v̂)."""
    m = v = 0.0
    for g in grads:
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
    t = len(grads)
    return m / (1 - beta1**t), v / (1 - beta2**t)


def adamw_first_step(rng):
    """Exercise 8: AdamW's first step, decoupled decay included."""
    lr, decay = float(rng.choice([0.1, 0.2])), float(rng.choice([0.2, 0.5]))
    w = _r(rng, 1, 4) * float(rng.choice([-1, 1]))
    g = _r(rng, 0.1, 3) * float(rng.choice([-1, 1]))
    decayed = w * (1 - lr * decay)
    answer = decayed - lr * g / (abs(g) + 1e-8)
    # Adam's L2 (decay through the gradient) and a decay without lr must both miss by far more than the margin
    l2 = w - lr * float(np.sign(g + decay * w))
    without_lr = w * (1 - decay) - lr * float(np.sign(g))
    # ... and so must "w does not move" (the decay and the step cancelling)
    misses = (abs(answer - l2), abs(answer - without_lr), abs(answer - w))
    _require(abs(answer) >= 0.1 and min(misses) >= 0.03 * abs(answer))
    working = (f"{w:g} × (1 − {lr:g} × {decay:g}) = {_fmt(decayed)}; "
               f"{_fmt(decayed)} − {lr:g} × {_term(g)} / {abs(g):g} = {_fmt(answer)}")
    return {"lr": lr, "decay": decay, "w": w, "g": g}, answer, working


def adam_two_steps(rng):
    """Exercise 8: two Adam steps from w = 0, the second with a bias correction at t = 2."""
    lr = float(rng.choice([0.1, 0.01]))
    g1 = _r(rng, 0.2, 3) * float(rng.choice([-1, 1]))
    g2 = _r(rng, 0.2, 3) * float(rng.choice([-1, 1]))
    first = lr * g1 / (abs(g1) + 1e-8)
    m_hat, v_hat = _adam_moments([g1, g2])
    second = lr * m_hat / (math.sqrt(v_hat) + 1e-8)
    answer = -(first + second)
    # "every step is lr·sign(g)" must miss; the two steps must not nearly cancel
    _require(abs(abs(second) - lr) >= 0.1 * lr and abs(answer) >= 0.3 * lr)
    working = (f"t = 1: m̂ = g₁, v̂ = g₁², Δ₁ = {lr:g} × {_term(g1)} / {abs(g1):g} = {_fmt(first)}; "
               f"t = 2: m = 0.9 × {_fmt(0.1 * g1)} + 0.1 × {_term(g2)} = {_fmt(m_hat * 0.19)}, "
               f"v = 0.999 × {_fmt(0.001 * g1 * g1)} + 0.001 × {_term(g2)}² = {_fmt(v_hat * (1 - 0.999**2))}; "
               f"m̂ = m / 0.19 = {_fmt(m_hat)}, v̂ = v / 0.001999 = {_fmt(v_hat)}; "
               f"Δ₂ = {lr:g} × {_term(m_hat, '.4g')} / √{_fmt(v_hat)} = {_fmt(second)}; "
               f"w = −({_fmt(first)} + {_term(second, '.4g')}) = {_fmt(answer)}")
    return {"lr": lr, "g1": g1, "g2": g2}, answer, working


def nesterov_step(rng):
    """Exercise 8: one step of torch's Nesterov momentum from a given buffer."""
    beta, lr = float(rng.choice([0.5, 0.9])), float(rng.choice([0.1, 0.05]))
    v, w, g = _r(rng, -2, 2), _r(rng, -2, 2), _r(rng, -2, 2)
    buffer = beta * v + g
    answer = w - lr * (g + beta * buffer)
    plain = w - lr * buffer  # the same step without the look-ahead term
    _require(abs(buffer) >= 0.2 and abs(answer) >= 0.1 and abs(answer - plain) >= 0.03 * abs(answer))
    working = (f"buf = {beta:g} × {_term(v)} + {_term(g)} = {_fmt(buffer)}; "
               f"w = {w:g} − {lr:g} × ({_term(g)} + {beta:g} × {_term(buffer, '.4g')}) = {_fmt(answer)}")
    return {"beta": beta, "lr": lr, "v": v, "w": w, "g": g}, answer, working


def relative_error_value(rng):
    """Exercise 9: CS231n's relative error, the worst entry of |a − n| / max(|a| + |n|, 1e-8)."""
    analytic = [round(_r(rng, 0.2, 3, 2) * float(rng.choice([-1, 1])), 2) for _ in range(3)]
    numerical = [round(a + _r(rng, -0.01, 0.01, 2), 2) for a in analytic]
    bad = int(rng.integers(0, 3))
    # the wrong entry keeps its sign: opposite signs would always give exactly 1
    numerical[bad] = round(_r(rng, 0.2, 3, 2) * math.copysign(1, analytic[bad]), 2)
    errors = [abs(a - n) / max(abs(a) + abs(n), 1e-8) for a, n in zip(analytic, numerical)]
    answer = max(errors)
    # dividing by |a| alone, or averaging the entries, must miss
    by_a = max(abs(a - n) / abs(a) for a, n in zip(analytic, numerical))
    mean = sum(errors) / len(errors)
    _require(0.05 <= answer <= 0.9 and abs(by_a - answer) >= 0.05 * answer and answer - mean >= 0.05 * answer)
    others = ", ".join(_fmt(e) for i, e in enumerate(errors) if i != bad)
    a, n = analytic[bad], numerical[bad]
    working = f"i = {bad}: |{a:g} − {_term(n)}| / ({abs(a):g} + {abs(n):g}) = {_fmt(answer)}; i ≠ {bad}: {others}"
    return {"a": _vector(analytic), "n": _vector(numerical)}, answer, working


def forward_difference_error(rng):
    """Exercise 9: the truncation error of the forward difference of w³: 3wh + h²."""
    w, h = _r(rng, -2, 2), float(rng.choice([0.1, 0.05, 0.2, 0.02]))
    _require(abs(w) >= 0.3)
    estimate = ((w + h) ** 3 - w**3) / h
    answer = estimate - 3 * w * w
    working = (f"(({w:g} + {h:g})³ − {_term(w)}³) / {h:g} = {_fmt(estimate)}; 3w² = {_fmt(3 * w * w)}; "
               f"{_fmt(estimate)} − {_fmt(3 * w * w)} = 3wh + h² = {_fmt(answer)}")
    return {"w": w, "h": h, "central": f"{h * h:g}"}, answer, working


# Each initialisation call a prompt shows, with its gain and the fan its variance divides by, in
# torch's conventions: calculate_gain('tanh') = 5/3, relu's √2, and nn.Linear's own
# kaiming_uniform_ with a = √5, whose gain is √(1/3).
_INITIALISATIONS = {
    "nn.init.xavier_uniform_(layer.weight, gain=nn.init.calculate_gain('tanh'))": (5 / 3, "xavier"),
    "nn.init.xavier_uniform_(layer.weight)": (1.0, "xavier"),
    "nn.init.kaiming_normal_(layer.weight, nonlinearity='relu')": (math.sqrt(2), "fan_in"),
    "nn.init.kaiming_normal_(layer.weight, mode='fan_out', nonlinearity='relu')": (math.sqrt(2), "fan_out"),
    "layer.reset_parameters()": (math.sqrt(1 / 3), "fan_in"),
}


def init_std_value(rng):
    """Exercise 10: the standard deviation torch draws a layer's weights with, per scheme."""
    call = str(rng.choice(list(_INITIALISATIONS)))
    fan_in, fan_out = int(rng.choice([64, 128, 256, 300, 512, 784])), int(rng.choice([10, 32, 50, 100, 200]))
    gain, fan = _INITIALISATIONS[call]
    if fan == "xavier":
        answer = gain * math.sqrt(2 / (fan_in + fan_out))
        working = f"{gain:.4g} × √(2 / ({fan_in} + {fan_out})) = {_fmt(answer)}"
    else:
        size = fan_in if fan == "fan_in" else fan_out
        answer = gain / math.sqrt(size)
        working = f"{gain:.4g} / √{size} = {_fmt(answer)}"
    return {"call": call, "fan_in": fan_in, "fan_out": fan_out}, answer, working


def shared_node_grad(rng):
    """Exercise 11: a leaf used three times; its gradient is the sum of three shares."""
    a, b = _r(rng, -2, 2), _r(rng, -2, 2)
    c = a * b
    d = math.tanh(c)
    shares = (d, a * (1 - d * d) * b, b)  # e = d·a directly, through d = tanh(c), through c
    answer = sum(shares)
    # every share must count, and the sum must not be a small difference of larger shares
    _require(abs(c) <= 2 and abs(answer) >= max(0.1, 0.3 * sum(abs(s) for s in shares))
             and min(abs(s) for s in shares) >= 0.05 * abs(answer))
    working = (f"c = {_fmt(c)}, d = tanh(c) = {_fmt(d)}; ∂e/∂a = d + a·(1 − d²)·b + b = "
               f"{_fmt(shares[0])} + {_term(shares[1], '.4g')} + {_term(shares[2], '.4g')} = {_fmt(answer)}")
    return {"a": a, "b": b}, answer, working


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
    momentum_step, adam_first_step, tanh_derivative, central_difference, rmsprop_first_step, depth_product,
    stable_learning_rate, epoch_steps, activation_unit_grad, adamw_first_step, adam_two_steps, nesterov_step,
    relative_error_value, forward_difference_error, init_std_value, shared_node_grad)}
