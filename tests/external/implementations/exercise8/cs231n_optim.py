# external: CS231n's update rules (assignment 2, cs231n/optim.py), one config dict per parameter.
# source: cs231n optim.py: sgd_momentum (v = momentum * v - learning_rate * dw; next_w = w + v),
#   rmsprop (cache = decay_rate * cache + (1 - decay_rate) * dw**2;
#   next_w = w - learning_rate * dw / (np.sqrt(cache) + epsilon)), adam (t += 1 first;
#   m = beta1*m + (1-beta1)*dw; mt = m / (1 - beta1**t); v = beta2*v + (1-beta2)*dw**2;
#   vt = v / (1 - beta2**t); next_w = w - learning_rate * mt / (np.sqrt(vt) + epsilon)); the Solver keeps
#   a separate config per parameter. Weight decay is the models' L2 term: reg * W added to dW.
# idea: the update rules as pure functions (w, dw, config) -> (next_w, config).
# differs: each class keeps the per-parameter config in self.state[i] and writes next_w into the
#   caller's array (w[...] = next_w); the API's weight_decay is CS231n's reg, added to the gradient.
#   optim.py has no dampening, no Nesterov and no AdamW: SGD ignores the first two, AdamW is absent.
# expect: SGD.step wrong (dampening and nesterov ignored; momentum, velocity form, is right); RMSprop.step
#   and Adam.step right (eps outside the root, Adam's t counted before use, as torch).

import numpy as np


def sgd_momentum(w, dw, config):
    v = config.get("velocity", np.zeros_like(w))
    v = config["momentum"] * v - config["learning_rate"] * dw
    next_w = w + v
    config["velocity"] = v
    return next_w, config


def rmsprop(w, dw, config):
    config["cache"] = config["decay_rate"] * config["cache"] + (1 - config["decay_rate"]) * dw ** 2
    next_w = w - config["learning_rate"] * dw / (np.sqrt(config["cache"]) + config["epsilon"])
    return next_w, config


def adam(w, dw, config):
    config["t"] += 1
    config["m"] = config["beta1"] * config["m"] + (1 - config["beta1"]) * dw
    mt = config["m"] / (1 - config["beta1"] ** config["t"])
    config["v"] = config["beta2"] * config["v"] + (1 - config["beta2"]) * dw ** 2
    vt = config["v"] / (1 - config["beta2"] ** config["t"])
    next_w = w - config["learning_rate"] * mt / (np.sqrt(vt) + config["epsilon"])
    return next_w, config


class Optimizer:
    def __init__(self, params):
        self.params = list(params)
        self.state = [{} for _ in self.params]

    def _update(self, rule, grads, defaults):
        for i, (w, dw) in enumerate(zip(self.params, grads)):
            if not self.state[i]:
                self.state[i].update(defaults(w))
            dw = dw + self.weight_decay * w  # the models' reg * W
            next_w, _ = rule(w, dw, self.state[i])
            w[...] = next_w


class SGD(Optimizer):
    def __init__(self, params, lr=0.001, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params)
        self.lr, self.momentum, self.dampening = lr, momentum, dampening
        self.weight_decay, self.nesterov = weight_decay, nesterov

    def step(self, grads):
        self._update(sgd_momentum, grads, lambda w: {"learning_rate": self.lr, "momentum": self.momentum})


class RMSprop(Optimizer):
    def __init__(self, params, lr=0.01, alpha=0.99, eps=1e-8, weight_decay=0.0):
        super().__init__(params)
        self.lr, self.alpha, self.eps, self.weight_decay = lr, alpha, eps, weight_decay

    def step(self, grads):
        self._update(rmsprop, grads, lambda w: {"learning_rate": self.lr, "decay_rate": self.alpha,
                                                "epsilon": self.eps, "cache": np.zeros_like(w)})


class Adam(Optimizer):
    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
        super().__init__(params)
        self.lr, self.betas, self.eps, self.weight_decay = lr, betas, eps, weight_decay

    def step(self, grads):
        self._update(adam, grads, lambda w: {"learning_rate": self.lr, "beta1": self.betas[0],
                                             "beta2": self.betas[1], "epsilon": self.eps,
                                             "m": np.zeros_like(w), "v": np.zeros_like(w), "t": 0})
