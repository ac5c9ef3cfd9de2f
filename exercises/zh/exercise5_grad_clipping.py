"""练习 5 — 梯度裁剪。

梯度爆炸时，一次更新就可能把参数甩得很远。梯度裁剪在优化器迈出这一步之前限制它的大小，
有两种做法：

- 按范数裁剪（torch.nn.utils.clip_grad_norm_）：把所有梯度合在一起量出一个大小，
  如果超过 max_norm，就把它们缩小，同时保持更新的方向不变；
- 按值裁剪（torch.nn.utils.clip_grad_value_）：把每个元素各自限制在 ±clip_value 以内。

两种做法都是原地修改：被改动的是调用者手中的数组本身（模型的 .grad，优化器也持有它们）；
往列表里放进新数组，调用者是看不到的。`global_grad_norm` 则什么都不改动。
`learn show exercise5` 讲解了这两种做法；卡住时，`learn hint exercise5` 会给你提示。

请实现下面的三个函数。用 `learn check exercise5` 检查你的答案。
"""

import numpy as np


def global_grad_norm(grads, norm_type=2.0):
    """把所有梯度数组合在一起求 p 范数，就像把它们的元素首尾相接排成一个向量：
    也就是 torch.nn.utils.clip_grad_norm_ 计算并返回的总范数。

    参数：
        grads：由任意形状的 numpy 数组组成的列表。可以为空：此时范数为 0。
        norm_type：p ≥ 1，或者 float("inf")（取绝对值最大的元素），与 torch 相同。

    返回：
        一个标量。
    """
    # TODO: 所有梯度合在一起的范数
    raise NotImplementedError("global_grad_norm is not implemented yet")


def clip_grad_norm(grads, max_norm, norm_type=2.0):
    """原地缩放所有梯度，使它们的全局范数不超过 max_norm，与
    torch.nn.utils.clip_grad_norm_(parameters, max_norm, norm_type) 相同。

    全局范数小于 max_norm 的梯度原样返回（torch 在用总范数做除数之前先给它加上 1e-6，
    这样梯度全为零时也不会除以零）。

    参数：
        grads：由 numpy 浮点数组组成的列表，原地修改：最终被缩放的是调用者自己的数组
            （不是新数组）。
        max_norm：允许的最大全局范数，一个正数。
        norm_type：含义与 global_grad_norm 相同。

    返回：
        裁剪之前（而不是之后）的总范数。
    """
    # TODO: 像 clip_grad_norm_ 那样原地缩放每个梯度；返回裁剪之前的范数
    raise NotImplementedError("clip_grad_norm is not implemented yet")


def clip_grad_value(grads, clip_value):
    """把每个梯度的每个元素原地截断到 [−clip_value, clip_value]，与
    torch.nn.utils.clip_grad_value_(parameters, clip_value) 相同。

    参数：
        grads：由 numpy 浮点数组组成的列表，原地修改：最终被截断的是调用者自己的数组
            （不是新数组）。
        clip_value：一个正数。

    返回：
        None。
    """
    # TODO: 把每个数组原地截断到 [−clip_value, clip_value]
    raise NotImplementedError("clip_grad_value is not implemented yet")
