# external: the update steps of Keras 3's optimizers (keras/src/optimizers/*.py).
# source: keras SGD.update_step (m = momentum * m - lr * g; variable += m, or with nesterov
#   variable += momentum * m - lr * g); RMSprop.update_step (velocity = rho * velocity + (1 - rho) * g²;
#   variable -= lr * g / sqrt(velocity + epsilon)); Adam.update_step (alpha = lr * sqrt(1 - beta_2^t) /
#   (1 - beta_1^t); m += (g - m)(1 - beta_1); v += (g² - v)(1 - beta_2); variable -= alpha * m /
#   (sqrt(v) + epsilon)); BaseOptimizer._apply_weight_decay, for every optimizer: variable -=
#   variable * weight_decay * lr, before the update step. AdamW is Adam with weight_decay set.
# idea: velocity-form momentum; weight decay is always decoupled.
# differs: the API's option names (rho = alpha, epsilon = eps); Keras's per-variable slots are
#   self.state[i]; the iteration count is per parameter. Keras has no dampening: it is ignored.
# expect: SGD.step wrong (dampening ignored; weight_decay decoupled, not L2 through the momentum);
#   RMSprop.step wrong (epsilon inside the square root); Adam.step wrong (weight_decay decoupled, and
#   epsilon before the bias correction); AdamW.step wrong (epsilon before the bias correction:
#   visible where √v̂ is comparable to eps).

import numpy as np


class Optimizer:
    def __init__(self, params):
        self.params = list(params)
        self.state = [{} for _ in self.params]

    def step(self, grads):
        for variable, gradient, slots in zip(self.params, grads, self.state):
            if self.weight_decay:
                variable -= variable * self.weight_decay * self.lr
            self.update_step(gradient, variable, slots)


class SGD(Optimizer):
    def __init__(self, params, lr=0.001, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params)
        self.lr, self.momentum, self.dampening = lr, momentum, dampening
        self.weight_decay, self.nesterov = weight_decay, nesterov

    def update_step(self, gradient, variable, slots):
        if not self.momentum:
            variable -= self.lr * gradient
            return
        m = slots.setdefault("momentum", np.zeros_like(variable))
        m[...] = self.momentum * m - self.lr * gradient
        if self.nesterov:
            variable += self.momentum * m - self.lr * gradient
        else:
            variable += m


class RMSprop(Optimizer):
    def __init__(self, params, lr=0.01, alpha=0.99, eps=1e-8, weight_decay=0.0):
        super().__init__(params)
        self.lr, self.alpha, self.eps, self.weight_decay = lr, alpha, eps, weight_decay

    def update_step(self, gradient, variable, slots):
        velocity = slots.setdefault("velocity", np.zeros_like(variable))
        velocity[...] = self.alpha * velocity + (1 - self.alpha) * np.square(gradient)
        variable -= self.lr * gradient / np.sqrt(velocity + self.eps)


class Adam(Optimizer):
    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
        super().__init__(params)
        self.lr, self.betas, self.eps, self.weight_decay = lr, betas, eps, weight_decay

    def update_step(self, gradient, variable, slots):
        beta_1, beta_2 = self.betas
        m = slots.setdefault("m", np.zeros_like(variable))
        v = slots.setdefault("v", np.zeros_like(variable))
        slots["iterations"] = local_step = slots.get("iterations", 0) + 1
        alpha = self.lr * np.sqrt(1 - beta_2 ** local_step) / (1 - beta_1 ** local_step)
        m += (gradient - m) * (1 - beta_1)
        v += (np.square(gradient) - v) * (1 - beta_2)
        variable -= alpha * m / (np.sqrt(v) + self.eps)


class AdamW(Adam):
    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01):
        super().__init__(params, lr, betas, eps, weight_decay)
