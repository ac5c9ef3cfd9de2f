# catalog: correct
# why: data and grad as numpy float64 scalars, numpy's functions, and its own sub and division rules

import numpy as np


class Value:
    def __init__(self, data, children=(), local_grads=()):
        self.data = np.float64(data)
        self.grad = np.float64(0.0)
        self._children = tuple(children)
        self._local_grads = tuple(local_grads)

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data + other.data, (self, other), (1.0, 1.0))

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data * other.data, (self, other), (other.data, self.data))

    def __pow__(self, exponent):
        return Value(self.data ** exponent, (self,), (exponent * self.data ** (exponent - 1),))

    def exp(self):
        e = np.exp(self.data)
        return Value(e, (self,), (e,))

    def log(self):
        return Value(np.log(self.data), (self,), (np.reciprocal(self.data),))

    def tanh(self):
        t = np.tanh(self.data)
        return Value(t, (self,), (1.0 - np.square(t),))

    def relu(self):
        return Value(np.maximum(self.data, 0.0), (self,), (np.heaviside(self.data, 0.0),))

    def backward(self):
        order, visited, stack = [], set(), [(self, False)]
        while stack:
            node, children_done = stack.pop()
            if children_done:
                order.append(node)
            elif node not in visited:
                visited.add(node)
                stack.append((node, True))
                stack.extend((child, False) for child in node._children)
        pending = {self: 1.0}
        for node in reversed(order):
            upstream = pending.pop(node, 0.0)
            node.grad += upstream
            for child, local in zip(node._children, node._local_grads):
                pending[child] = pending.get(child, 0.0) + local * upstream

    def __neg__(self):  # -self
        return self * -1

    def __radd__(self, other):  # other + self
        return self + other

    def __sub__(self, other):  # self - other, with its own local derivatives
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data - other.data, (self, other), (1.0, -1.0))

    def __rsub__(self, other):  # other - self
        return (-self) + other

    def __rmul__(self, other):  # other * self
        return self * other

    def __truediv__(self, other):  # d(a/b)/da = 1/b, d(a/b)/db = -a/b**2
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data / other.data, (self, other), (1.0 / other.data, -self.data / other.data**2))

    def __rtruediv__(self, other):  # other / self
        return self**-1 * other
