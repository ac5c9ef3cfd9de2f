"""练习 7 — 激活函数及其导数。

一层网络先算出预激活值 z = x @ W + b，再把激活函数 f 逐个作用在 z 的每个元素上。如果没有 f，
无论堆叠多少层，整体都只是一个线性映射。在反向传播中，到达 z 的梯度等于到达 f(z) 的梯度
逐元素乘以 f'(z)：凡是 f'(z) 为 0 或接近 0 的地方，这一层下面的网络就什么也学不到。

对每个激活函数，写出它在每个元素上的值 f(z) 和导数 f_grad(z) = df/dz：即 torch.autograd
对 f(z).sum() 求出的关于 z 的梯度。每个导数都请自己推导：`learn show exercise7` 讲解了其中的
思路；卡住时，`learn hint exercise7` 会给你提示。

每个函数都接收 z（任意形状的浮点数组：0 维数组、(N,)、(N, C) ……），返回形状与 z 相同的
浮点数组（是数，不是布尔值）。任何函数都不能修改 z：调用者在反向传播时还要用它。
用 `learn check exercise7` 检查你的答案。
"""

import numpy as np


def step(z):
    """单位阶跃函数：z > 0 处为 1.0，z <= 0 处为 0.0（所以恰好在 z = 0 处为 0.0）。

    即 torch.heaviside(z, torch.tensor(0.0))。

    参数：
        z：任意形状的浮点数组。

    返回：
        形状与 z 相同、由 0.0 和 1.0 组成的浮点数组（是数，不是布尔值）。
    """
    # TODO: z 每个元素的单位阶跃值，用数 0.0 和 1.0 表示
    raise NotImplementedError("step is not implemented yet")


def step_grad(z):
    """阶跃函数在 z 每个元素处的导数 d step / dz。

    在 z = 0 处阶跃函数发生跳变，没有导数：torch.heaviside 也没有定义导数（它的 backward 会抛出
    RuntimeError）。这一点上请返回 0.0，也就是 torch 的 autograd 在 torch.sign 跳变处给出的值。
    结果处处有限。

    参数：
        z：任意形状的浮点数组。

    返回：
        形状与 z 相同的浮点数组。
    """
    # TODO: 阶跃函数在 z 每个元素处的导数
    raise NotImplementedError("step_grad is not implemented yet")


def sigmoid(z):
    """logistic 函数 σ(z) = 1 / (1 + e^(−z))，与 torch.sigmoid 相同。

    |z| 一直到 1000 都不能溢出：检查时会在 np.errstate(over="raise") 下运行，所以哪怕溢出只发生在
    一个随后被丢弃的分支里（np.where 会把两个分支都算一遍），也算作溢出。

    参数：
        z：任意形状的浮点数组。

    返回：
        σ(z)，形状与 z 相同的浮点数组，取值在 [0, 1] 之间。
    """
    # TODO: 对 z 的每个元素求 σ，且不能溢出
    raise NotImplementedError("sigmoid is not implemented yet")


def sigmoid_grad(z):
    """σ 在 z 每个元素处的导数 dσ/dz，与 torch.autograd 对 torch.sigmoid(z).sum() 求出的相同。

    |z| 一直到 1000，结果都必须有限，且不能溢出（检查时在 np.errstate(over="raise") 下运行）。

    参数：
        z：预激活值，任意形状的浮点数组。

    返回：
        形状与 z 相同的浮点数组。
    """
    # TODO: 在 z 的每个元素处求 dσ/dz，且不能溢出
    raise NotImplementedError("sigmoid_grad is not implemented yet")


def tanh(z):
    """双曲正切 (e^z − e^(−z)) / (e^z + e^(−z))，与 torch.tanh 相同。

    |z| 一直到 1000，结果都必须有限，且不能溢出（检查时在 np.errstate(over="raise") 下运行）。

    参数：
        z：任意形状的浮点数组。

    返回：
        tanh(z)，形状与 z 相同的浮点数组，取值在 [−1, 1] 之间。
    """
    # TODO: 对 z 的每个元素求 tanh，且不能溢出
    raise NotImplementedError("tanh is not implemented yet")


def tanh_grad(z):
    """tanh 在 z 每个元素处的导数 d tanh / dz，与 torch.autograd 对 torch.tanh(z).sum() 求出的相同。

    |z| 一直到 1000，结果都必须有限，且不能溢出（检查时在 np.errstate(over="raise") 下运行）。

    参数：
        z：预激活值，任意形状的浮点数组。

    返回：
        形状与 z 相同的浮点数组。
    """
    # TODO: 在 z 的每个元素处求 d tanh / dz，且不能溢出
    raise NotImplementedError("tanh_grad is not implemented yet")


def relu(z):
    """对 z 的每个元素求线性整流函数 max(z, 0)，与 torch.relu 相同。

    参数：
        z：任意形状的浮点数组。

    返回：
        形状与 z 相同的浮点数组。
    """
    # TODO: 逐元素取 z 和 0 中较大的那个
    raise NotImplementedError("relu is not implemented yet")


def relu_grad(z):
    """relu 在 z 每个元素处的导数 d relu / dz，与 torch.autograd 对 torch.relu(z).sum() 求出的相同。

    恰好在 z = 0 处 relu 有一个折点，没有导数：这一点上请返回 0.0，也就是 torch 的 autograd
    给出的值。

    参数：
        z：预激活值，任意形状的浮点数组。

    返回：
        形状与 z 相同的浮点数组。
    """
    # TODO: 在 z 的每个元素处求 d relu / dz，折点处取 torch 的值
    raise NotImplementedError("relu_grad is not implemented yet")


def leaky_relu(z, negative_slope=0.01):
    """Leaky ReLU：z > 0 处为 z，其余各处为 negative_slope · z，与
    torch.nn.functional.leaky_relu(z, negative_slope) 相同。

    参数：
        z：任意形状的浮点数组。
        negative_slope：z < 0 时的斜率，浮点数，0 ≤ negative_slope < 1。

    返回：
        形状与 z 相同的浮点数组。
    """
    # TODO: z 为正处取 z，其余各处取 negative_slope · z
    raise NotImplementedError("leaky_relu is not implemented yet")


def leaky_relu_grad(z, negative_slope=0.01):
    """leaky_relu 在 z 每个元素处的导数 d leaky_relu / dz，与 torch.autograd 对
    torch.nn.functional.leaky_relu(z, negative_slope).sum() 求出的相同。

    恰好在 z = 0 处 leaky ReLU 有一个折点，没有导数：这一点上请返回 negative_slope，
    也就是 torch 的 autograd 给出的值。

    参数：
        z：预激活值，任意形状的浮点数组。
        negative_slope：z < 0 时的斜率，浮点数，0 ≤ negative_slope < 1。

    返回：
        形状与 z 相同的浮点数组。
    """
    # TODO: 在 z 的每个元素处求 d leaky_relu / dz，折点处取 torch 的值
    raise NotImplementedError("leaky_relu_grad is not implemented yet")
