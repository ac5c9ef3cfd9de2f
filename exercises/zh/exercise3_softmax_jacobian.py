"""练习 3 — softmax、它的雅可比矩阵，以及交叉熵的梯度。

softmax 把一个 logits 向量 z 变成概率：s_i = exp(z_i) / Σ_j exp(z_j)。由于分母是共用的，
每个输出都依赖每个输入，所以它的导数不是一个向量，而是一个矩阵，即雅可比矩阵。
torch 的 CrossEntropyLoss 以 logits 为输入，内部包含了 softmax；把这个雅可比矩阵与损失的导数
用链式法则连起来，就得到了训练每一个分类器的梯度，而且结果比两个因子都简单得多。
请自己推导出来：`learn show exercise3` 会给你指路；卡住时，`learn hint exercise3` 会给你提示。

请实现 `softmax`、`softmax_jacobian` 和 `cross_entropy_grad`。与 torch 的函数一样，
它们都不改动传入的数组。用 `learn check exercise3` 检查你的答案。
"""

import numpy as np


def softmax(z):
    """沿最后一个维度求 softmax，与 torch.softmax(z, dim=-1) 相同。

    logits 超出 ±709.78 时（exp 在 float64 下会上溢或下溢），例如 [1000, 1001, 1002]，
    以及一个批次中各行的偏移量相差悬殊时（一行在 800 附近，另一行在 −2000 附近），
    结果都必须保持有限且准确。

    参数：
        z：logits，单个样本时形状为 (C,)，一个批次时为 (N, C)（每行一个样本）。

    返回：
        形状与 z 相同的数组，沿最后一个维度求和为 1。
    """
    # TODO: 对 z 的每一行求 softmax，且不能溢出
    raise NotImplementedError("softmax is not implemented yet")


def softmax_jacobian(z):
    """softmax 对其输入的雅可比矩阵，逐行计算。

    参数：
        z：logits，形状为 (C,) 或 (N, C)。

    返回：
        z 的形状为 (C,) 时：形状为 (C, C) 的 J，J[i, j] = ∂s_i/∂z_j，其中 s = softmax(z)
        （第 i 行表示输出 i 对每个 logit 的响应），与 torch.func.jacrev 对
        torch.softmax(z, dim=-1) 求出的相同。
        z 的形状为 (N, C) 时：形状为 (N, C, C)，每行一个 (C, C) 的雅可比矩阵，与
        torch.func.vmap(torch.func.jacrev(...)) 给出的相同（行与行互不影响，所以这不是
        整个批次的 (N, C, N, C) 雅可比矩阵）。
        与 softmax 一样，logits 超出 ±709.78 时，以及各行偏移量相差悬殊时，结果都必须保持有限。
    """
    # TODO: z 每一行的 softmax 的雅可比矩阵
    raise NotImplementedError("softmax_jacobian is not implemented yet")


def cross_entropy_grad(logits, labels):
    """平均交叉熵损失对 logits 的梯度。

    L = −(1/N) Σ_n log softmax(logits[n])[labels[n]]，也就是默认 reduction="mean" 时的
    torch.nn.CrossEntropyLoss（softmax 在损失内部，所以输入是原始的 logits）。答案就是对这个损失
    执行 backward() 之后，torch.autograd 存放在 logits.grad 中的值。

    参数：
        logits：形状为 (N, C)。
        labels：整数类别索引，形状为 (N,)，每个都在 [0, C) 之中（从 0 开始计数）。

    返回：
        dL/dlogits，形状为 (N, C)。与 softmax 一样，logits 超出 ±709.78 时，以及各行偏移量
        相差悬殊时，结果都必须保持有限。
    """
    # TODO: 计算 dL/dlogits
    raise NotImplementedError("cross_entropy_grad is not implemented yet")
