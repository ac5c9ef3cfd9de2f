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
        raise NotImplementedError("SGD.step is not implemented yet")


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
        raise NotImplementedError("RMSprop.step is not implemented yet")


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
        raise NotImplementedError("Adam.step is not implemented yet")


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
        raise NotImplementedError("AdamW.step is not implemented yet")
