"""练习 8 — 优化器：带动量和 Nesterov 的 SGD、RMSprop、Adam 与 AdamW。

梯度下降让每个参数逆着自己的梯度迈一步。这里的优化器改变的是这一步怎么迈：动量记住之前几步
往哪里走，RMSprop 按每个坐标最近梯度的大小分别缩放它，Adam 两者兼备，而权重衰减把参数拉向零，
在 Adam 和 AdamW 中的做法各不相同。`learn show exercise8` 逐一推导了它们；卡住时，
`learn hint exercise8 Adam.step` 会给你提示。

请为每个类写出 step() 方法，使它与 torch.optim 中同名的类行为一致：选项的名字、默认值和约定
都相同。四个类共同遵守以下约定：

- 优化器建立在 `params` 之上：它是由任意形状（包括 0 维）的 numpy 浮点数组组成的列表。
  优化器保存的就是这些数组本身，而不是副本：step() 原地修改它们，所以调用者会看到自己的数组
  发生变化，就像执行 torch 的 optimizer.step() 之后模型的参数会变一样。
- `step(grads)` 接收一个梯度数组的列表，grads[i] 是损失对 params[i] 的梯度（形状相同），
  只用于这一步。它把每个参数更新一次，梯度数组保持原样（torch 也从不改动参数的 .grad）；
  它的返回值不会被使用。
  每一步中每个参数都有梯度（torch 会跳过 .grad 为 None 的参数）。
- 优化器在两步之间要记住的东西，对每个参数分别记：已经给出的 `self.state` 为每个参数保存
  一个字典，在第一步之前是空的（相当于 torch 的 optimizer.state[p]）。

检查会用由种子生成的梯度运行五十步，每一步之后都把每个参数与 torch.optim 的结果比较；
`learn check exercise8` 会告诉你从哪一步开始出现差异。
"""

import numpy as np


class Optimizer:
    """下面各优化器共有的部分，与 torch.optim.Optimizer 相同（已经给出：这里不需要写任何东西）。

    属性：
        params：调用者的参数数组，顺序与调用者的相同（就是同一批对象）。
        state：每个参数一个字典，params[i] 的在 state[i] 中，在第一步之前是空的。
    """

    def __init__(self, params):
        self.params = list(params)
        self.state = [{} for _ in self.params]


class SGD(Optimizer):
    """随机梯度下降，可选动量，与 torch.optim.SGD 相同。

    参数：
        params：由 numpy 浮点数组组成的列表，由 step() 原地更新。
        lr：学习率（torch 的默认值为 0.001）。
        momentum：动量系数；为 0 时就是普通的梯度下降。momentum > 0 时，每个参数都有一个动量
            缓冲区，构造方式与 torch 完全相同，第一步也不例外。
        dampening：torch 对动量缓冲区的阻尼：每个新梯度要打掉多少；torch 在缓冲区的第一步
            不施加阻尼。
        weight_decay：L2 正则化：这一步按“损失加上 weight_decay / 2 · ‖p‖²”来走，
            与 torch 的 weight_decay 选项相同。
        nesterov：Nesterov 动量，采用 torch 的形式（用的是当前参数处的梯度）。需要
            momentum > 0 且 dampening = 0（否则 torch 抛出 ValueError；检查不会用到这种组合）。
    """

    def __init__(self, params, lr=0.001, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params)
        self.lr = lr
        self.momentum = momentum
        self.dampening = dampening
        self.weight_decay = weight_decay
        self.nesterov = nesterov

    def step(self, grads):
        """用这一步的梯度原地更新每个参数一步（见模块文档中的约定）。"""
        # TODO: 像 torch.optim.SGD 那样原地更新每个参数，每个参数用自己的动量缓冲区
        raise NotImplementedError("SGD.step is not implemented yet")


class RMSprop(Optimizer):
    """RMSprop，与不带动量、非中心化（均为默认设置）的 torch.optim.RMSprop 相同。

    参数：
        params：由 numpy 浮点数组组成的列表，由 step() 原地更新。
        lr：学习率（torch 的默认值为 0.01）。
        alpha：梯度平方滑动平均的平滑常数；这个平均值与 torch 一样从零开始。
        eps：为了数值稳定加在分母上，加的位置与 torch 相同（在平方根之外）；有了它，
            迄今梯度一直为零的坐标不会移动，也不会产生 NaN。
        weight_decay：L2 正则化，与 SGD 相同。
    """

    def __init__(self, params, lr=0.01, alpha=0.99, eps=1e-8, weight_decay=0.0):
        super().__init__(params)
        self.lr = lr
        self.alpha = alpha
        self.eps = eps
        self.weight_decay = weight_decay

    def step(self, grads):
        """用这一步的梯度原地更新每个参数一步（见模块文档中的约定）。"""
        # TODO: 像 torch.optim.RMSprop 那样原地更新每个参数，每个参数用自己的滑动平均
        raise NotImplementedError("RMSprop.step is not implemented yet")


class Adam(Optimizer):
    """Adam，与 torch.optim.Adam（不使用 amsgrad）相同。

    参数：
        params：由 numpy 浮点数组组成的列表，由 step() 原地更新。
        lr：学习率（torch 的默认值为 0.001）。
        betas：(beta1, beta2)，分别是梯度的滑动平均和梯度平方的滑动平均的衰减率；两个平均值
            都从零开始，并像 torch 那样做偏差修正。
        eps：为了数值稳定加在分母上，加的位置与 torch 相同：在平方根之外，偏差修正之后。
        weight_decay：L2 正则化，与 SGD 相同：它通过梯度起作用，因此也进入两个滑动平均
            （解耦的权重衰减是 AdamW 的做法）。
    """

    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
        super().__init__(params)
        self.lr = lr
        self.betas = betas
        self.eps = eps
        self.weight_decay = weight_decay

    def step(self, grads):
        """用这一步的梯度原地更新每个参数一步（见模块文档中的约定）。"""
        # TODO: 像 torch.optim.Adam 那样原地更新每个参数，每个参数用自己的步数和矩估计
        raise NotImplementedError("Adam.step is not implemented yet")


class AdamW(Optimizer):
    """带解耦权重衰减的 Adam，与 torch.optim.AdamW（不使用 amsgrad）相同。

    参数：
        params, lr, betas, eps：与 Adam 相同。
        weight_decay：解耦的权重衰减（torch 中 AdamW 的默认值为 0.01）：每一步参数都按
            lr · weight_decay 的比例向零收缩；收缩作用于这一步之前的参数，并且不进入滑动平均。
    """

    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01):
        super().__init__(params)
        self.lr = lr
        self.betas = betas
        self.eps = eps
        self.weight_decay = weight_decay

    def step(self, grads):
        """用这一步的梯度原地更新每个参数一步（见模块文档中的约定）。"""
        # TODO: 像 torch.optim.AdamW 那样原地更新每个参数：即 Adam 的一步，权重衰减与之解耦
        raise NotImplementedError("AdamW.step is not implemented yet")
