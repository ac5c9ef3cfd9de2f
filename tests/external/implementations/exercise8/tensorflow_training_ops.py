# external: TensorFlow's raw training kernels (tensorflow/core/kernels/training_ops.cc).
# source: ApplyMomentum (accum = accum * momentum + grad; var -= lr * accum, or with use_nesterov
#   var -= grad * lr + accum * momentum * lr); ApplyRMSProp (ms = ms + (grad² − ms)·(1 − rho);
#   mom = mom * momentum + lr * grad / sqrt(ms + epsilon); var -= mom; momentum 0 here); ApplyAdam
#   (lr_t = lr · sqrt(1 − beta2^t)/(1 − beta1^t); m += (grad − m)(1 − beta1); v += (grad² − v)(1 − beta2);
#   var -= lr_t · m / (sqrt(v) + epsilon)), beta powers kept per variable. TF's kernels have no weight
#   decay; the API's is added to the gradient (tf's L2 regularizer losses, gradient wd·w).
# idea: the fused kernels' arithmetic, in the order the kernels do it.
# differs: the API's names (rho = alpha, epsilon = eps); per-variable slots in self.state; no
#   dampening in ApplyMomentum (ignored); no AdamW kernel (absent here).
# expect: SGD.step wrong (dampening ignored; momentum and Nesterov are torch's); RMSprop.step wrong
#   (epsilon inside the square root); Adam.step wrong (epsilon before the bias correction).

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
        for var, grad, slots in zip(self.params, grads, self.state):
            grad = grad + self.weight_decay * var
            accum = slots.setdefault("accum", np.zeros_like(var))
            accum[...] = accum * self.momentum + grad
            if self.nesterov:
                var -= grad * self.lr + accum * self.momentum * self.lr
            else:
                var -= self.lr * accum


class RMSprop(Optimizer):
    def __init__(self, params, lr=0.01, alpha=0.99, eps=1e-8, weight_decay=0.0):
        super().__init__(params)
        self.lr, self.alpha, self.eps, self.weight_decay = lr, alpha, eps, weight_decay

    def step(self, grads):
        for var, grad, slots in zip(self.params, grads, self.state):
            grad = grad + self.weight_decay * var
            ms = slots.setdefault("ms", np.zeros_like(var))
            ms += (np.square(grad) - ms) * (1 - self.alpha)
            var -= self.lr * grad / np.sqrt(ms + self.eps)


class Adam(Optimizer):
    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
        super().__init__(params)
        self.lr, self.betas, self.eps, self.weight_decay = lr, betas, eps, weight_decay

    def step(self, grads):
        beta1, beta2 = self.betas
        for var, grad, slots in zip(self.params, grads, self.state):
            grad = grad + self.weight_decay * var
            if not slots:
                slots.update(m=np.zeros_like(var), v=np.zeros_like(var), beta1_power=1.0, beta2_power=1.0)
            slots["beta1_power"] *= beta1
            slots["beta2_power"] *= beta2
            lr_t = self.lr * np.sqrt(1 - slots["beta2_power"]) / (1 - slots["beta1_power"])
            slots["m"] += (grad - slots["m"]) * (1 - beta1)
            slots["v"] += (np.square(grad) - slots["v"]) * (1 - beta2)
            var -= lr_t * slots["m"] / (np.sqrt(slots["v"]) + self.eps)
