"""exercise11 — a tiny autograd engine, against torch.autograd.

Every case is a small program run in the learner's process: make Values, apply operators and
methods, call backward(), read .data and .grad back. The same steps run here on 0-d float64 torch
tensors (every one keeping its .grad, like a Value) for the reference, and on small wrong engines
written below for the mistakes a wrong answer can be named by.

The checks: each operation alone (value and gradients, plain numbers on either side); Values used
several times; hundreds of random graphs with shared nodes, smallest first, in one run; a chain
3,000 operations deep; and backward() called twice.
"""

from __future__ import annotations

import math
import operator
import types
from dataclasses import dataclass

import numpy as np

from grader.checks.base import Case, Check, Pick, Program, call, get, let, new, op, ref, torch
from grader.sandbox import child as wire

# Leaves and constants are multiples of 1/16: exact in float32 and float64 and short to read.
# Values that hide mistakes are left out: 0 (relu aside), ±1/2, ±1 and ±2 (x² = 2x, x·x = x + x).
HIDING = {0.0, 0.5, 1.0, 2.0}
CONSTANTS = (0.75, 1.25, 1.5, 1.75, 2.5, 2.75, 3.0, -0.75, -1.25, -1.5, -2.5)
EXPONENTS = (3, 2, -1, -2, 0.5, 1.5, -0.5, -1.5)
RANDOM_GRAPHS = 200
CHAIN_LENGTH = 3000  # Python's recursion limit is 1,000 frames


class _Draw:
    """Random choices from the case's numpy generator, drawn as uniform numbers in bulk: one numpy
    call per choice costs more than building a graph."""

    def __init__(self, rng: np.random.Generator):
        self.rng = rng
        self.uniform: list[float] = []

    def random(self) -> float:
        if not self.uniform:
            self.uniform = self.rng.random(4096).tolist()[::-1]
        return self.uniform.pop()

    def below(self, n: int) -> int:
        return min(int(self.random() * n), n - 1)

    def choice(self, options):
        return options[self.below(len(options))]

    def weighted(self, options, weights):
        point, total = self.random() * sum(weights), 0.0
        for option, weight in zip(options, weights):
            total += weight
            if point < total:
                return option
        return options[-1]


def _number(draw: _Draw, low: float, high: float) -> float:
    """A multiple of 1/16 with low <= |x| <= high, either sign, that hides nothing."""
    while True:
        x = (round(low * 16) + draw.below(round((high - low) * 16) + 1)) / 16 * draw.choice((-1.0, 1.0))
        if abs(x) not in HIDING:
            return x


def _positive(draw: _Draw, low: float, high: float) -> float:
    return abs(_number(draw, low, high))


# ----------------------------------------------------------------------------- graphs as programs

_SYMBOLS = {"add": "+", "sub": "-", "mul": "*", "truediv": "/", "pow": "**"}
_METHODS = ("exp", "log", "tanh", "relu")


class _Graph:
    """One graph, recorded three ways as it is built: program steps (slots named prefix + letter, so
    that many graphs share one program), the Python a learner can paste to reproduce it, and the
    value of every node (to keep later operations where they are defined)."""

    def __init__(self, prefix: str):
        self.prefix = prefix
        self.steps: list = []
        self.code: list[str] = []
        self.values: dict[str, float] = {}
        self.leaves: list[str] = []
        self.used: set[str] = set()  # nodes some operation has taken as an operand
        self.read: list[str] = []  # what comes back, as learner-visible names ("c.data", "a.grad")

    def _name(self) -> str:
        count = len(self.values)
        return "abcdefghijklmnopqrstuvwxyz"[count] if count < 26 else f"v{count}"

    def _operand(self, x):
        if isinstance(x, str):
            self.used.add(x)
            return ref(self.prefix + x)
        return x

    def leaf(self, value: float) -> str:
        name = self._name()
        self.steps.append(new(self.prefix + name, "Value", value))
        self.code.append(f"{name} = Value({value!r})")
        self.values[name] = value
        self.leaves.append(name)
        return name

    def binary(self, operator_name: str, left, right) -> str:
        """left <op> right, each a node's name or a plain number."""
        name = self._name()
        self.steps.append(op(self.prefix + name, operator_name, self._operand(left), self._operand(right)))
        self.code.append(f"{name} = {left!s} {_SYMBOLS[operator_name]} {right!s}")
        self.values[name] = _apply(operator_name, self.values.get(left, left), self.values.get(right, right))
        return name

    def neg(self, x: str) -> str:
        name = self._name()
        self.steps.append(op(self.prefix + name, "neg", self._operand(x)))
        self.code.append(f"{name} = -{x}")
        self.values[name] = -self.values[x]
        return name

    def method(self, method: str, x: str) -> str:
        name = self._name()
        self.used.add(x)
        self.steps.append(call(self.prefix + name, self.prefix + x, method))
        self.code.append(f"{name} = {x}.{method}()")
        self.values[name] = _apply(method, self.values[x])
        return name

    def backward(self, out: str) -> None:
        self.steps.append(call(None, self.prefix + out, "backward"))
        self.code.append(f"{out}.backward()")

    def finish(self, reads: list[tuple[str, str]]) -> None:
        """Read (node, "data" | "grad") pairs back, gathered in one list named prefix + "result"."""
        for node, attribute in reads:
            self.steps.append(get(f"{self.prefix}{node}.{attribute}", self.prefix + node, attribute))
            self.read.append(f"{node}.{attribute}")
        self.steps.append(let(self.result, [ref(f"{self.prefix}{node}.{attribute}") for node, attribute in reads]))

    @property
    def result(self) -> str:
        return self.prefix + "result"

    def describe(self) -> str:
        return "; ".join(self.code) + " → [" + ", ".join(self.read) + "]"


def _apply(name: str, x: float, y: float | None = None) -> float:
    if name == "pow":
        return x**y
    if name in _METHODS:
        return {"exp": math.exp, "log": math.log, "tanh": math.tanh, "relu": lambda v: max(v, 0.0)}[name](x)
    return getattr(operator, name)(x, y)


@dataclass(frozen=True)
class _Graphs(Program):
    """Several graphs in one program; case k compares graph k's result (parts[k] are its steps)."""

    parts: tuple = ()


def _program(function: str, graphs: list[_Graph], description: str, raises=None, note: str = "") -> list[Case]:
    """One program for all the graphs; case k compares graph k's result. ``raises`` maps an
    exception to the mistake it means; ``note`` names the one a NaN or infinite answer means."""
    steps = tuple(step for graph in graphs for step in graph.steps)
    program = _Graphs(function, steps, tuple(graph.result for graph in graphs), description,
                      items=tuple(graph.describe() for graph in graphs), exception_mistakes=dict(raises or {}),
                      parts=tuple((tuple(graph.steps), graph.result) for graph in graphs))
    return [Case(program, pick=Pick("item", k), note=note) for k in range(len(graphs))]


def _single(function: str, graphs: list[_Graph], raises=None, note: str = "") -> list[Case]:
    """One program per graph: few graphs, and an exception points at its own graph."""
    return [case for graph in graphs
            for case in _program(function, [graph], graph.describe(), raises, note)]


def _every_node(graph: _Graph, out: str) -> list[tuple[str, str]]:
    return [(out, "data")] + [(node, "grad") for node in reversed(graph.values)]


# ----------------------------------------------------------------------------- one operation at a time


def _each_graph(build):
    """A check's graphs: build(graph, draw) for each, then backward() and every node read back."""
    def make(rng):
        draw, graphs = _Draw(rng), []
        for k, builder in enumerate(build):
            graph = _Graph(f"g{k}.")
            out = builder(graph, draw)
            graph.backward(out)
            graph.finish(_every_node(graph, out))
            graphs.append(graph)
        return graphs
    return make


def _binary_cases(operator_name: str):
    """Between two Values, with a plain number on the right, and with one on the left."""
    def both(g, draw):
        return g.binary(operator_name, g.leaf(_number(draw, 0.25, 2.5)), g.leaf(_number(draw, 0.25, 2.5)))

    def right(g, draw):
        return g.binary(operator_name, g.leaf(_number(draw, 0.25, 2.5)), draw.choice(CONSTANTS))

    def left(g, draw):
        return g.binary(operator_name, draw.choice(CONSTANTS), g.leaf(_number(draw, 0.25, 2.5)))
    return [both, right, left]


def _power_cases():
    """Integer exponents on either sign, negative and fractional ones on positive bases; then
    division, which goes through b ** −1."""
    def power(exponent, positive):
        def build(g, draw):
            base = _positive(draw, 0.25, 2.5) if positive else -_positive(draw, 0.25, 2.5)
            return g.binary("pow", g.leaf(base), exponent)
        return build

    return [power(3, False), power(2, True), power(-2, True), power(0.5, True), power(-1.5, True),
            power(-1, False), *_binary_cases("truediv")]


def _method_cases(method: str, inputs):
    """method() on each input; an input is a number, or a function of draw."""
    def at(x):
        return lambda g, draw: g.method(method, g.leaf(x(draw) if callable(x) else x))
    return [at(x) for x in inputs]


def _negation(g, draw):
    return g.neg(g.leaf(_number(draw, 0.25, 2.5)))


def _add_cases(rng):
    return _single("Value.__add__", _each_graph(_binary_cases("add"))(rng))


def _mul_cases(rng):
    return _single("Value.__mul__", _each_graph([*_binary_cases("mul"), _negation])(rng))


def _pow_cases(rng):
    return _single("Value.__pow__", _each_graph(_power_cases())(rng))


def _exp_cases(rng):
    inputs = [lambda r: _positive(r, 0.25, 3.0), lambda r: -_positive(r, 0.25, 3.0)]
    return _single("Value.exp", _each_graph(_method_cases("exp", inputs))(rng))


def _log_cases(rng):
    # Small positives: where 1/x, 1/x² and ln x are far apart.
    inputs = [lambda r: _positive(r, 1.25, 4.0), lambda r: _positive(r, 0.0625, 0.25), 2.0**-10]
    return _single("Value.log", _each_graph(_method_cases("log", inputs))(rng))


def _tanh_cases(rng):
    # ±20 saturate (tanh′ rounds to 0); ±800 overflow exp, so tanh from e^(2x) cannot be used there.
    inputs = [lambda r: _number(r, 0.25, 1.5), lambda r: _number(r, 1.5, 3.0), 20.0, -20.0, 800.0, -800.0]
    return _single("Value.tanh", _each_graph(_method_cases("tanh", inputs))(rng),
                   raises={"OverflowError": "value.tanh_overflow"}, note="value.tanh_overflow")


def _relu_cases(rng):
    inputs = [lambda r: _positive(r, 0.25, 3.0), lambda r: -_positive(r, 0.25, 3.0), 0.0]
    return _single("Value.relu", _each_graph(_method_cases("relu", inputs))(rng))


# ----------------------------------------------------------------------------- shared nodes


def _square(g, draw):
    a = g.leaf(_number(draw, 0.25, 2.5))
    return g.binary("mul", a, a)


def _double(g, draw):
    a = g.leaf(_number(draw, 0.25, 2.5))
    return g.binary("add", a, a)


def _far_and_near(g, draw):
    """(a * b).tanh().exp() * (a * b): the shared c is one step from the output and three steps
    along the other path. Breadth-first reaches it too early; depth-first pre-order does not."""
    c = g.binary("mul", g.leaf(_number(draw, 0.25, 1.5)), g.leaf(_number(draw, 0.25, 1.5)))
    return g.binary("mul", g.method("exp", g.method("tanh", c)), c)


def _first_and_later(g, draw):
    """c * c.exp() with c = a * b: the output reaches c first, directly, and again through exp.
    Pre-order and breadth-first both handle c before exp has sent its share."""
    c = g.binary("mul", g.leaf(_number(draw, 0.25, 1.5)), g.leaf(_number(draw, 0.25, 1.5)))
    return g.binary("mul", c, g.method("exp", c))


def _reused_leaf(g, draw):
    """a * (b + a): a leaf reached from the output before the sum it also flows through."""
    a, b = g.leaf(_number(draw, 0.25, 2.5)), g.leaf(_number(draw, 0.25, 2.5))
    return g.binary("mul", a, g.binary("add", b, a))


def _diamond(g, draw):
    """tanh(a) * exp(a) + tanh(a): two paths from a that meet again, and a node used twice."""
    a = g.leaf(_number(draw, 0.25, 1.5))
    b = g.method("tanh", a)
    return g.binary("add", g.binary("mul", b, g.method("exp", a)), b)


def _thrice(g, draw):
    """c * c + c with c = a * b: one node used three times."""
    a, b = g.leaf(_number(draw, 0.25, 1.5)), g.leaf(_number(draw, 0.25, 1.5))
    c = g.binary("mul", a, b)
    return g.binary("add", g.binary("mul", c, c), c)


def _shared_cases(rng):
    cases = [_square, _double, _far_and_near, _first_and_later, _reused_leaf, _diamond, _thrice]
    return _single("Value.backward", _each_graph(cases)(rng))


# ----------------------------------------------------------------------------- random graphs


def _random_graph(draw: _Draw, prefix: str, operations: int) -> _Graph:
    """Random operations over two or three leaves, reusing earlier nodes (shared sub-expressions),
    kept where every operation is defined and nothing overflows; every node flows into the output."""
    g = _Graph(prefix)
    for _ in range(2 if operations < 3 else 3):
        g.leaf(_number(draw, 0.25, 2.5))
    for _ in range(operations):
        name = _random_operation(g, draw)
    # Unused nodes join the output, so that every leaf gets a gradient.
    for node in [n for n in g.values if n not in g.used and n != name]:
        operation = "add" if abs(g.values[name] * g.values[node]) > 8 else draw.choice(("add", "mul"))
        name = g.binary(operation, name, node)
    g.backward(name)
    g.finish([(name, "data"), (name, "grad")] + [(leaf, "grad") for leaf in g.leaves])
    return g


def _random_operation(g: _Graph, draw: _Draw) -> str:
    """One operation whose operands and result stay in safe ranges; tries until one fits. Results
    stay between 0.05 and 8 in size (relu's 0 aside), so that no gradient is too small to tell."""
    nodes = list(g.values)
    weights = [(i + 1) ** 2 for i in range(len(nodes))]  # recent nodes more often, old ones too
    while True:
        x, y = draw.weighted(nodes, weights), draw.weighted(nodes, weights)
        vx, vy = g.values[x], g.values[y]
        kind = draw.choice(("add", "sub", "mul", "truediv", "number", "neg", "pow", "exp", "log", "tanh", "relu"))
        if kind in ("add", "sub", "mul", "truediv"):
            # x + x and x * x are welcome; x − x and x / x hide too much
            if (kind in ("sub", "truediv") and x == y) or (kind == "truediv" and abs(vy) < 0.25) \
                    or not _fits(_apply(kind, vx, vy)):
                continue
            return g.binary(kind, x, y)
        if kind == "number":  # a plain number on either side: the reflected operators
            operation, k = draw.choice(("add", "sub", "mul", "truediv")), draw.choice(CONSTANTS)
            left, right = (k, x) if draw.below(2) else (x, k)
            if (right == x and operation == "truediv" and abs(vx) < 0.25) or \
                    not _fits(_apply(operation, g.values.get(left, left), g.values.get(right, right))):
                continue
            return g.binary(operation, left, right)
        if kind == "neg":
            return g.neg(x)
        if kind == "pow":
            k = draw.choice(EXPONENTS)
            if (isinstance(k, float) and vx < 0.1) or (k < 0 and abs(vx) < 0.25) or not _fits(abs(vx) ** k):
                continue
            return g.binary("pow", x, k)
        # exp stays small; log stays off 0; relu's kink at 0 belongs to its own check
        if (kind == "exp" and abs(vx) > 2.0) or (kind == "log" and (vx < 0.1 or not _fits(math.log(vx)))) \
                or (kind == "relu" and abs(vx) < 0.05) or (kind == "tanh" and not _fits(math.tanh(vx))):
            continue
        return g.method(kind, x)


def _fits(value: float) -> bool:
    return 0.05 <= abs(value) <= 8


def _random_cases(rng):
    draw = _Draw(rng)
    graphs = [_random_graph(draw, f"g{k}.", 1 + k * 12 // RANDOM_GRAPHS) for k in range(RANDOM_GRAPHS)]
    description = (f"{RANDOM_GRAPHS} random graphs, from 1 to 12 operations with shared nodes, each built "
                   "and then backward() from its last node, one after another")
    return _program("Value.backward", graphs, description)


# ----------------------------------------------------------------------------- depth and repetition


def _chain_cases(rng):
    """x1 = c - x0, x2 = c - x1, ...: each subtraction of a Value from a number is two operations
    (a negation and an addition), so CHAIN_LENGTH / 2 steps build a chain CHAIN_LENGTH deep."""
    g = _Graph("chain.")
    draw = _Draw(rng)
    start, c = _positive(draw, 0.25, 0.75), _positive(draw, 1.25, 1.75)
    g.steps.append(new("chain.x0", "Value", start))
    steps = CHAIN_LENGTH // 2
    for i in range(1, steps + 1):
        g.steps.append(op(f"chain.x{i}", "sub", c, ref(f"chain.x{i - 1}")))
    out = f"x{steps}"
    g.code = [f"x0 = Value({start!r})", f"x1 = {c!r} - x0", f"x2 = {c!r} - x1", "…",
              f"{out} = {c!r} - x{steps - 1} ({steps} subtractions, {CHAIN_LENGTH} operations deep)"]
    g.backward(out)
    g.finish([(out, "data"), (out, "grad"), (f"x{steps // 3}", "grad"), ("x0", "grad")])
    return _program("Value.backward", [g], g.describe(), raises={"RecursionError": "autograd.recursion_limit"})


def _twice_cases(rng):
    """backward() twice on one output; then on two outputs sharing a node."""
    draw = _Draw(rng)
    same = _Graph("same.")
    a, b = same.leaf(_number(draw, 0.25, 1.5)), same.leaf(_number(draw, 0.25, 1.5))
    c = same.binary("mul", a, b)
    d = same.binary("add", c, a)
    same.backward(d)
    same.backward(d)
    same.finish([(d, "data"), (d, "grad"), (c, "grad"), (b, "grad"), (a, "grad")])

    two = _Graph("two.")
    a, b = two.leaf(_positive(draw, 0.25, 1.5)), two.leaf(_positive(draw, 0.25, 1.5))
    c = two.binary("mul", a, b)
    d, e = two.method("exp", c), two.method("log", c)
    two.backward(d)
    two.backward(e)
    two.finish([(d, "grad"), (e, "grad"), (c, "grad"), (b, "grad"), (a, "grad")])
    return _single("Value.backward", [same, two])


# ----------------------------------------------------------------------------- running a graph


def _run(namespace, case: Case) -> list:
    """Run the steps of the case's graph against ``namespace.Value``; its result list."""
    steps, result = case.call.parts[case.pick.index]
    encoded, arrays = _encoded(steps)
    values: dict = {}
    wire.run_program(namespace, encoded, arrays, values)
    return values[result]


_ENCODED: dict[int, tuple] = {}


def _encoded(steps: tuple) -> tuple[list, list]:
    """The wire form of a graph's steps, made once: the reference and every wrong engine run them."""
    entry = _ENCODED.get(id(steps))
    if entry is None or entry[0] is not steps:  # the steps are kept, so their id is not reused
        arrays: list = []
        entry = _ENCODED[id(steps)] = (steps, wire.encode_steps(steps, arrays), arrays)
    return entry[1], entry[2]


class _TorchValue:
    """torch behind the Value interface: 0-d float64 tensors; every result keeps its .grad
    (retain_grad), and backward keeps the graph, so a second backward() works as on a Value."""

    def __init__(self, data=None, tensor=None):
        if tensor is None:
            tensor = torch().tensor(float(data), dtype=torch().float64, requires_grad=True)
        elif tensor.requires_grad and not tensor.is_leaf:
            tensor.retain_grad()
        self.tensor = tensor

    @property
    def data(self) -> float:
        return float(self.tensor.detach())

    @property
    def grad(self) -> float:
        return 0.0 if self.tensor.grad is None else float(self.tensor.grad)

    def backward(self):
        self.tensor.backward(retain_graph=True)

    def exp(self):
        return _TorchValue(tensor=torch().exp(self.tensor))

    def log(self):
        return _TorchValue(tensor=torch().log(self.tensor))

    def tanh(self):
        return _TorchValue(tensor=torch().tanh(self.tensor))

    def relu(self):
        return _TorchValue(tensor=torch().relu(self.tensor))

    def __neg__(self):
        return _TorchValue(tensor=-self.tensor)


def _torch_operator(name: str, reflected: bool = False):
    function = getattr(operator, name)

    def apply(self, other):
        other = other.tensor if isinstance(other, _TorchValue) else other
        return _TorchValue(tensor=function(other, self.tensor) if reflected else function(self.tensor, other))
    return apply


for _name in ("add", "sub", "mul", "truediv", "pow"):
    setattr(_TorchValue, f"__{_name}__", _torch_operator(_name))
    setattr(_TorchValue, f"__r{_name}__", _torch_operator(_name, reflected=True))


def _reference(case: Case) -> np.ndarray:
    return np.array(_run(types.SimpleNamespace(Value=_TorchValue), case), dtype=np.float64)


# ----------------------------------------------------------------------------- engines that make a mistake


class _Engine:
    """A right engine in plain Python, the way the stub lays it out; each wrong one below changes one
    thing. Orders follow a recursive depth-first walk over the children in order (the usual code)."""

    def __init__(self, data, children=(), local_grads=()):
        self.data = float(data)
        self.grad = 0.0
        self._children = tuple(children)
        self._local_grads = tuple(local_grads)

    def _node(self, data, children, local_grads):
        return type(self)(data, children, local_grads)

    def _lift(self, other):
        return other if isinstance(other, _Engine) else type(self)(other)

    # the local derivatives; wrong engines override one
    def _add_slopes(self, x, y):
        return 1.0, 1.0

    def _mul_slopes(self, x, y):
        return y, x

    def _pow_slope(self, x, k):
        return k * x ** (k - 1)

    def _exp_slope(self, x, e):
        return e

    def _log_slope(self, x):
        return 1.0 / x

    def _tanh_slope(self, x, t):
        return 1.0 - t * t

    def _relu_slope(self, x):
        return 1.0 if x > 0 else 0.0

    def __add__(self, other):
        other = self._lift(other)
        return self._node(self.data + other.data, (self, other), self._add_slopes(self.data, other.data))

    def __mul__(self, other):
        other = self._lift(other)
        return self._node(self.data * other.data, (self, other), self._mul_slopes(self.data, other.data))

    def __pow__(self, k):
        return self._node(self.data**k, (self,), (self._pow_slope(self.data, k),))

    def exp(self):
        e = math.exp(self.data)
        return self._node(e, (self,), (self._exp_slope(self.data, e),))

    def log(self):
        return self._node(math.log(self.data), (self,), (self._log_slope(self.data),))

    def tanh(self):
        t = math.tanh(self.data)
        return self._node(t, (self,), (self._tanh_slope(self.data, t),))

    def relu(self):
        return self._node(max(self.data, 0.0), (self,), (self._relu_slope(self.data),))

    def __neg__(self):
        return self * -1

    def __radd__(self, other):
        return self + other

    def __sub__(self, other):
        return self + (-other)

    def __rsub__(self, other):
        return (-self) + other

    def __rmul__(self, other):
        return self * other

    def __truediv__(self, other):
        return self * other**-1

    def __rtruediv__(self, other):
        return self**-1 * other

    # backward: an order, then the chain rule along it
    def _edges(self):
        return zip(self._children, self._local_grads)

    def _topological(self) -> list:
        """Post-order depth-first, children in order (as the recursive walk would list them, but
        without recursion, so that the deep chain has variants too): leaves first, self last."""
        order, visited, stack = [], {self}, [(self, iter(self._children))]
        while stack:
            node, children = stack[-1]
            for child in children:
                if child not in visited:
                    visited.add(child)
                    stack.append((child, iter(child._children)))
                    break
            else:
                stack.pop()
                order.append(node)
        return order

    def _visit_order(self) -> list:
        return list(reversed(self._topological()))

    def backward(self):
        """This call's gradients kept apart from .grad (the solution's shape)."""
        pending = {self: 1.0}
        for node in self._visit_order():
            upstream = pending.pop(node, 0.0)
            node.grad += upstream
            for child, local in node._edges():
                pending[child] = pending.get(child, 0.0) + local * upstream


class _ThroughGrad(_Engine):
    """The usual shape of a first engine (micrograd's): the pass runs through .grad itself."""

    def _send(self, child, amount):
        child.grad += amount

    def backward(self):
        self.grad = 1.0
        for node in self._visit_order():
            for child, local in node._edges():
                self._send(child, local * node.grad)


class _Overwrite(_ThroughGrad):
    def _send(self, child, amount):
        child.grad = amount


class _NotSeeded(_ThroughGrad):
    def backward(self):
        for node in self._visit_order():
            for child, local in node._edges():
                child.grad += local * node.grad


class _EveryPath(_ThroughGrad):
    """No order at all: each node sends what it holds, then recurses into its children."""

    def backward(self):
        self.grad = 1.0

        def send(node):
            for child, local in node._edges():
                child.grad += local * node.grad
                send(child)
        send(self)


class _ResetsAll(_Engine):
    def backward(self):
        for node in self._topological():
            node.grad = 0.0
        super().backward()


class _ResetsInner(_ThroughGrad):
    def backward(self):
        for node in self._topological():
            if node._children:
                node.grad = 0.0
        super().backward()


# Orders that are not reverse topological. Each mixes into both shapes of backward: through .grad
# (micrograd's) and with this call's gradients kept apart ("pending"), which fail differently.
class _LeavesFirst:
    def _visit_order(self):
        return self._topological()


class _Preorder:
    """A node listed when first reached, before its children: output first, but not topological."""

    def _visit_order(self):
        order, visited = [], set()

        def visit(node):
            if node not in visited:
                visited.add(node)
                order.append(node)
                for child in node._children:
                    visit(child)
        visit(self)
        return order


def _listed_when_reached(start, take: int) -> list:
    """Every node once, in the order it leaves the waiting list: a stack (take = -1) or a queue
    (take = 0, breadth-first)."""
    order, seen, waiting = [], set(), [start]
    while waiting:
        node = waiting.pop(take)
        if node not in seen:
            seen.add(node)
            order.append(node)
            waiting.extend(node._children)
    return order


class _StackPreorder:
    """A stack walk that lists a Value when it pops it: pre-order, right child first."""

    def _visit_order(self):
        return _listed_when_reached(self, -1)


class _BreadthFirst:
    def _visit_order(self):
        return _listed_when_reached(self, 0)


class _NoVisitedSet:
    """Post-order without remembering visited nodes: a shared node is listed once per path."""

    def _visit_order(self):
        order = []

        def visit(node):
            for child in node._children:
                visit(child)
            order.append(node)
        visit(self)
        return list(reversed(order))


def _ordered(order: type, shape: type) -> type:
    return type(f"{order.__name__}{shape.__name__}", (order, shape), {})


# Walks that list a Value as soon as they reach it: they fail alike (a shared Value handled before
# all its users have sent their shares), on different graphs. One mistake, whichever walk shows it.
_EARLY = (_Preorder, _BreadthFirst, _StackPreorder)


def _engine(name: str, **slopes) -> type:
    """A right engine but for one local derivative."""
    return type(name, (_Engine,), {key: staticmethod(slope) for key, slope in slopes.items()})


class _NotRecorded(_Engine):
    def _node(self, data, children, local_grads):
        return type(self)(data)


# What each known mistake gives, by the key that names it. Most specific first: diagnosis takes the
# first that matches.
_ENGINES = {
    # Also what an order from the leaves up gives with this call's gradients kept apart: every node
    # is visited before anything reached it, and the output last.
    "autograd.stops_at_output": _NotRecorded,
    "value.add_slopes_of_mul": _engine("AddSlopesOfMul", _add_slopes=lambda x, y: (y, x)),
    "value.mul_own_value": _engine("MulOwnValue", _mul_slopes=lambda x, y: (x, y)),
    "value.pow_exponent_not_lowered": _engine("PowNotLowered", _pow_slope=lambda x, k: k * x**k),
    "value.pow_factor_missing": _engine("PowNoFactor", _pow_slope=lambda x, k: x ** (k - 1)),
    "value.exp_slope_is_input": _engine("ExpInput", _exp_slope=lambda x, e: x),
    "value.log_inverse_square": _engine("LogSquare", _log_slope=lambda x: 1.0 / (x * x)),
    "value.log_slope_is_log": _engine("LogLog", _log_slope=lambda x: math.log(x)),
    "value.tanh_of_input": _engine("TanhInput", _tanh_slope=lambda x, t: 1.0 - x * x),
    "value.tanh_not_squared": _engine("TanhNotSquared", _tanh_slope=lambda x, t: 1.0 - t),
    "value.relu_one_at_zero": _engine("ReluOne", _relu_slope=lambda x: 1.0 if x >= 0 else 0.0),
    "value.relu_slope_is_value": _engine("ReluValue", _relu_slope=lambda x: max(x, 0.0)),
    "autograd.not_seeded": _NotSeeded,
    # Before the orders: those engines also run through .grad, so on a second backward() of a graph
    # where their order happens to be right, they give what running through .grad gives.
    "autograd.grad_as_buffer": _ThroughGrad,
    "autograd.resets_inner": _ResetsInner,
    "autograd.resets_all": _ResetsAll,
    "autograd.overwrite": _Overwrite,
    "autograd.leaves_first": _ordered(_LeavesFirst, _ThroughGrad),
    "autograd.early_visit": tuple(_ordered(order, _ThroughGrad) for order in _EARLY),
    "autograd.early_visit_pending": tuple(_ordered(order, _Engine) for order in _EARLY),
    "autograd.no_visited_set": _ordered(_NoVisitedSet, _ThroughGrad),
    "autograd.every_path": _EveryPath,
}


def _variants(case: Case) -> dict:
    """The answers of the wrong engines that differ from the right engine's on this case (for a
    tuple of engines, the first that differs)."""
    right = np.array(_run(types.SimpleNamespace(Value=_Engine), case))
    found = {}
    for key, engines in _ENGINES.items():
        for engine in engines if isinstance(engines, tuple) else (engines,):
            try:
                answer = np.array(_run(types.SimpleNamespace(Value=engine), case), dtype=np.float64)
            except (ArithmeticError, RecursionError, ValueError):  # this mistake cannot finish here
                continue
            if answer.shape == right.shape and not np.allclose(answer, right, rtol=1e-9, atol=1e-12):
                found[key] = answer
                break
    return found


def _check(name: str, function: str, make_cases) -> Check:
    return Check(name, function, make_cases, _reference, _variants)


CHECKS = [
    _check("add", "Value.__add__", _add_cases),
    _check("mul", "Value.__mul__", _mul_cases),
    _check("pow_and_division", "Value.__pow__", _pow_cases),
    _check("exp", "Value.exp", _exp_cases),
    _check("log", "Value.log", _log_cases),
    _check("tanh", "Value.tanh", _tanh_cases),
    _check("relu", "Value.relu", _relu_cases),
    _check("shared_nodes", "Value.backward", _shared_cases),
    _check("random_graphs", "Value.backward", _random_cases),
    _check("deep_chain", "Value.backward", _chain_cases),
    _check("backward_twice", "Value.backward", _twice_cases),
]
