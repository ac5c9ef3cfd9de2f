"""练习 4 — 用链式法则对两层网络做反向传播。

网络如下，输入是形状为 (N, D) 的批次 X，σ 是 logistic sigmoid σ(z) = 1 / (1 + e^(−z))：

    z1 = X W1ᵀ + b1      (N, H)      a1 = σ(z1)
    z2 = a1 W2ᵀ + b2     (N, K)      ŷ  = σ(z2)
    L  = mean((ŷ − y)²)  对全部 N·K 个元素求平均

反向传播用链式法则求出 L 对每个参数的梯度：从损失出发，一路往回推向输入，
并重复利用前向传播已经算出的结果。它只负责算出梯度；使用这些梯度的是梯度下降。
`learn show exercise4` 推导了每一步；卡住时，`learn hint exercise4` 会给你提示。

请实现 `forward`（它返回一个缓存，存放 `backward` 需要的东西）和 `backward`。
两者都不改动传入的数组（X、params、y）：训练循环还要用到它们。
用 `learn check exercise4` 检查你的答案。
"""

import numpy as np


def _sigmoid(z):
    """σ(z) = 1 / (1 + e^(−z))，由 exp(−|z|) 算出，所以永远不会溢出。"""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def forward(X, params):
    """两层 sigmoid 网络的前向传播。

    参数：
        X：输入，形状为 (N, D)。
        params：字典，包含 "W1" (H, D)、"b1" (H,)、"W2" (K, H)、"b2" (K,)，排布方式与
            torch.nn.Linear 相同：权重的形状是 (out, in)，一层计算的是 x Wᵀ + b。

    返回：
        (y_hat, cache)：y_hat 是网络的输出 ŷ，形状为 (N, K)，与
        torch.sigmoid(F.linear(torch.sigmoid(F.linear(X, W1, b1)), W2, b2)) 算出的相同
        （F 即 torch.nn.functional）；cache 可以是你喜欢的任何对象（例如一个字典），
        存放 backward 将要用到的东西。
    """
    # TODO: 计算 ŷ，并把 backward 将要用到的东西存进缓存
    raise NotImplementedError("forward is not implemented yet")


def backward(y, cache):
    """L = mean((ŷ − y)²)（对全部 N·K 个元素求平均）对每个参数的梯度。

    也就是在 forward 的网络上执行 torch.nn.functional.mse_loss(y_hat, y).backward() 之后，
    torch.autograd 存放在各参数 .grad 中的值。

    参数：
        y：目标值，形状为 (N, K)。
        cache：forward 返回的第二个值。

    返回：
        字典，包含 "W1" (H, D)、"b1" (H,)、"W2" (K, H)、"b2" (K,)：即 dL/dW1、dL/db1、
        dL/dW2、dL/db2，每个梯度的形状都与对应的参数相同。
    """
    # TODO: 损失对每个参数的梯度
    raise NotImplementedError("backward is not implemented yet")
