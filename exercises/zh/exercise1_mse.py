"""练习 1 — 均方误差及其梯度。

损失函数是训练的标尺：它把“模型错得有多离谱”归结为一个数，梯度下降就是要把这个数压低。
对回归任务（房价这类连续的目标），经典的选择是均方误差：预测值与目标值之差的平方的平均。
取平方让大误差受到的惩罚远重于小误差，而且得到的损失是光滑的，预测越接近目标，梯度就越小；
`learn show exercise1` 把它和绝对误差作了比较，并推导了它的梯度。

请实现 `mse_loss`（支持 torch 的三种归约方式）和 `mse_grad`（损失对预测值的导数）。
与 torch 的函数一样，两者都不改动传入的数组：算完损失之后，调用者还要用到预测值和目标值。
用 `learn check exercise1` 检查你的答案；卡住时，`learn hint exercise1` 会给你提示。
"""

import numpy as np


def mse_loss(y_pred, y_true, reduction="mean"):
    """预测值与目标值之间的均方误差，与 torch.nn.MSELoss(reduction=reduction) 相同。

    参数：
        y_pred：预测值 ŷ，任意形状的浮点数组，例如 (N,) 或 (N, K)。
        y_true：目标值 y，形状与 y_pred 相同的浮点数组。
        reduction：与 torch 相同。"mean" 对全部元素的平方误差求平均
            （注意 (N, K) 数组有 N·K 个元素，不只是批大小 N）；"sum" 把它们加起来
            （误差平方和 SSE）；"none" 逐元素返回平方误差。其他取值抛出 ValueError。

    返回：
        "mean" 和 "sum" 返回一个标量（Python float、numpy 标量或 0 维数组均可）；
        "none" 返回形状与 y_pred 相同的数组。
    """
    # TODO: 计算损失，并按 `reduction` 的要求归约
    raise NotImplementedError("mse_loss is not implemented yet")


def mse_grad(y_pred, y_true, reduction="mean"):
    """L = mse_loss(y_pred, y_true, reduction) 对 y_pred 的梯度 dL/dŷ。

    也就是执行 torch.nn.functional.mse_loss(y_pred, y_true, reduction=reduction).backward()
    之后，torch.autograd 存放在 y_pred.grad 中的值。

    参数：
        y_pred, y_true：形状相同的浮点数组。
        reduction："mean" 或 "sum"，含义与 mse_loss 相同。其他取值抛出 ValueError。

    返回：
        形状与 y_pred 相同的数组：每个预测值对应一个导数，绝不是一个标量。
    """
    # TODO: 按这种归约方式计算 dL/dŷ
    raise NotImplementedError("mse_grad is not implemented yet")
