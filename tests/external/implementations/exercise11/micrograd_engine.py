# external: Karpathy's micrograd Value, with the exp and tanh of its lecture.
# source: karpathy/micrograd micrograd/engine.py (Value(data, _children=(), _op=''): grad = 0, a
#   _backward closure per operation that does self.grad += ... * out.grad, _prev = set(_children);
#   __pow__ asserts isinstance(other, (int, float)); relu: Value(0 if self.data < 0 else self.data),
#   backward (out.data > 0) * out.grad; backward(): build_topo recursively from self, then
#   self.grad = 1 and each node's _backward in reverse topological order); the lecture "The spelled-out
#   intro to neural networks and backpropagation": exp (math.exp) and tanh
#   t = (math.exp(2*x) - 1)/(math.exp(2*x) + 1), with backward (1 - t**2) * out.grad.
# idea: each node knows how to push its gradient to its children; a topological sort orders them.
# differs: log follows exp's pattern (backward out.grad / self.data), as micrograd has none; the _op
#   labels are left out.
# expect: __add__, __mul__, __pow__, exp, log, relu right; tanh wrong (math.exp(2x) overflows for
#   x > 354: OverflowError where torch gives 1.0); backward wrong: recursive build_topo exceeds
#   Python's recursion limit on graphs thousands of operations deep, and self.grad = 1 resets the
#   root, so a second backward() pushes the ACCUMULATED grads of inner nodes down again.

import math


class Value:
    def __init__(self, data, _children=()):
        self.data = data
        self.grad = 0
        self._backward = lambda: None
        self._prev = set(_children)

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

    def __pow__(self, other):
        assert isinstance(other, (int, float)), "only supporting int/float powers for now"
        out = Value(self.data ** other, (self,))

        def _backward():
            self.grad += (other * self.data ** (other - 1)) * out.grad

        out._backward = _backward
        return out

    def exp(self):
        x = self.data
        out = Value(math.exp(x), (self,))

        def _backward():
            self.grad += out.data * out.grad

        out._backward = _backward
        return out

    def log(self):
        out = Value(math.log(self.data), (self,))

        def _backward():
            self.grad += out.grad / self.data

        out._backward = _backward
        return out

    def tanh(self):
        x = self.data
        t = (math.exp(2 * x) - 1) / (math.exp(2 * x) + 1)
        out = Value(t, (self,))

        def _backward():
            self.grad += (1 - t ** 2) * out.grad

        out._backward = _backward
        return out

    def relu(self):
        out = Value(0 if self.data < 0 else self.data, (self,))

        def _backward():
            self.grad += (out.data > 0) * out.grad

        out._backward = _backward
        return out

    def backward(self):
        topo = []
        visited = set()

        def build_topo(v):
            if v not in visited:
                visited.add(v)
                for child in v._prev:
                    build_topo(child)
                topo.append(v)

        build_topo(self)
        self.grad = 1
        for v in reversed(topo):
            v._backward()

    def __neg__(self):
        return self * -1

    def __radd__(self, other):
        return self + other

    def __sub__(self, other):
        return self + (-other)

    def __rsub__(self, other):
        return other + (-self)

    def __rmul__(self, other):
        return self * other

    def __truediv__(self, other):
        return self * other ** -1

    def __rtruediv__(self, other):
        return other * self ** -1

    def __repr__(self):
        return f"Value(data={self.data}, grad={self.grad})"
