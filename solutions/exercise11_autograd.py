"""Exercise 11 — a tiny autograd engine.

`Value` is one number in a computation graph, like a 0-d float64 torch tensor with
requires_grad=True. Every operation on Values returns a new Value that remembers the Values it was
computed from; `backward()` on a result then gives every Value of its graph the derivative of that
result with respect to it, in `.grad`, as torch.autograd does. Check it against torch on any graph
you like: `learn check exercise11` does, on hundreds.

The contract, checked by `learn check exercise11`:

- `Value(data)` makes a leaf: `data` is a Python float, `grad` is 0.0 until a backward() reaches it.
- The operators +, −, *, / work between two Values and between a Value and a plain number on
  either side (2.5 − a, a / 4), as they do on tensors; `−a`; `a ** k` for a constant number k (an
  int or a float, not a Value; a fractional k needs a positive base); and the methods `exp()`,
  `log()` (of a positive value), `tanh()` (for every finite input: tanh(800) is 1.0, not an
  overflow) and `relu()` (whose slope at exactly 0 is torch's).
- Each returns a new Value.
- `out.backward()` adds d(out)/d(v) to `v.grad` for every Value v that `out` was computed from,
  `out` itself included. A Value used several times (a * a, a node shared by
  two expressions) gets the whole derivative. Graphs may be thousands of operations deep.
- Gradients accumulate like torch's `.grad` on tensors that require grad (non-leaves with
  `retain_grad()`): calling backward() again, on the same result or on another one computed from
  the same Values, adds to what is there; nothing resets `.grad` but you. Unlike torch, whose
  graph is freed by backward() unless retain_graph=True, a Value's graph stays usable.

The unfinished methods (a TODO and a NotImplementedError) are yours to write; `__init__` fixes
what every Value remembers, and the operators at the end are built from yours. torch may not be
imported.
"""

import math


class Value:
    """A scalar in a computation graph, with the derivative of a result with respect to it in `grad`."""

    def __init__(self, data, children=(), local_grads=()):
        self.data = float(data)
        self.grad = 0.0
        # Where this Value came from: the Values it was computed from (none for a leaf), and for
        # each of them the derivative of this Value's data with respect to that Value's data,
        # evaluated when this Value was made.
        self._children = tuple(children)
        self._local_grads = tuple(local_grads)

    def __repr__(self):
        return f"Value(data={self.data!r}, grad={self.grad!r})"

    def __add__(self, other):
        """self + other, where other is a Value or a plain number (int or float).

        Returns a new Value, remembered so that backward() reaches both operands (torch: a + b).
        """
        ### BEGIN SOLUTION
        # TODO: return the Value of self + other, remembering both operands
        other = other if isinstance(other, Value) else Value(other)  # a constant is a leaf nobody reads
        # d(x + y)/dx = d(x + y)/dy = 1: a sum passes its gradient on unchanged to both terms.
        return Value(self.data + other.data, (self, other), (1.0, 1.0))
        ### END SOLUTION

    def __mul__(self, other):
        """self * other, where other is a Value or a plain number (int or float).

        Returns a new Value, remembered so that backward() reaches both operands (torch: a * b).
        """
        ### BEGIN SOLUTION
        # TODO: return the Value of self * other, remembering both operands
        other = other if isinstance(other, Value) else Value(other)
        # d(xy)/dx = y and d(xy)/dy = x: each factor's slope is the other factor.
        return Value(self.data * other.data, (self, other), (other.data, self.data))
        ### END SOLUTION

    def __pow__(self, exponent):
        """self ** exponent, for a constant exponent: a plain int or float, never a Value.

        Negative and fractional exponents are allowed; a fractional one needs self.data > 0 (torch
        gives NaN otherwise). Returns a new Value remembered for backward() (torch: a ** k).
        """
        ### BEGIN SOLUTION
        # TODO: return the Value of self ** exponent, remembering self
        # The power rule d(x^k)/dx = k·x^(k−1) holds for every real k (where x^k is defined); the
        # exponent is a constant, so it has no gradient of its own.
        return Value(self.data ** exponent, (self,), (exponent * self.data ** (exponent - 1),))
        ### END SOLUTION

    def exp(self):
        """e ** self, as a new Value remembered for backward() (torch.exp)."""
        ### BEGIN SOLUTION
        # TODO: return the Value of e ** self, remembering self
        e = math.exp(self.data)
        return Value(e, (self,), (e,))  # e^x is its own derivative
        ### END SOLUTION

    def log(self):
        """The natural logarithm of self, for self.data > 0 however small (0.001 included), as a new
        Value remembered for backward() (torch.log)."""
        ### BEGIN SOLUTION
        # TODO: return the Value of ln(self), remembering self
        return Value(math.log(self.data), (self,), (1.0 / self.data,))  # d ln x/dx = 1/x
        ### END SOLUTION

    def tanh(self):
        """tanh(self), as a new Value remembered for backward() (torch.tanh).

        Works for every finite self.data: tanh(±800) is ±1.0, with no overflow.
        """
        ### BEGIN SOLUTION
        # TODO: return the Value of tanh(self), remembering self
        t = math.tanh(self.data)  # exact for every float; (e^2x − 1)/(e^2x + 1) overflows from x ≈ 355
        return Value(t, (self,), (1.0 - t * t,))  # d tanh x/dx = 1 − tanh² x, from the output
        ### END SOLUTION

    def relu(self):
        """max(self, 0), as a new Value remembered for backward() (torch.relu), with torch's slope
        at self.data == 0 exactly."""
        ### BEGIN SOLUTION
        # TODO: return the Value of relu(self), remembering self
        # Slope 1 where the input is positive, 0 elsewhere: torch passes the gradient only where
        # x > 0, so the kink at 0 gets 0.
        return Value(max(self.data, 0.0), (self,), (1.0 if self.data > 0 else 0.0,))
        ### END SOLUTION

    def backward(self):
        """Add d(self)/d(v) to v.grad for every Value v that self was computed from, self included.

        Like torch's backward() on a 0-d tensor: a Value used several times gets the whole
        derivative, gradients accumulate in .grad over calls (every Value behaves like a tensor
        that requires grad, non-leaves with retain_grad()), and the graph may be thousands of
        operations deep. Returns None.
        """
        ### BEGIN SOLUTION
        # TODO: add the derivative of self with respect to every Value of its graph to that Value's grad
        # A topological order: every Value after the Values it was computed from. Depth-first with
        # an explicit stack, because a recursive walk needs one Python frame per level and stops at
        # the recursion limit (1,000) on a chain a few thousand operations deep.
        order, visited, stack = [], set(), [(self, False)]
        while stack:
            node, children_done = stack.pop()
            if children_done:
                order.append(node)
            elif node not in visited:
                visited.add(node)
                stack.append((node, True))
                stack.extend((child, False) for child in node._children)
        # Walked from self back to the leaves, every Value is reached only after all the Values
        # computed from it have sent it their share: its derivative is complete when it sends its own.
        # This pass's derivatives are kept apart from .grad, which holds what earlier calls left
        # there: sending that down the graph again would count it twice.
        pending = {self: 1.0}  # d(self)/d(self) = 1 starts the chain rule
        for node in reversed(order):
            upstream = pending.pop(node, 0.0)
            node.grad += upstream
            for child, local in zip(node._children, node._local_grads):
                # Chain rule along one edge; a child used several times adds one share per use.
                pending[child] = pending.get(child, 0.0) + local * upstream
        ### END SOLUTION

    # Operators built from the ones above: the chain rule differentiates a composition by itself,
    # so none of them needs a derivative of its own. Python calls the reflected forms (__radd__,
    # __rsub__, ...) for `2.5 + a`, `2.5 - a`, ..., when the plain number on the left cannot.
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
