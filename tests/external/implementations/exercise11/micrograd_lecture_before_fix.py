# external: the micrograd lecture's engine as first written, before the "a + a" bug is found.
# source: Karpathy, "The spelled-out intro to neural networks and backpropagation: building micrograd"
#   (2022): the closures first SET the children's grads (self.grad = 1.0 * out.grad, other.grad =
#   1.0 * out.grad, ...); the lecture then shows b = a + a giving a.grad = 1 instead of 2, and that a
#   node used twice loses one path, and fixes it with +=. tanh from math.exp as in the lecture.
# idea: the chain rule per node, each backward writing its children's derivative.
# differs: the rest is the engine of micrograd_engine.py here, with the lecture's = in place of += in
#   every closure (at that point the lecture had only +, * and tanh; pow, exp and log follow the same
#   pattern); backward seeds the root with 1.0 as the lecture does.
# expect: the operators and methods right, as the stub divides the contract: each returns the right
#   value and, on a graph where every Value is used once, the right local derivative; accumulating a
#   Value's uses ("a Value used several times gets the whole derivative", "gradients accumulate")
#   is backward()'s promise, so backward is wrong here (a + a, shared nodes, backward() twice),
#   and also for the recursion limit; tanh wrong (math.exp(2x) overflows for x > 354).

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
            self.grad = out.grad
            other.grad = out.grad

        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other))

        def _backward():
            self.grad = other.data * out.grad
            other.grad = self.data * out.grad

        out._backward = _backward
        return out

    def __pow__(self, other):
        assert isinstance(other, (int, float)), "only supporting int/float powers for now"
        out = Value(self.data ** other, (self,))

        def _backward():
            self.grad = (other * self.data ** (other - 1)) * out.grad

        out._backward = _backward
        return out

    def exp(self):
        x = self.data
        out = Value(math.exp(x), (self,))

        def _backward():
            self.grad = out.data * out.grad

        out._backward = _backward
        return out

    def log(self):
        out = Value(math.log(self.data), (self,))

        def _backward():
            self.grad = out.grad / self.data

        out._backward = _backward
        return out

    def tanh(self):
        x = self.data
        t = (math.exp(2 * x) - 1) / (math.exp(2 * x) + 1)
        out = Value(t, (self,))

        def _backward():
            self.grad = (1 - t ** 2) * out.grad

        out._backward = _backward
        return out

    def relu(self):
        out = Value(0 if self.data < 0 else self.data, (self,))

        def _backward():
            self.grad = (out.data > 0) * out.grad

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
        self.grad = 1.0
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
