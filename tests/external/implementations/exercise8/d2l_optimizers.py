# external: the optimisers of d2l's "Optimization Algorithms" chapter, from scratch.
# source: d2l.ai sgd_momentum (v[:] = momentum * v + p.grad; p[:] -= lr * v), rmsprop
#   (s[:] = gamma * s + (1 - gamma) * torch.square(p.grad); p[:] -= lr * p.grad / torch.sqrt(s + eps),
#   eps = 1e-6 in the chapter), adam (v[:] = beta1 * v + (1 - beta1) * p.grad; s[:] = beta2 * s +
#   (1 - beta2) * square(p.grad); v_bias_corr = v / (1 - beta1 ** t); s_bias_corr = s / (1 - beta2 ** t);
#   p[:] -= lr * v_bias_corr / (sqrt(s_bias_corr) + eps); one hyperparams['t'] for all parameters,
#   incremented after every parameter is updated); weight decay as the L2 penalty of the "Weight
#   Decay" section (its gradient wd·w added to the loss's).
# idea: momentum as a sum of gradients (torch's buffer); one state per parameter.
# differs: the API's eps replaces the chapter's constants; the states live in self.state; d2l has no
#   dampening, no Nesterov and no AdamW (absent here).
# expect: SGD.step wrong (dampening and nesterov ignored; plain momentum and L2 are torch's); RMSprop.step
#   wrong (eps inside the square root); Adam.step right (one step counter shared by all parameters,
#   counted from 1 at the first step, as torch's per-parameter counters are).

import numpy as np


class Optimizer:
    def __init__(self, params):
        self.params = list(params)
        self.state = [{} for _ in self.params]


class SGD(Optimizer):
    def __init__(self, params, lr=0.001, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params)
        self.lr, self.momentum, self.dampening = lr, momentum, dampening
        self.weight_decay, self.nesterov = weight_decay, nesterov

    def step(self, grads):
        for p, grad, state in zip(self.params, grads, self.state):
            grad = grad + self.weight_decay * p
            v = state.setdefault("v", np.zeros_like(p))
            v[:] = self.momentum * v + grad
            p[...] -= self.lr * v


class RMSprop(Optimizer):
    def __init__(self, params, lr=0.01, alpha=0.99, eps=1e-8, weight_decay=0.0):
        super().__init__(params)
        self.lr, self.alpha, self.eps, self.weight_decay = lr, alpha, eps, weight_decay

    def step(self, grads):
        gamma = self.alpha
        for p, grad, state in zip(self.params, grads, self.state):
            grad = grad + self.weight_decay * p
            s = state.setdefault("s", np.zeros_like(p))
            s[...] = gamma * s + (1 - gamma) * np.square(grad)
            p[...] -= self.lr * grad / np.sqrt(s + self.eps)


class Adam(Optimizer):
    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
        super().__init__(params)
        self.lr, self.betas, self.eps, self.weight_decay = lr, betas, eps, weight_decay
        self.hyperparams = {"t": 1}

    def step(self, grads):
        beta1, beta2 = self.betas
        t = self.hyperparams["t"]
        for p, grad, state in zip(self.params, grads, self.state):
            grad = grad + self.weight_decay * p
            v = state.setdefault("v", np.zeros_like(p))
            s = state.setdefault("s", np.zeros_like(p))
            v[...] = beta1 * v + (1 - beta1) * grad
            s[...] = beta2 * s + (1 - beta2) * np.square(grad)
            v_bias_corr = v / (1 - beta1 ** t)
            s_bias_corr = s / (1 - beta2 ** t)
            p[...] -= self.lr * v_bias_corr / (np.sqrt(s_bias_corr) + self.eps)
        self.hyperparams["t"] += 1
