# catalog: correct
# why: Kahn's algorithm: count how many nodes use each node, and process a node when every user has sent its share

import math
from collections import deque


class Value:
    def __init__(self, data, children=(), local_grads=()):
        self.data = float(data)
        self.grad = 0.0
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
        # how many times each node is used inside this graph
        users, stack, seen = {}, [self], {id(self)}
        nodes = {id(self): self}
        while stack:
            node = stack.pop()
            for child in node._children:
                users[id(child)] = users.get(id(child), 0) + 1
                if id(child) not in seen:
                    seen.add(id(child))
                    nodes[id(child)] = child
                    stack.append(child)
        gradient = {key: 0.0 for key in nodes}
        gradient[id(self)] = 1.0
        ready = deque([self])
        while ready:
            node = ready.popleft()
            node.grad += gradient[id(node)]
            for child, local in zip(node._children, node._local_grads):
                gradient[id(child)] += local * gradient[id(node)]
                users[id(child)] -= 1
                if users[id(child)] == 0:
                    ready.append(child)

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
