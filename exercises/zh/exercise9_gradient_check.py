"""练习 9 — 数值梯度检验。

手写的反向传播，正确与否完全取决于推导。数值梯度则不需要任何推导：它直接问损失函数，某个输入
移动一点点时损失变化了多少。比较这两者，就是检验反向传播的方法（CS231n 的梯度检验、
torch.autograd.gradcheck 都是这样做的），也是找出 bug 的方法：两种梯度对不上的那个参数，
就是 bug 藏身之处。

请按顺序写出下面五个函数；每个函数都可以使用排在它前面的那些：

    numerical_gradient   用中心差分估计损失的梯度
    relative_error       两个梯度相差多远，与它们的量级无关
    gradient_check       在多个步长 h 下的这个误差
    best_step            估计最准确的那个步长
    backward_errors      反向传播中每个参数的梯度的误差

文件末尾是已经给出的代码：`learn check` 交给你的函数的那些损失（`_make_loss`），以及一个
两层网络的五个反向传播（`BACKWARD_PASSES`）：其中一个是对的，其余每个都有一个 bug。
用 backward_errors 找出是哪几个、错在哪里。修改给出的代码只会改变你的函数算出的结果，
不会改变 `learn check` 拿来比较的答案。在 `learn check` 报告的调用里，`setup` 指的是
给出的代码为那次调用构造的函数。

用 `learn check exercise9` 检查你的答案；`learn show exercise9` 是本练习的讲解。
"""

import numpy as np


def numerical_gradient(f, x, h):
    """在 x 处用步长为 h 的中心差分估计 f 的梯度。

    参数：
        f：一个函数，参数是一个形状与 x 相同的 float64 数组，返回一个浮点数（损失）。它只读取
            你传给它的那个数组，所以传 x 本身或传一个副本都可以。
        x：任意形状（一维、二维、三维……）的 float64 数组，即求梯度的点。
        h：步长，一个正的浮点数。

    返回：
        形状与 x 相同的 float64 数组：第 i 个元素是只移动 x 的第 i 个元素、用步长为 h 的
        中心差分对 ∂f/∂x[i] 的估计（f 一共被调用 2·x.size 次）。

        在 h = 1e-5 时，learn check 把它与 torch.autograd 在 float64 下对同一个损失求出的梯度
        相比较，要求达到中心差分在这个步长下所能达到的精度：每个元素都必须满足
        |你的结果 − autograd| ≤ 2e-8 · (|autograd| + 0.1 · max(1, max |autograd|))。
        在较大的 h（0.1）下，则以同样的精度把它与 torch 用这个步长算出的中心差分相比较，这时
        中心差分明显不等于导数：所以必须用传入的那个 h 作步长。

    函数返回时，x 必须保持原来的值。
    """
    # TODO: 用步长为 h 的中心差分估计 f 在 x 处的每一个偏导数
    raise NotImplementedError("numerical_gradient is not implemented yet")


def relative_error(a, b):
    """两个形状相同的数组之间，逐元素相对误差的最大值。

    对每个元素：a 与 b 之差的绝对值，除以两者绝对值之和；若这个和小于 1e-8，就用 1e-8 代替。
    结果是其中最大的那个。因此 a 和 b 都为 0 的元素算作 0，只在一个数组中为 0 的元素算作 1。
    （这是 CS231n 梯度检验的约定。）

    参数：
        a, b：形状相同的浮点数组（例如一个数值梯度和一个解析梯度）。

    返回：
        一个 ≥ 0 的浮点数。
    """
    # TODO: 计算每个元素的相对误差，返回其中最大的那个
    raise NotImplementedError("relative_error is not implemented yet")


def gradient_check(f, x, analytic, hs):
    """对每个步长，数值梯度相对于解析梯度的相对误差。

    参数：
        f, x：与 numerical_gradient 相同。
        analytic：形状与 x 相同的 float64 数组，即要检验的 f 在 x 处的梯度。
        hs：步长的列表。

    返回：
        形状为 (len(hs),) 的 float64 数组：第 k 个元素是步长为 hs[k] 的中心差分梯度与
        analytic 之间的相对误差（按 relative_error 的定义）。
    """
    # TODO: 对每个步长，把数值梯度与解析梯度作比较
    raise NotImplementedError("gradient_check is not implemented yet")


def best_step(f, x, analytic, hs):
    """hs 中的一个步长：它的中心差分梯度最接近 analytic。

    参数：
        f, x, analytic, hs：与 gradient_check 相同。

    返回：
        hs 中的某个值（一个浮点数）：相对误差最小的那个步长。
    """
    # TODO: 找出相对误差最小的步长
    raise NotImplementedError("best_step is not implemented yet")


def backward_errors(backward, params, X, labels, h):
    """反向传播给出的每个梯度与数值梯度相差多远。

    损失是已经给出的 `_two_layer_loss(params, X, labels)`。

    参数：
        backward：一个函数 (params, X, labels) -> 梯度字典，params 的每个键对应一个梯度，
            形状与对应的参数相同（例如 BACKWARD_PASSES 中的某一个）。
        params：由 float64 数组组成的字典，即网络的参数（"W1"、"b1"、"W2"、"b2"）。
        X：形状为 (N, D) 的 float64 数组，即输入；labels：形状为 (N,) 的整数数组，即类别。
        h：计算数值梯度所用的步长。

    返回：
        以 params 的键为键的字典：对每个参数，`backward` 返回的该参数的梯度，与损失对该参数
        （其他参数保持不变）的数值梯度（步长为 h）之间的相对误差。
    """
    # TODO: 把 backward 给出的每个参数的梯度与该参数的数值梯度作比较
    raise NotImplementedError("backward_errors is not implemented yet")


# ------------------------------------------------------------------------------------------------
# 已经给出的代码。`learn check` 用 _make_loss 构造交给你的函数的损失，用 _backward_pass
# 取出反向传播。这些代码你都可以调用；一行也不需要改。


def _quadratic(x, A, b):
    """½ vᵀAv + bᵀv，其中 v 是展平后的 x：一个二阶导数为常数的损失。"""
    v = x.reshape(-1)
    return float(0.5 * (v @ A @ v) + b @ v)


def _softmax_cross_entropy(logits, labels):
    """对 N 行求 −log softmax(logits)[n, labels[n]] 的平均，与 F.cross_entropy 相同。"""
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-log_probs[np.arange(len(labels)), labels].mean())


def _two_layer_loss(params, X, labels):
    """两层网络的平均交叉熵：logits 是 tanh(X W1ᵀ + b1) W2ᵀ + b2。

    形状：X (N, D)、W1 (H, D)、b1 (H,)、W2 (K, H)、b2 (K,)、labels (N,)，取值在 0..K−1 之间；
    权重的排布与 torch.nn.Linear 相同，为 (out, in)。
    """
    hidden = np.tanh(X @ params["W1"].T + params["b1"])
    return _softmax_cross_entropy(hidden @ params["W2"].T + params["b2"], labels)


def _make_loss(kind, data):
    """一个以数组 x 为自变量的损失，其余一切由字典 data 固定。

        _make_loss("quadratic", {"A": A, "b": b})                  x：任意形状，共 A.shape[0] 个元素
        _make_loss("softmax_cross_entropy", {"labels": labels})    x：logits，形状为 (N, C)
        _make_loss("two_layer", {"params": params, "X": X, "labels": labels, "parameter": "W1"})
                                                                   x：该参数的数组
    """
    if kind == "quadratic":
        return lambda x: _quadratic(x, data["A"], data["b"])
    if kind == "softmax_cross_entropy":
        return lambda x: _softmax_cross_entropy(x, data["labels"])
    if kind == "two_layer":
        return lambda x: _two_layer_loss({**data["params"], data["parameter"]: x}, data["X"], data["labels"])
    raise ValueError(f"unknown loss {kind!r}")


def _forward(params, X):
    """_two_layer_loss 的反向传播要重复利用的东西：预激活值、隐藏层和 softmax 概率。"""
    pre = X @ params["W1"].T + params["b1"]
    hidden = np.tanh(pre)
    logits = hidden @ params["W2"].T + params["b2"]
    exp = np.exp(logits - logits.max(axis=1, keepdims=True))
    return pre, hidden, exp / exp.sum(axis=1, keepdims=True)


def _logit_gradient(probs, labels):
    """平均交叉熵对 logits 的导数 dL/dlogits，形状为 (N, K)。"""
    n = len(labels)
    d_logits = probs.copy()
    d_logits[np.arange(n), labels] -= 1.0
    return d_logits / n


# _two_layer_loss 的五个反向传播，每个都返回 {"W1", "b1", "W2", "b2"}。它们是为 W1 为方阵
# （D = H）的网络写的，learn check 用的正是这样的网络。


def _backward_a(params, X, labels):
    pre, hidden, probs = _forward(params, X)
    d_logits = _logit_gradient(probs, labels)
    d_hidden = d_logits @ params["W2"]
    d_pre = d_hidden * hidden * (1.0 - hidden)
    return {"W1": d_pre.T @ X, "b1": d_pre.sum(axis=0), "W2": d_logits.T @ hidden, "b2": d_logits.sum(axis=0)}


def _backward_b(params, X, labels):
    pre, hidden, probs = _forward(params, X)
    d_logits = _logit_gradient(probs, labels)
    d_pre = (d_logits @ params["W2"]) * (1.0 - hidden ** 2)
    return {"W1": d_pre.T @ X, "b1": d_pre.sum(axis=0), "W2": d_logits.T @ pre, "b2": d_logits.sum(axis=0)}


def _backward_c(params, X, labels):
    pre, hidden, probs = _forward(params, X)
    d_logits = _logit_gradient(probs, labels)
    d_hidden = d_logits @ params["W2"]
    d_pre = d_hidden * (1.0 - hidden ** 2)
    return {"W1": d_pre.T @ X, "b1": d_pre.sum(axis=0), "W2": d_logits.T @ hidden, "b2": d_logits.sum(axis=0)}


def _backward_d(params, X, labels):
    pre, hidden, probs = _forward(params, X)
    d_logits = _logit_gradient(probs, labels)
    d_pre = (d_logits @ params["W2"]) * (1.0 - np.tanh(pre) ** 2)
    return {"W1": d_pre.T @ X, "b1": d_pre.sum(axis=0), "W2": d_logits.T @ hidden, "b2": d_logits.mean(axis=0)}


def _backward_e(params, X, labels):
    pre, hidden, probs = _forward(params, X)
    d_logits = _logit_gradient(probs, labels)
    d_pre = (d_logits @ params["W2"]) * (1.0 - hidden ** 2)
    return {"W1": X.T @ d_pre, "b1": d_pre.sum(axis=0), "W2": d_logits.T @ hidden, "b2": d_logits.sum(axis=0)}


BACKWARD_PASSES = {"a": _backward_a, "b": _backward_b, "c": _backward_c, "d": _backward_d, "e": _backward_e}


def _backward_pass(name):
    """名为 name（"a" … "e"）的那个给出的反向传播。"""
    return BACKWARD_PASSES[name]
