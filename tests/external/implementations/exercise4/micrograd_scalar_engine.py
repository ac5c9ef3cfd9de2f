# external: backpropagation by a scalar reverse-mode engine, one node per number, as in micrograd.
# source: karpathy/micrograd micrograd/engine.py (class Value: data, grad, _backward, _prev; backward()
#   walks a topological order in reverse) with the exp operation of the accompanying lecture notebook.
# idea: the network is built from scalar Values with +, *, ** and exp; σ(x) = (1 + exp(−x))⁻¹; the loss's
#   backward() fills every parameter's .grad by the chain rule, node by node.
# differs: the engine is rewritten here (only the operations this network needs); forward returns the
#   output as a float array and keeps the graph as its cache; backward zeroes the grads first so that a
#   cache can be reused.

import math

import numpy as np


class Value:
    def __init__(self, data, children=()):
        self.data = float(data)
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = set(children)

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other))

        def _backward():
            self.grad += out.grad
            other.grad += out.grad

        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other))

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out

    def __pow__(self, exponent):
        out = Value(self.data ** exponent, (self,))

        def _backward():
            self.grad += exponent * self.data ** (exponent - 1) * out.grad

        out._backward = _backward
        return out

    def exp(self):
        out = Value(math.exp(self.data), (self,))

        def _backward():
            self.grad += out.data * out.grad

        out._backward = _backward
        return out

    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-other)

    __radd__ = __add__
    __rmul__ = __mul__

    def backward(self):
        topo, visited = [], set()

        def build(v):
            if v not in visited:
                visited.add(v)
                for child in v._prev:
                    build(child)
                topo.append(v)

        build(self)
        for v in topo:
            v.grad = 0.0
        self.grad = 1.0
        for v in reversed(topo):
            v._backward()


def _sigmoid(v):
    return (1 + (-v).exp()) ** -1


def _layer(inputs, W, b):
    return [_sigmoid(sum((w * x for w, x in zip(row, inputs)), bias)) for row, bias in zip(W, b)]


def forward(X, params):
    leaves = {name: [[Value(x) for x in row] for row in np.atleast_2d(value)] for name, value in params.items()}
    b1, b2 = leaves["b1"][0], leaves["b2"][0]
    outputs = [_layer(_layer(list(row), leaves["W1"], b1), leaves["W2"], b2) for row in X]
    y_hat = np.array([[v.data for v in row] for row in outputs])
    return y_hat, {"outputs": outputs, "leaves": leaves}


def backward(y, cache):
    outputs, leaves = cache["outputs"], cache["leaves"]
    count = len(outputs) * len(outputs[0])
    loss = sum(((v - float(t)) ** 2 for row, targets in zip(outputs, y) for v, t in zip(row, targets)), Value(0.0))
    loss = loss * (1.0 / count)
    loss.backward()
    grads = {name: np.array([[v.grad for v in row] for row in rows]) for name, rows in leaves.items()}
    grads["b1"], grads["b2"] = grads["b1"][0], grads["b2"][0]
    return grads
