# catalog: correct
# why: every Value is numbered when made; creation order is topological, so backward sorts by number

import itertools
import math

_counter = itertools.count()

class Value:
    def __init__(self, data, children=(), local_grads=()):
        self.data = float(data)
        self.grad = 0.0
        self._children = tuple(children)
        self._local_grads = tuple(local_grads)
        self._number = next(_counter)  # made after its children, so numbered after them

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data + other.data, (self, other), (1.0, 1.0))

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data * other.data, (self, other), (other.data, self.data))

    def __pow__(self, exponent):
        return Value(self.data ** exponent, (self,), (exponent * self.data ** (exponent - 1),))

    def exp(self):
        e = math.exp(self.data)
        return Value(e, (self,), (e,))

    def log(self):
        return Value(math.log(self.data), (self,), (1.0 / self.data,))

    def tanh(self):
        t = math.tanh(self.data)
        return Value(t, (self,), (1.0 - t * t,))

    def relu(self):
        return Value(max(self.data, 0.0), (self,), (1.0 if self.data > 0 else 0.0,))

    def backward(self):
        graph, stack = {id(self): self}, [self]
        while stack:
            for child in stack.pop()._children:
                if id(child) not in graph:
                    graph[id(child)] = child
                    stack.append(child)
        incoming = {key: 0.0 for key in graph}
        incoming[id(self)] = 1.0
        for node in sorted(graph.values(), key=lambda v: v._number, reverse=True):
            node.grad += incoming[id(node)]
            for child, local in zip(node._children, node._local_grads):
                incoming[id(child)] += local * incoming[id(node)]

    def __neg__(self):  # -self
        return self * -1

    def __radd__(self, other):  # other + self
        return self + other

    def __sub__(self, other):  # self - other
        return self + (-other)

    def __rsub__(self, other):  # other - self
        return (-self) + other

    def __rmul__(self, other):  # other * self
        return self * other

    def __truediv__(self, other):  # self / other
        return self * other**-1

    def __rtruediv__(self, other):  # other / self
        return self**-1 * other
