# external: backward as torch's engine schedules it: count each node's consumers, run a node when all
#   of them have sent their gradient.
# source: PyTorch's autograd engine (torch/csrc/autograd/engine.cpp: compute_dependencies walks the
#   graph from the root counting, for every function, how many edges point at it; a node is ready when
#   its count drops to zero; evaluate_function sums the gradients arriving at a node's input buffer
#   before calling it), and the autograd mechanics note's "gradients are accumulated into .grad".
# idea: Kahn's algorithm on the reversed graph: no recursion, and a node's gradient is complete before
#   it is passed down, so shared nodes need no special case.
# differs: scalars instead of tensors; the local derivatives are stored when each Value is made (the
#   stub's _children and _local_grads); each backward() call starts fresh buffers and adds the result
#   to .grad, as torch accumulates into .grad of tensors that retain it.
# expect: every function right.

import math
from collections import deque


class Value:
    def __init__(self, data, children=(), local_grads=()):
        self.data = float(data)
        self.grad = 0.0
        self._children = tuple(children)
        self._local_grads = tuple(local_grads)

    def __repr__(self):
        return f"Value(data={self.data!r}, grad={self.grad!r})"

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data + other.data, (self, other), (1.0, 1.0))

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data * other.data, (self, other), (other.data, self.data))

    def __pow__(self, exponent):
        return Value(self.data ** exponent, (self,), (exponent * self.data ** (exponent - 1),))

    def exp(self):
        value = math.exp(self.data)
        return Value(value, (self,), (value,))

    def log(self):
        return Value(math.log(self.data), (self,), (1.0 / self.data,))

    def tanh(self):
        t = math.tanh(self.data)
        return Value(t, (self,), (1.0 - t * t,))

    def relu(self):
        return Value(max(self.data, 0.0), (self,), (1.0 if self.data > 0 else 0.0,))

    def backward(self):
        dependencies = {}  # node -> how many edges from nodes of this graph point at it
        stack, seen = [self], {id(self)}
        while stack:
            node = stack.pop()
            for child in node._children:
                dependencies[id(child)] = dependencies.get(id(child), 0) + 1
                if id(child) not in seen:
                    seen.add(id(child))
                    stack.append(child)
        buffers = {id(self): 1.0}
        ready = deque([self])
        while ready:
            node = ready.popleft()
            gradient = buffers.pop(id(node))
            node.grad += gradient
            for child, local in zip(node._children, node._local_grads):
                buffers[id(child)] = buffers.get(id(child), 0.0) + local * gradient
                dependencies[id(child)] -= 1
                if dependencies[id(child)] == 0:
                    ready.append(child)

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
