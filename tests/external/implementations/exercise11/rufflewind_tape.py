# external: reverse-mode differentiation on a Wengert tape, as in Rufflewind's tutorial.
# source: Phil Ruffwind, "Reverse-mode automatic differentiation: a tutorial" (rufflewind.com, 2016):
#   a Tape (Wengert list) of nodes, each holding the weights (local partial derivatives) and indices of
#   its at most two parents; every operation on a Var pushes a node and returns a Var pointing at it;
#   grad() makes a derivs array of zeros, sets derivs[root] = 1 and walks the tape BACKWARDS in
#   creation order: for each node, derivs[parent] += weight * derivs[node].
# idea: creation order is already a topological order, so no sort and no recursion are needed.
# differs: one module-level tape; a Value keeps its tape index, and backward() adds each derivative
#   to the .grad of the Value at that index (the tutorial returns the derivs array instead); the
#   walk starts at the root's index, since nothing made later can be an ancestor of the root.
# expect: every function right.

import math

_TAPE = []  # (weights, parent indices) of every Value ever made, in creation order
_VALUES = []  # the Value at each index


class Value:
    def __init__(self, data, parents=(), weights=()):
        self.data = float(data)
        self.grad = 0.0
        self.index = len(_TAPE)
        _TAPE.append((tuple(weights), tuple(parent.index for parent in parents)))
        _VALUES.append(self)

    def __repr__(self):
        return f"Value(data={self.data!r}, grad={self.grad!r})"

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data + other.data, (self, other), (1.0, 1.0))

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data * other.data, (self, other), (other.data, self.data))

    def __pow__(self, k):
        return Value(self.data ** k, (self,), (k * self.data ** (k - 1),))

    def exp(self):
        e = math.exp(self.data)
        return Value(e, (self,), (e,))

    def log(self):
        return Value(math.log(self.data), (self,), (1.0 / self.data,))

    def tanh(self):
        t = math.tanh(self.data)
        return Value(t, (self,), (1.0 - t * t,))

    def relu(self):
        return Value(self.data if self.data > 0 else 0.0, (self,), (1.0 if self.data > 0 else 0.0,))

    def backward(self):
        derivs = [0.0] * (self.index + 1)
        derivs[self.index] = 1.0
        for i in range(self.index, -1, -1):
            weights, parents = _TAPE[i]
            for weight, parent in zip(weights, parents):
                derivs[parent] += weight * derivs[i]
        for i, value in enumerate(derivs):
            if value:
                _VALUES[i].grad += value

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
