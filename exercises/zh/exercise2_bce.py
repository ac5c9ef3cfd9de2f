"""练习 2 — 由极大似然推导二元交叉熵。

二分类器对每个样本输出一个概率 p = P(y = 1 | x)。怎样的输出才算好？极大似然的回答是：
让实际观测到的那些标签出现的可能性尽可能大。下面的函数按顺序沿着这个思路走下去：
一组标签的似然、它的对数、训练时要最小化的损失（二元交叉熵）——先在概率上计算，
再在 logits 上计算（logits 即原始分数 z，p = σ(z)），而且无论 |z| 多大，结果都必须精确。
最后是逻辑回归损失的梯度。`learn show exercise2` 逐步给出推导；卡住时，`learn hint exercise2`
会给你提示。

与 torch 的函数一样，这些函数都不改动传入的数组。用 `learn check exercise2` 检查你的答案。
"""

import numpy as np


def sigmoid(z):
    """对 z 的每个元素求 logistic sigmoid σ(z) = 1 / (1 + e^(−z))，与 torch.sigmoid 相同。

    |z| 一直到 1000 都不能溢出，这远远超过了 709.78（exp 在 float64 下从这里开始溢出）。
    检查时会在 np.errstate(over="raise") 下运行，所以哪怕溢出只发生在一个随后被丢弃的分支里
    （np.where 会把两个分支都算一遍），也算作溢出。

    参数：
        z：任意形状的浮点数组。

    返回：
        σ(z)，形状与 z 相同的浮点数组，取值在 [0, 1] 之间。
    """
    # TODO: 对 z 的每个元素求 σ，且不能溢出
    raise NotImplementedError("sigmoid is not implemented yet")


def bernoulli_likelihood(p, y):
    """在预测概率 p 之下，标签 y 的似然。

    第 i 个样本的标签是一次伯努利抽样，P(y_i = 1) = p_i（即 torch.distributions.Bernoulli），
    各样本相互独立：返回恰好抽到这组标签 y 的概率。

    参数：
        p：概率 P(y = 1)，严格介于 0 和 1 之间，形状为 (N,)。
        y：标签，每个都是 0.0 或 1.0，形状为 (N,)。

    返回：
        一个 (0, 1) 之间的标量。
    """
    # TODO: 恰好抽到这组标签 y 的概率
    raise NotImplementedError("bernoulli_likelihood is not implemented yet")


def bernoulli_log_likelihood(p, y):
    """bernoulli_likelihood(p, y) 的自然对数，计算时要保证结果有限。

    某个概率恰好为 0 或 1 时，会出现 0 的对数：此时按 torch 的二元交叉熵（torch.nn.BCELoss）
    的做法，把算出的每个对数都截断在 −100，使结果保持有限。

    参数：
        p：[0, 1] 中的概率，包括 0 和 1，形状为 (N,)。
        y：标签，每个都是 0.0 或 1.0，形状为 (N,)。

    返回：
        一个 ≤ 0 的标量；即使 p 中有 0 或 1，也是有限值。
    """
    # TODO: 标签 y 的对数似然，每个对数都像 torch 那样截断在 −100
    raise NotImplementedError("bernoulli_log_likelihood is not implemented yet")


def bce_loss(p, y, reduction="mean"):
    """以概率为输入的二元交叉熵，与 torch.nn.BCELoss(reduction=reduction) 相同。

    每个对数都像 torch 那样截断在 −100，所以 p 中有 0 或 1 时结果也是有限的。

    参数：
        p：[0, 1] 中的概率（包括 0 和 1），任意形状的浮点数组。
        y：[0, 1] 中的目标值，形状与 p 相同：可以是 0.3 这样的软目标，不只是 0 和 1。
        reduction："mean"（对全部元素求平均）、"sum"，或 "none"（逐元素给出损失，形状与 p 相同），
            与 torch 相同。其他取值抛出 ValueError。

    返回：
        "mean" 和 "sum" 返回标量，否则返回形状与 p 相同的数组。
    """
    # TODO: 求每个元素的损失，并按 `reduction` 的要求归约
    raise NotImplementedError("bce_loss is not implemented yet")


def bce_with_logits(z, y, reduction="mean"):
    """以 logits 为输入的二元交叉熵，与 torch.nn.BCEWithLogitsLoss(reduction=reduction) 相同。

    在精确的算术中，它等于 bce_loss(σ(z), y, reduction)；在浮点运算中，那种写法失效的地方，
    它也必须保持精确。在 float64 下，从 z ≈ 36.7 起 σ(z) 会被舍入成恰好 1.0（float32 下从
    z ≈ 16.6 起），而 z < −100 时它的对数会碰到 −100 的截断。检查用到的 |z| 从 40 一直到 1000
    （超过 709.78 时 exp 在 float64 下溢出），同一个数组里既有很大的正 logits，也有很大的负 logits。

    参数：
        z：logits，任意形状的浮点数组。
        y：[0, 1] 中的目标值，形状与 z 相同：可以是 0.3 这样的软目标，不只是 0 和 1。
        reduction："mean"、"sum" 或 "none"，含义与 bce_loss 相同。其他取值抛出 ValueError。

    返回：
        "mean" 和 "sum" 返回标量，否则返回形状与 z 相同的数组。
    """
    # TODO: 直接由 logits 求每个元素的损失，并按 `reduction` 的要求归约
    raise NotImplementedError("bce_with_logits is not implemented yet")


def logistic_regression_grad(X, w, y):
    """逻辑回归的损失对权重的梯度 dL/dw。

    模型给第 i 个样本的 logit 是 z_i = X[i] · w，概率是 σ(z_i)；损失是
    L(w) = bce_with_logits(X @ w, y)，归约方式为 "mean"。答案就是执行
    torch.nn.functional.binary_cross_entropy_with_logits(X @ w, y).backward() 之后，
    torch.autograd 存放在 w.grad 中的值。

    参数：
        X：输入，形状为 (N, D)。
        w：权重，形状为 (D,)。
        y：标签，每个都是 0.0 或 1.0，形状为 (N,)。

    返回：
        dL/dw，形状为 (D,)。
    """
    # TODO: 计算 dL/dw
    raise NotImplementedError("logistic_regression_grad is not implemented yet")
