# catalog: correct
# why: state in lists made in __init__, one step counter per optimiser (every step updates every
#      parameter), writes through p[...] =, and AdamW as Adam with a flag.

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
        self.buffers = [None] * len(self.params)

    def step(self, grads):
        for i in range(len(self.params)):
            p = self.params[i]
            d_p = grads[i] + self.weight_decay * p
            if self.momentum:
                if self.buffers[i] is None:
                    self.buffers[i] = np.copy(d_p)
                else:
                    self.buffers[i] = self.momentum * self.buffers[i] + (1.0 - self.dampening) * d_p
                d_p = d_p + self.momentum * self.buffers[i] if self.nesterov else self.buffers[i]
            p[...] = p - self.lr * d_p


class RMSprop(Optimizer):
    def __init__(self, params, lr=0.01, alpha=0.99, eps=1e-8, weight_decay=0.0):
        super().__init__(params)
        self.lr, self.alpha, self.eps, self.weight_decay = lr, alpha, eps, weight_decay
        self.square_avg = [np.zeros_like(p) for p in self.params]

    def step(self, grads):
        for i in range(len(self.params)):
            p = self.params[i]
            g = grads[i] + self.weight_decay * p
            self.square_avg[i] = self.alpha * self.square_avg[i] + (1.0 - self.alpha) * np.square(g)
            p[...] = p - self.lr * g / (np.sqrt(self.square_avg[i]) + self.eps)


class Adam(Optimizer):
    decoupled = False

    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
        super().__init__(params)
        self.lr, self.betas, self.eps, self.weight_decay = lr, betas, eps, weight_decay
        self.m = [np.zeros_like(p) for p in self.params]
        self.v = [np.zeros_like(p) for p in self.params]
        self.t = 0

    def step(self, grads):
        beta1, beta2 = self.betas
        self.t += 1
        correction1, correction2 = 1 - beta1**self.t, 1 - beta2**self.t
        for i in range(len(self.params)):
            p, g = self.params[i], grads[i]
            if self.decoupled:
                p[...] = p * (1 - self.lr * self.weight_decay)
            else:
                g = g + self.weight_decay * p
            self.m[i] = beta1 * self.m[i] + (1 - beta1) * g
            self.v[i] = beta2 * self.v[i] + (1 - beta2) * g**2
            step_size = self.lr / correction1
            denominator = np.sqrt(self.v[i]) / np.sqrt(correction2) + self.eps
            p[...] = p - step_size * self.m[i] / denominator


class AdamW(Adam):
    decoupled = True

    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01):
        super().__init__(params, lr, betas, eps, weight_decay)

    def step(self, grads):
        super().step(grads)
