"""练习 6 — 从零实现梯度下降。

训练是一个循环：衡量模型错得有多离谱，找出哪个方向是下坡，迈出一步，再重复。这里的模型是
直线 ŷ = w·x + b，用来拟合按 y = 2x + 1 + 噪声 生成的数据；循环的每一部分都由你用 numpy 来写：

- `linear_mse_grads`：(w, b) 在一个批次上的损失，以及损失对 w 和 b 的梯度；
- `sgd_step`：原地执行一步普通的随机梯度下降，与 torch.optim.SGD 相同；
- `minibatch_indices`：由一个种子决定，每一轮（epoch）中每一步看到哪些样本；
- `train`：完整的训练循环，在同样的批次上与 torch 的训练循环逐步一致；
- `largest_stable_lr`：学习率超过多少时，全批量梯度下降会发散。

`learn show exercise6` 是本练习的讲解。用 `learn check exercise6` 检查你的答案。
"""

import numpy as np


def linear_mse_grads(w, b, x, y, reduction="mean"):
    """直线 ŷ = w·x + b 在 (x, y) 上的平方误差损失，以及损失对 w 和 b 的梯度。

    损失就是把 torch.nn.MSELoss(reduction=reduction) 作用在 (w * x + b, y) 上；梯度就是当 w 和 b
    是 requires_grad=True 的张量时，loss.backward() 存放在 w.grad 和 b.grad 中的值。

    参数：
        w, b：参数，都是数（Python float、numpy 标量或 0 维数组）。
        x, y：形状同为 (N,) 的一维浮点数组，N ≥ 1。不会被修改。
        reduction："mean"（均方误差 MSE）或 "sum"（误差平方和 SSE），与 torch.nn.MSELoss 相同。

    返回：
        由三个标量组成的元组 (loss, dloss_dw, dloss_db)。
    """
    # TODO: 计算这个批次的损失，以及它对 w 和 b 的偏导数
    raise NotImplementedError("linear_mse_grads is not implemented yet")


def sgd_step(params, grads, lr):
    """对每个参数原地执行一步普通的 SGD，与使用默认设置（没有动量、阻尼、权重衰减和 Nesterov）的
    torch.optim.SGD(params, lr).step() 相同。

    参数：
        params：可迭代对象，元素是任意形状（包括 0 维）的 numpy 浮点数组，例如列表或元组。
            原地更新的是这些数组本身：持有它们的人都能看到新的值，就像执行 optimizer.step() 之后，
            模型会看到自己的参数变了。容器本身（列表或元组）不会被修改。
        grads：顺序相同的 numpy 数组，grads[i] 的形状与 params[i] 相同。不会被修改。
        lr：学习率，一个正数。

    返回：
        None。
    """
    # TODO: 按 SGD 的更新规则，用各自的梯度和 lr 原地移动每个参数数组
    raise NotImplementedError("sgd_step is not implemented yet")


def minibatch_indices(n, batch_size, seed, epochs):
    """每一轮中每个小批量的样本索引，按训练使用它们的顺序排列。

    约定如下（即数据加载器的打乱方式，但做到可复现、分毫不差）：
    - 整个调用自始至终只用一个随机数生成器：rng = np.random.default_rng(seed)；
    - 每一轮依次用 rng.permutation(n) 抽取一个新的样本顺序；
    - 一轮中的各个批次是这个顺序中连续的切片，每片 batch_size 个索引；batch_size 不能整除 n 时，
      这一轮的最后一个批次较短（什么都不丢弃，与
      torch.utils.data.DataLoader(..., shuffle=True, drop_last=False) 相同）；batch_size ≥ n 时，
      这一轮就是包含全部 n 个样本的一个批次。

    参数：
        n：样本个数，≥ 1。
        batch_size：≥ 1。
        seed：整数种子。
        epochs：遍历数据的轮数，≥ 1。

    返回：
        由一维整数 numpy 数组组成的列表，一轮接一轮，每一轮的批次按顺序排列。
    """
    # TODO: 按上面的约定，列出每一轮中由打乱后的索引组成的各个批次
    raise NotImplementedError("minibatch_indices is not implemented yet")


def train(x, y, w, b, lr, batches, reduction="mean"):
    """用小批量 SGD 把 ŷ = w·x + b 拟合到 (x, y) 上：每个批次走一步，按给定的顺序。

    与下面这个 torch 循环逐步一致：把 w 和 b 存为 requires_grad=True 的张量，使用
    torch.optim.SGD([w, b], lr=lr) 和 torch.nn.MSELoss(reduction=reduction)，对每个批次 idx
    依次调用 zero_grad()、计算 (x[idx], y[idx]) 上的损失，然后 backward() 和 step()。

    参数：
        x, y：形状为 (N,) 的一维浮点数组。不会被修改。
        w, b：参数的初始值，都是数。
        lr：学习率，一个正数。
        batches：每一步的索引数组，按顺序排列：可以是一维整数数组的列表（例如来自
            minibatch_indices），也可以是每行一个批次的二维整数数组。不会被修改。
        reduction："mean" 或 "sum"，含义与 linear_mse_grads 相同。

    返回：
        字典 {"w": 数, "b": 数, "losses": 一维 numpy 数组}：最终的参数，以及每一步在该步更新
        之前的参数下该批次的损失（即 torch 循环中 loss.item() 的值）。发散的训练也照样返回
        已经算出的结果。
    """
    # TODO: 对每个批次，记下它的损失，并对 (w, b) 走一步 SGD；返回结果
    raise NotImplementedError("train is not implemented yet")


def largest_stable_lr(x, reduction="mean"):
    """使 ŷ = w·x + b 上的全批量梯度下降收敛的最大学习率。

    全批量梯度下降就是不断重复 sgd_step 的更新，所用的梯度是 linear_mse_grads(w, b, x, y,
    reduction) 在全部 x 上的梯度。返回临界值 lr*：学习率低于它时，无论从哪个 (w, b) 出发、
    无论目标值 y 是什么，迭代都收敛；高于它时，几乎从任何起点出发都会发散。答案只取决于 x 和
    reduction。

    参数：
        x：形状为 (N,) 的一维浮点数组，N ≥ 2，且各值不全相等。不会被修改。
        reduction："mean" 或 "sum"，含义与 linear_mse_grads 相同。

    返回：
        lr*，一个正的标量。
    """
    # TODO: 计算在这个损失上做全批量梯度下降的临界学习率 lr*
    raise NotImplementedError("largest_stable_lr is not implemented yet")
