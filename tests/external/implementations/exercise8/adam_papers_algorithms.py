# external: Adam as its paper states the efficient form, and AdamW as its paper's Algorithm 2.
# source: Kingma & Ba, "Adam: A Method for Stochastic Optimization" (ICLR 2015), end of section 2:
#   "the efficiency of algorithm 1 can be improved by changing the order of computation":
#   α_t = α·√(1 − β2^t)/(1 − β1^t), θ_t ← θ_{t−1} − α_t·m_t/(√v_t + ε̂); Loshchilov & Hutter,
#   "Decoupled Weight Decay Regularization" (ICLR 2019), Algorithm 2 (AdamW): θ_t ← θ_{t−1} −
#   η_t·(α·m̂_t/(√v̂_t + ε) + λ·θ_{t−1}), η_t the schedule multiplier (1 here).
# idea: Adam's bias corrections folded into the step size; AdamW's decay kept out of the moments.
# differs: ε̂ is the API's eps; η_t = 1 (no schedule); λ is the API's weight_decay; Adam's L2 weight
#   decay (not in the paper) is added to the gradient as torch does. Only Adam and AdamW.
# expect: Adam.step wrong by the contract: ε̂ is added before the bias correction of v (torch adds eps
#   after it; the two differ where √v̂ is not much larger than eps); AdamW.step wrong: the decay is
#   λ·θ, not lr·λ·θ (the paper's schedule multiplier is not the learning rate).

import numpy as np


class Optimizer:
    def __init__(self, params):
        self.params = list(params)
        self.state = [{} for _ in self.params]


def _moments(state, g, beta1, beta2):
    if not state:
        state.update(t=0, m=np.zeros_like(g), v=np.zeros_like(g))
    state["t"] += 1
    state["m"] = beta1 * state["m"] + (1 - beta1) * g
    state["v"] = beta2 * state["v"] + (1 - beta2) * g * g
    return state["t"], state["m"], state["v"]


class Adam(Optimizer):
    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
        super().__init__(params)
        self.lr, self.betas, self.eps, self.weight_decay = lr, betas, eps, weight_decay

    def step(self, grads):
        beta1, beta2 = self.betas
        for theta, g, state in zip(self.params, grads, self.state):
            t, m, v = _moments(state, g + self.weight_decay * theta, beta1, beta2)
            alpha_t = self.lr * np.sqrt(1 - beta2 ** t) / (1 - beta1 ** t)
            theta -= alpha_t * m / (np.sqrt(v) + self.eps)


class AdamW(Optimizer):
    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01):
        super().__init__(params)
        self.lr, self.betas, self.eps, self.weight_decay = lr, betas, eps, weight_decay

    def step(self, grads):
        beta1, beta2 = self.betas
        eta = 1.0
        for theta, g, state in zip(self.params, grads, self.state):
            t, m, v = _moments(state, g, beta1, beta2)
            m_hat, v_hat = m / (1 - beta1 ** t), v / (1 - beta2 ** t)
            theta -= eta * (self.lr * m_hat / (np.sqrt(v_hat) + self.eps) + self.weight_decay * theta)
