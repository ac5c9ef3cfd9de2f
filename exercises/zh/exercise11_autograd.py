"""练习 11 — 一个迷你自动求导引擎。

`Value` 是计算图中的一个数，相当于一个 requires_grad=True 的 0 维 float64 torch 张量。
对 Value 做的每个运算都返回一个新的 Value，它记得自己是由哪些 Value 算出来的；然后对某个结果
调用 `backward()`，就会像 torch.autograd 那样，把这个结果对图中每个 Value 的导数放进该 Value
的 `.grad`。你可以在任何你喜欢的图上把它和 torch 对照：`learn check exercise11` 就在几百张图上
这样做。

约定如下，由 `learn check exercise11` 检查：

- `Value(data)` 创建一个叶子节点：`data` 是 Python float，在某次 backward() 到达它之前，
  `grad` 为 0.0。
- 运算符 +、−、*、/ 既可以用在两个 Value 之间，也可以用在 Value 和普通数之间，普通数在哪一边
  都行（2.5 − a、a / 4），与张量上的用法一样；还有 `−a`；`a ** k`，其中 k 是常数（int 或
  float，不是 Value；k 为分数时底数必须为正）；以及方法 `exp()`、`log()`（对正数）、`tanh()`
  （对任何有限的输入：tanh(800) 是 1.0，而不是溢出）和 `relu()`（恰好在 0 处的斜率取 torch
  的值）。
- 每个运算都返回一个新的 Value。
- `out.backward()` 对 `out` 所依赖的每个 Value v（包括 `out` 自己），把 d(out)/d(v) 加到
  `v.grad` 上。被多次使用的 Value（a * a，或被两个表达式共享的节点）得到的是完整的导数。
  图的深度可以达到几千个运算。
- 梯度的累加方式与 torch 中需要梯度的张量的 `.grad` 相同（非叶子节点要调用 `retain_grad()`）：
  再次调用 backward()，无论是对同一个结果，还是对由同一批 Value 算出的另一个结果，都会在已有
  的值上累加；除了你自己，没有什么会把 `.grad` 清零。与 torch 不同的是：torch 的图在
  backward() 之后就被释放了（除非 retain_graph=True），而 Value 的图可以继续使用。

没有完成的方法（带有 TODO 和 NotImplementedError 的那些）由你来写；`__init__` 规定了每个
Value 要记住的东西，末尾的运算符都是用你写的方法搭起来的。不能导入 torch。
"""

import math


class Value:
    """计算图中的一个标量，`grad` 中存放某个结果对它的导数。"""

    def __init__(self, data, children=(), local_grads=()):
        self.data = float(data)
        self.grad = 0.0
        # 这个 Value 的来历：算出它的那些 Value（叶子节点没有），以及对其中每一个，这个 Value 的
        # data 对那个 Value 的 data 的导数，在创建这个 Value 时求值。
        self._children = tuple(children)
        self._local_grads = tuple(local_grads)

    def __repr__(self):
        return f"Value(data={self.data!r}, grad={self.grad!r})"

    def __add__(self, other):
        """self + other，其中 other 是 Value 或普通数（int 或 float）。

        返回一个新的 Value，并记录下来，使 backward() 能到达两个操作数（torch 中即 a + b）。
        """
        # TODO: 返回 self + other 的 Value，记下两个操作数
        raise NotImplementedError("Value.__add__ is not implemented yet")

    def __mul__(self, other):
        """self * other，其中 other 是 Value 或普通数（int 或 float）。

        返回一个新的 Value，并记录下来，使 backward() 能到达两个操作数（torch 中即 a * b）。
        """
        # TODO: 返回 self * other 的 Value，记下两个操作数
        raise NotImplementedError("Value.__mul__ is not implemented yet")

    def __pow__(self, exponent):
        """self ** exponent，指数是常数：普通的 int 或 float，绝不是 Value。

        允许负指数和分数指数；分数指数要求 self.data > 0（否则 torch 给出 NaN）。返回一个新的
        Value，并为 backward() 记录下来（torch 中即 a ** k）。
        """
        # TODO: 返回 self ** exponent 的 Value，记下 self
        raise NotImplementedError("Value.__pow__ is not implemented yet")

    def exp(self):
        """e ** self，作为一个为 backward() 记录下来的新 Value 返回（torch.exp）。"""
        # TODO: 返回 e ** self 的 Value，记下 self
        raise NotImplementedError("Value.exp is not implemented yet")

    def log(self):
        """self 的自然对数，要求 self.data > 0，无论多小都行（包括 0.001），作为一个为 backward()
        记录下来的新 Value 返回（torch.log）。"""
        # TODO: 返回 ln(self) 的 Value，记下 self
        raise NotImplementedError("Value.log is not implemented yet")

    def tanh(self):
        """tanh(self)，作为一个为 backward() 记录下来的新 Value 返回（torch.tanh）。

        对任何有限的 self.data 都能正常工作：tanh(±800) 是 ±1.0，不会溢出。
        """
        # TODO: 返回 tanh(self) 的 Value，记下 self
        raise NotImplementedError("Value.tanh is not implemented yet")

    def relu(self):
        """max(self, 0)，作为一个为 backward() 记录下来的新 Value 返回（torch.relu），
        恰好在 self.data == 0 处的斜率取 torch 的值。"""
        # TODO: 返回 relu(self) 的 Value，记下 self
        raise NotImplementedError("Value.relu is not implemented yet")

    def backward(self):
        """对 self 所依赖的每个 Value v（包括 self 自己），把 d(self)/d(v) 加到 v.grad 上。

        与 torch 对 0 维张量调用 backward() 一样：被多次使用的 Value 得到完整的导数；梯度在多次调用
        之间累加在 .grad 中（每个 Value 都像一个需要梯度的张量，非叶子节点相当于调用了
        retain_grad()）；图的深度可以达到几千个运算。返回 None。
        """
        # TODO: 把 self 对图中每个 Value 的导数加到那个 Value 的 grad 上
        raise NotImplementedError("Value.backward is not implemented yet")

    # 由上面那些方法搭起来的运算符：链式法则会自己对复合运算求导，所以它们都不需要单独的导数。
    # 当左边的普通数无法完成运算时，Python 会调用反射形式（__radd__、__rsub__ ……）来计算
    # `2.5 + a`、`2.5 - a` 等。
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
