# catalog: correct
# why: micrograd's closures: each node keeps a function that turns its gradient into its children's shares

import math


class Value:
    def __init__(self, data, children=(), backward_step=None):
        self.data = float(data)
        self.grad = 0.0
        self._children = tuple(children)
        # gradient of this node -> [(child, share), ...]
        self._step = backward_step or (lambda gradient: [])

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data + other.data, (self, other), lambda g: [(self, g), (other, g)])

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data * other.data, (self, other),
                     lambda g: [(self, g * other.data), (other, g * self.data)])

    def __pow__(self, k):
        assert isinstance(k, (int, float)), "only constant exponents"
        return Value(self.data**k, (self,), lambda g: [(self, g * k * self.data ** (k - 1))])

    def exp(self):
        out = Value(math.exp(self.data), (self,), lambda g: [(self, g * out.data)])
        return out

    def log(self):
        return Value(math.log(self.data), (self,), lambda g: [(self, g / self.data)])

    def tanh(self):
        out = Value(math.tanh(self.data), (self,), lambda g: [(self, g * (1 - out.data**2))])
        return out

    def relu(self):
        return Value(self.data if self.data > 0 else 0.0, (self,),
                     lambda g: [(self, g if self.data > 0 else 0.0)])

    def backward(self):
        topo, seen, stack = [], set(), [(self, iter(self._children))]
        seen.add(id(self))
        while stack:
            node, children = stack[-1]
            for child in children:
                if id(child) not in seen:
                    seen.add(id(child))
                    stack.append((child, iter(child._children)))
                    break
            else:
                topo.append(stack.pop()[0])
        grads = {id(self): 1.0}
        for node in reversed(topo):
            g = grads.get(id(node), 0.0)
            node.grad += g
            for child, share in node._step(g):
                grads[id(child)] = grads.get(id(child), 0.0) + share

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
