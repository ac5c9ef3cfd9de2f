# catalog: wrong
# expect-fail: sgd_momentum, sgd_dampening, sgd_nesterov, state_per_parameter, in_place_any_shape
# expect-mistake: optim.shared_state
# why: one velocity for all parameters: it mixes their gradients (and cannot even broadcast across shapes).

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
        if not hasattr(self, "velocity"):
            self.velocity = 0.0
        for p, g in zip(self.params, grads):
            d_p = g + self.weight_decay * p
            if self.momentum != 0:
                self.velocity = self.momentum * self.velocity + (1 - self.dampening) * d_p
                d_p = d_p + self.momentum * self.velocity if self.nesterov else self.velocity
            p -= self.lr * d_p


class RMSprop(Optimizer):
    def __init__(self, params, lr=0.01, alpha=0.99, eps=1e-8, weight_decay=0.0):
        super().__init__(params)
        self.lr, self.alpha, self.eps, self.weight_decay = lr, alpha, eps, weight_decay

    def step(self, grads):
        for p, g, state in zip(self.params, grads, self.state):
            g = g + self.weight_decay * p
            v = self.alpha * state.get("v", 0.0) + (1 - self.alpha) * g * g
            state["v"] = v
            p -= self.lr * g / (np.sqrt(v) + self.eps)


class Adam(Optimizer):
    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
        super().__init__(params)
        self.lr, self.betas, self.eps, self.weight_decay = lr, betas, eps, weight_decay

    def step(self, grads):
        b1, b2 = self.betas
        for p, g, state in zip(self.params, grads, self.state):
            state["t"] = state.get("t", 0) + 1
            t = state["t"]
            g = g + self.weight_decay * p
            state["m"] = b1 * state.get("m", 0.0) + (1 - b1) * g
            state["v"] = b2 * state.get("v", 0.0) + (1 - b2) * g * g
            m_hat = state["m"] / (1 - b1**t)
            v_hat = state["v"] / (1 - b2**t)
            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


class AdamW(Optimizer):
    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01):
        super().__init__(params)
        self.lr, self.betas, self.eps, self.weight_decay = lr, betas, eps, weight_decay

    def step(self, grads):
        b1, b2 = self.betas
        for p, g, state in zip(self.params, grads, self.state):
            state["t"] = state.get("t", 0) + 1
            t = state["t"]
            p -= self.lr * self.weight_decay * p
            state["m"] = b1 * state.get("m", 0.0) + (1 - b1) * g
            state["v"] = b2 * state.get("v", 0.0) + (1 - b2) * g * g
            m_hat = state["m"] / (1 - b1**t)
            v_hat = state["v"] / (1 - b2**t)
            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
