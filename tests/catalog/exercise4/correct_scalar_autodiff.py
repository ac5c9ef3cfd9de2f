# catalog: correct
# why: a micrograd-style scalar autodiff engine (rewritten from its description): the loss is built from Python floats and backpropagated node by node; gradients come back as float arrays.

import numpy as np


def _sigmoid(z):
    """σ(z) = 1 / (1 + e^(−z)), computed from exp(−|z|) so it never overflows."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


class Value:
    """A scalar that remembers how it was computed, so that backward() can apply the chain rule."""

    def __init__(self, data, parents=(), local_grads=()):
        self.data, self.grad = float(data), 0.0
        self._parents, self._local_grads = parents, local_grads

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data + other.data, (self, other), (1.0, 1.0))

    __radd__ = __add__

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data * other.data, (self, other), (other.data, self.data))

    __rmul__ = __mul__

    def __sub__(self, other):
        return self + (-1.0) * other

    def sigmoid(self):
        e = np.exp(-abs(self.data))
        s = 1.0 / (1.0 + e) if self.data >= 0 else e / (1.0 + e)
        return Value(s, (self,), (s * (1.0 - s),))

    def backward(self):
        order, seen = [], set()

        def visit(node):
            if id(node) not in seen:
                seen.add(id(node))
                for parent in node._parents:
                    visit(parent)
                order.append(node)

        visit(self)
        self.grad = 1.0
        for node in reversed(order):
            for parent, local in zip(node._parents, node._local_grads):
                parent.grad += local * node.grad


def _layer(inputs, W, b):
    return [sum((w * x for w, x in zip(row, inputs)), bias).sigmoid() for row, bias in zip(W, b)]


def forward(X, params):
    leaves = {name: np.vectorize(Value, otypes=[object])(np.asarray(value, dtype=float))
              for name, value in params.items()}
    outputs = [_layer(_layer(list(x), leaves["W1"], leaves["b1"]), leaves["W2"], leaves["b2"]) for x in X]
    y_hat = np.array([[value.data for value in row] for row in outputs])
    return y_hat, (outputs, leaves)


def backward(y, cache):
    outputs, leaves = cache
    for grid in leaves.values():
        for value in grid.flat:
            value.grad = 0.0
    squared = [(value - float(target)) * (value - float(target))
               for row, targets in zip(outputs, y) for value, target in zip(row, targets)]
    loss = sum(squared, Value(0.0)) * (1.0 / len(squared))
    loss.backward()
    return {name: np.array([value.grad for value in grid.flat]).reshape(grid.shape) for name, grid in leaves.items()}
