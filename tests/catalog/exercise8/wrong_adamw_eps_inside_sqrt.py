# catalog: wrong
# expect-fail: adam_vs_adamw_decay
# expect-mistake: adam.eps_inside_sqrt
# why: Adam is right, but AdamW, written as code of its own, divides by sqrt(v_hat + eps): torch adds eps outside the root (it shows only with small gradients or a large eps)

"""Exercise 8 — optimisers: SGD with momentum and Nesterov, RMSprop, Adam and AdamW.

Gradient descent moves every parameter a step against its gradient. The optimisers here change
how that step is taken: momentum remembers where the previous steps went, RMSprop scales each
coordinate by the size of its recent gradients, Adam does both, and weight decay pulls the
parameters towards zero, in two different ways in Adam and AdamW. `learn show exercise8` derives
each of them; `learn hint exercise8 Adam.step` helps when stuck.

Write the step() method of each class so that it does what the torch.optim class of the same
name does, with the same option names, defaults and conventions. The contract, shared by all four:

- An optimiser is built on `params`, a list of numpy float arrays of any shapes (0-d included).
  It keeps these very arrays, not copies: step() changes them IN PLACE, so the caller sees its
  own arrays change, as a model's parameters change after torch's optimizer.step().
- `step(grads)` takes a list of gradient arrays, grads[i] the gradient of the loss with respect
  to params[i] (same shape), for this step only. It updates every parameter once and leaves the
  gradient arrays as they were (torch never changes a parameter's .grad either); what it returns
  is not used.
  Every parameter has a gradient at every step (torch would skip a parameter whose .grad is None).
- What an optimiser remembers between steps it remembers for each parameter on its own: the
  given `self.state` holds one dict per parameter, empty until the first step (torch's
  optimizer.state[p]).

The checks run fifty steps on gradients drawn from a seed and compare every parameter after
every step with torch.optim's; `learn check exercise8` says at which step yours first differs.
"""

import numpy as np


class Optimizer:
    """What the optimisers below share, like torch.optim.Optimizer (given: nothing to write here).

    Attributes:
        params: the caller's parameter arrays, in the caller's order (the same objects).
        state: one dict per parameter, params[i]'s in state[i], empty until the first step.
    """

    def __init__(self, params):
        self.params = list(params)
        self.state = [{} for _ in self.params]


class SGD(Optimizer):
    """Stochastic gradient descent, optionally with momentum, like torch.optim.SGD.

    Args:
        params: a list of numpy float arrays, updated in place by step().
        lr: the learning rate (torch's default, 0.001).
        momentum: the momentum factor; 0 is plain gradient descent. With momentum > 0 each
            parameter keeps a momentum buffer, built exactly as torch builds it, its first step
            included.
        dampening: torch's dampening of the momentum buffer: how much of each new gradient
            it leaves out; torch does not apply it on the buffer's first step.
        weight_decay: L2 regularisation: the step is the one for the loss plus
            weight_decay / 2 · ‖p‖², as torch's weight_decay option makes it.
        nesterov: Nesterov momentum, in torch's form (which uses the gradient at the current
            parameters). Needs momentum > 0 and dampening = 0 (torch raises ValueError
            otherwise; the checks never ask for that combination).
    """

    def __init__(self, params, lr=0.001, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params)
        self.lr = lr
        self.momentum = momentum
        self.dampening = dampening
        self.weight_decay = weight_decay
        self.nesterov = nesterov

    def step(self, grads):
        """One step of every parameter, in place, from this step's gradients (see the module's contract)."""
        # TODO: update every parameter in place as torch.optim.SGD does, with each one's momentum buffer
        for p, g, state in zip(self.params, grads, self.state):
            # L2 decay is the gradient of weight_decay/2·‖p‖², added to the loss's gradient, so it
            # also enters the momentum buffer. The sum is a new array: grads[i] stays untouched.
            d_p = g + self.weight_decay * p
            if self.momentum != 0:
                if "momentum_buffer" not in state:
                    # torch starts the buffer at the first gradient itself: not at 0 (which would
                    # scale the first step by 1 − dampening), and a copy, never the caller's array.
                    state["momentum_buffer"] = np.array(d_p, dtype=np.float64)
                else:
                    buf = state["momentum_buffer"]
                    buf *= self.momentum
                    buf += (1 - self.dampening) * d_p
                buf = state["momentum_buffer"]
                # Nesterov looks ahead: it adds the gradient to the buffer's next contribution,
                # momentum·buf, instead of stepping along the buffer alone.
                d_p = d_p + self.momentum * buf if self.nesterov else buf
            # -= writes into the caller's array; p = p - ... would only rebind the loop variable.
            p -= self.lr * d_p


class RMSprop(Optimizer):
    """RMSprop, like torch.optim.RMSprop without momentum and not centred (its defaults).

    Args:
        params: a list of numpy float arrays, updated in place by step().
        lr: the learning rate (torch's default, 0.01).
        alpha: the smoothing constant of the running average of squared gradients, which starts
            at zero as torch's does.
        eps: added to the denominator for numerical stability, where torch adds it (outside the
            square root); with it a gradient that has been zero so far moves nothing, without NaN.
        weight_decay: L2 regularisation, as in SGD.
    """

    def __init__(self, params, lr=0.01, alpha=0.99, eps=1e-8, weight_decay=0.0):
        super().__init__(params)
        self.lr = lr
        self.alpha = alpha
        self.eps = eps
        self.weight_decay = weight_decay

    def step(self, grads):
        """One step of every parameter, in place, from this step's gradients (see the module's contract)."""
        # TODO: update every parameter in place as torch.optim.RMSprop does, with each one's running average
        for p, g, state in zip(self.params, grads, self.state):
            g = g + self.weight_decay * p
            if "square_avg" not in state:
                state["square_avg"] = np.zeros(np.shape(p))
            square_avg = state["square_avg"]
            # An exponential moving average of g², coordinate by coordinate: the typical squared
            # size of each coordinate's recent gradients.
            square_avg *= self.alpha
            square_avg += (1 - self.alpha) * g * g
            # Dividing by its square root (the RMS) gives every coordinate a step of about lr,
            # whatever the scale of its gradients; eps keeps 0/0 out when a coordinate's
            # gradients have all been 0.
            p -= self.lr * g / (np.sqrt(square_avg) + self.eps)


class Adam(Optimizer):
    """Adam, like torch.optim.Adam (not amsgrad).

    Args:
        params: a list of numpy float arrays, updated in place by step().
        lr: the learning rate (torch's default, 0.001).
        betas: (beta1, beta2), the decay rates of the running averages of the gradients and of
            the squared gradients; both averages start at zero and are bias-corrected as torch
            corrects them.
        eps: added to the denominator for numerical stability, where torch adds it: outside the
            square root, after the bias correction.
        weight_decay: L2 regularisation as in SGD: it acts through the gradient, so through both
            running averages (the decoupled kind is AdamW's).
    """

    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
        super().__init__(params)
        self.lr = lr
        self.betas = betas
        self.eps = eps
        self.weight_decay = weight_decay

    def step(self, grads):
        """One step of every parameter, in place, from this step's gradients (see the module's contract)."""
        # TODO: update every parameter in place as torch.optim.Adam does, with each one's step count and moments
        beta1, beta2 = self.betas
        for p, g, state in zip(self.params, grads, self.state):
            if not state:
                state["step"] = 0
                state["exp_avg"] = np.zeros(np.shape(p))
                state["exp_avg_sq"] = np.zeros(np.shape(p))
            # t counts this parameter's steps from 1: after t steps an average started at 0 has
            # given (1 − betaᵗ) of its weight to the gradients and betaᵗ to that 0.
            state["step"] += 1
            t = state["step"]
            g = g + self.weight_decay * p
            m, v = state["exp_avg"], state["exp_avg_sq"]
            m *= beta1
            m += (1 - beta1) * g
            v *= beta2
            v += (1 - beta2) * g * g
            # Dividing by 1 − betaᵗ removes the pull towards the initial 0 (the bias correction),
            # so the first step is about lr·sign(g) instead of tiny or huge.
            m_hat = m / (1 - beta1**t)
            v_hat = v / (1 - beta2**t)
            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


class AdamW(Optimizer):
    """Adam with decoupled weight decay, like torch.optim.AdamW (not amsgrad).

    Args:
        params, lr, betas, eps: as in Adam.
        weight_decay: decoupled weight decay (torch's default for AdamW, 0.01): at each step the
            parameters shrink towards zero in proportion to lr · weight_decay, applied to the
            parameters as they were before the step and kept out of the running averages.
    """

    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01):
        super().__init__(params)
        self.lr = lr
        self.betas = betas
        self.eps = eps
        self.weight_decay = weight_decay

    def step(self, grads):
        """One step of every parameter, in place, from this step's gradients (see the module's contract)."""
        # TODO: update every parameter in place as torch.optim.AdamW does: Adam's step, its decay decoupled
        beta1, beta2 = self.betas
        for p, g, state in zip(self.params, grads, self.state):
            if not state:
                state["step"] = 0
                state["exp_avg"] = np.zeros(np.shape(p))
                state["exp_avg_sq"] = np.zeros(np.shape(p))
            state["step"] += 1
            t = state["step"]
            # The decay shrinks the parameter itself, by lr·weight_decay, before the Adam step;
            # it never enters m or v, so Adam's per-coordinate scaling cannot undo it.
            p *= 1 - self.lr * self.weight_decay
            m, v = state["exp_avg"], state["exp_avg_sq"]
            m *= beta1
            m += (1 - beta1) * g
            v *= beta2
            v += (1 - beta2) * g * g
            m_hat = m / (1 - beta1**t)
            v_hat = v / (1 - beta2**t)
            p -= self.lr * m_hat / np.sqrt(v_hat + self.eps)
