"""练习 10 — 梯度消失与梯度爆炸。

在深层网络中做反向传播，每经过一层，都要乘以这一层的权重和它的激活函数的导数。这个连乘积是
越来越小、保持不变还是越来越大，决定了前面几层到底能不能学到东西。你将用自己的代码，在
torch 所构造的网络上把它测量出来：

- `init_std`：在三种常用的初始化方案下，torch 把一层的初始权重撒得多开；
- `init_params`：按这些分布抽取出一整个深层网络的权重和偏置；
- `layer_gradient_norms`：损失对每一层权重的梯度有多大，从输入层一直到输出层，
  可以选择加上残差（跳跃）连接。

三者合起来，一次调用就能画出一个网络逐层的情况：

    layer_gradient_norms(init_params(sizes, "he", "relu", seed=0), X, y, "relu")

每个答案都请自己推导：`learn show exercise10` 讲解了其中的思路（梯度为什么是连乘的，
Xavier 和 He 的公式从何而来）；卡住时，`learn hint exercise10` 会给你提示。
用 `learn check exercise10` 检查你的答案。
"""

import math

import numpy as np


def init_std(fan_in, fan_out, scheme, nonlinearity):
    """torch 为一层抽取的初始权重的标准差。

    这一层是 torch.nn.Linear(fan_in, fan_out)：它的权重形状为 (fan_out, fan_in)。

    - scheme "default"：nn.Linear(fan_in, fan_out) 自己的做法（它的 reset_parameters：
      a=math.sqrt(5) 的 nn.init.kaiming_uniform_）。它不知道后面接的是哪种非线性函数，
      所以忽略 `nonlinearity`。
    - scheme "xavier"：gain=nn.init.calculate_gain(nonlinearity) 的 nn.init.xavier_uniform_。
    - scheme "he"：mode="fan_in"、使用给定非线性函数的 nn.init.kaiming_normal_。

    calculate_gain 对 "linear" 和 "sigmoid" 是 1，对 "tanh" 是 5/3（一个经验值）；对 "relu"，
    它的取值恰好使 He 初始化让 ReLU 层的信号方差逐层保持不变：请推导出来。

    无论是哪种分布（均匀分布或正态分布），都返回它的标准差，而不是边界。

    参数：
        fan_in：这一层的输入个数（int ≥ 1）。
        fan_out：这一层的输出个数（int ≥ 1）。
        scheme："default"、"xavier" 或 "he"。
        nonlinearity："linear"、"sigmoid"、"tanh" 或 "relu"。

    返回：
        一个正的浮点数。
    """
    # TODO: torch 的 `scheme` 为这一层抽取权重时所用分布的标准差
    raise NotImplementedError("init_std is not implemented yet")


def init_params(layer_sizes, scheme, nonlinearity, seed=0):
    """深层网络的权重和偏置，按 torch 的 `scheme` 方案初始化。

    layer_sizes = [n_0, n_1, ..., n_L] 描述 L 个线性层；第 l 层（1 ≤ l ≤ L）把 n_(l−1) 个输入
    映射为 n_l 个输出，排布方式与 torch.nn.Linear(n_(l−1), n_l) 相同。

    - "default"：W_l 按 nn.Linear 的方式抽取，b_l 像 nn.Linear 抽取偏置那样取自
      U(−1/√n_(l−1), 1/√n_(l−1))；
    - "xavier"：W_l 按 nn.init.xavier_uniform_（取 `nonlinearity` 的 gain）的方式抽取；b_l = 0；
    - "he"：W_l 按 nn.init.kaiming_normal_（mode 为 "fan_in"，`nonlinearity`）的方式抽取；b_l = 0。

    numpy 无法复现 torch 的随机数，所以改由评分程序复现你的随机数：请用
    rng = np.random.default_rng(seed) 按以下顺序做且只做这些抽取：对 l = 1, ..., L，先抽 W_l，
    均匀分布的方案用 rng.uniform(low, high, size=(n_l, n_(l−1)))，正态分布的方案用
    rng.normal(0.0, std, size=(n_l, n_(l−1)))；然后只对 "default" 用
    rng.uniform(low, high, size=n_l) 抽 b_l。为零的偏置不需要抽取。

    参数：
        layer_sizes：由 L + 1 个正整数组成的列表。
        scheme："default"、"xavier" 或 "he"。
        nonlinearity："linear"、"sigmoid"、"tanh" 或 "relu"（"default" 忽略它）。
        seed：随机数生成器的种子。

    返回：
        包含 "W1"、"b1"、...、"WL"、"bL" 的字典：W_l 的形状为 (n_l, n_(l−1))，b_l 的形状为
        (n_l,)，都是浮点数组。
    """
    # TODO: 按上面规定的顺序，抽取每一层的权重（以及 default 方案的偏置）
    raise NotImplementedError("init_params is not implemented yet")


def layer_gradient_norms(params, X, y, activation, residual=False):
    """损失对每一层权重的梯度的大小，从输入层开始排列。

    网络有 L 个线性层（L 等于 params 中 "W" 开头的键的个数），排布方式与 torch.nn.Linear 相同
    （W_l 的形状为 (n_l, n_(l−1))，b_l 的形状为 (n_l,)）。从 h_0 = X 开始：

    - 第 l 层（l < L）计算 z_l = linear(h_(l−1), W_l, b_l)（torch.nn.functional.linear）和
      h_l = activation(z_l)，其中 activation 是 torch.sigmoid、torch.tanh 或 torch.relu；
    - residual=True 时，隐藏层之间的第 2 ≤ l ≤ L − 1 层还要加上自己的输入：
      h_l = h_(l−1) + activation(z_l)（这些层的宽度都相等）；第 1 层和第 L 层没有跳跃连接；
    - 输出层是线性的，没有激活函数：y_hat = linear(h_(L−1), W_L, b_L)；
    - 损失是 torch.nn.functional.mse_loss(y_hat, y)（reduction 为 "mean"）。

    结果的第 l − 1 个元素是 ∂loss/∂W_l 的 Frobenius 范数：即在 torch 中执行 loss.backward()
    之后的 torch.linalg.norm(W_l.grad)。

    参数：
        params：包含 "W1"、"b1"、...、"WL"、"bL"（L ≥ 2）的字典，值都是浮点数组。
        X：输入，形状为 (N, n_0)。
        y：目标值，形状为 (N, n_L)。
        activation：隐藏层的激活函数，"sigmoid"、"tanh" 或 "relu"。
        residual：第 2 … L − 1 层是否有跳跃连接。

    返回：
        形状为 (L,) 的浮点数组：依次是第 1、...、L 层的范数。
    """
    # TODO: 让网络做前向传播，把损失反向传播回去，并测量每一层权重梯度的大小
    raise NotImplementedError("layer_gradient_norms is not implemented yet")
