"""Exercise 6 — gradient descent from scratch.

Training is a loop: measure how wrong the model is, find which way is downhill, take a step,
repeat. Here the model is the straight line ŷ = w·x + b, fitted to data made like
y = 2x + 1 + noise, and every piece of the loop is yours, in numpy:

- `linear_mse_grads`: the loss of (w, b) on a batch and its gradient with respect to w and b;
- `sgd_step`: one step of plain stochastic gradient descent, in place, like torch.optim.SGD;
- `minibatch_indices`: which examples each step sees, epoch after epoch, from one seed;
- `train`: the whole loop, step for step like a torch training loop on the same batches;
- `largest_stable_lr`: the learning rate above which full-batch gradient descent blows up.

`learn show exercise6` has the lesson. Check your work with `learn check exercise6`.
"""

import numpy as np


def linear_mse_grads(w, b, x, y, reduction="mean"):
    """The squared-error loss of the line ŷ = w·x + b on (x, y), and its gradient w.r.t. w and b.

    The loss is torch.nn.MSELoss(reduction=reduction) applied to (w * x + b, y); the gradients
    are what loss.backward() leaves in w.grad and b.grad when w and b are tensors with
    requires_grad=True.

    Args:
        w, b: the parameters, numbers (Python floats, numpy scalars or 0-d arrays).
        x, y: 1-D float arrays of the same shape (N,), N ≥ 1. They are not modified.
        reduction: "mean" (the mean squared error, MSE) or "sum" (the sum of squared errors,
            SSE), as in torch.nn.MSELoss.

    Returns:
        A tuple (loss, dloss_dw, dloss_db) of three scalars.
    """
    # TODO: compute the loss of this batch and its partial derivatives with respect to w and b
    raise NotImplementedError("linear_mse_grads is not implemented yet")


def sgd_step(params, grads, lr):
    """One step of plain SGD on every parameter, in place, like torch.optim.SGD(params, lr).step()
    with its defaults (no momentum, dampening, weight decay or Nesterov).

    Args:
        params: an iterable of numpy float arrays of any shapes (0-d included), e.g. a list or a
            tuple. The ARRAYS are updated in place: whoever holds them sees the new values, as a
            model sees its parameters change after optimizer.step(). The container itself (the
            list or tuple) is not modified.
        grads: numpy arrays in the same order, grads[i] with the shape of params[i]. Not modified.
        lr: the learning rate, a positive number.

    Returns:
        None.
    """
    # TODO: move every parameter array, in place, by the SGD update for its gradient and lr
    raise NotImplementedError("sgd_step is not implemented yet")


def minibatch_indices(n, batch_size, seed, epochs):
    """The example indices of every mini-batch of every epoch, in the order training uses them.

    The contract (a data loader's shuffling, made reproducible and exact):
    - ONE generator for the whole call: rng = np.random.default_rng(seed);
    - each epoch, in order, draws a fresh order of the examples with rng.permutation(n);
    - an epoch's batches are consecutive slices of that order, batch_size indices each; when
      batch_size does not divide n, the epoch's last batch is shorter (nothing is dropped, like
      torch.utils.data.DataLoader(..., shuffle=True, drop_last=False)); if batch_size ≥ n, the
      epoch is one batch of all n examples.

    Args:
        n: the number of examples, ≥ 1.
        batch_size: ≥ 1.
        seed: an integer seed.
        epochs: the number of passes over the data, ≥ 1.

    Returns:
        A list of 1-D integer numpy arrays, epoch after epoch, every epoch's batches in order.
    """
    # TODO: list every epoch's batches of shuffled indices, as the contract above says
    raise NotImplementedError("minibatch_indices is not implemented yet")


def train(x, y, w, b, lr, batches, reduction="mean"):
    """Fit ŷ = w·x + b to (x, y) by mini-batch SGD: one step per batch, in the order given.

    Step for step the same as a torch loop that holds w and b as tensors with requires_grad=True,
    uses torch.optim.SGD([w, b], lr=lr) and torch.nn.MSELoss(reduction=reduction), and for each
    batch idx calls zero_grad(), computes the loss of (x[idx], y[idx]), then backward() and step().

    Args:
        x, y: 1-D float arrays of shape (N,). Not modified.
        w, b: the starting parameters, numbers.
        lr: the learning rate, a positive number.
        batches: the steps' index arrays, in order: a list of 1-D integer arrays (for example
            from minibatch_indices), or a 2-D integer array with one batch per row. Not modified.
        reduction: "mean" or "sum", as in linear_mse_grads.

    Returns:
        A dict {"w": number, "b": number, "losses": 1-D numpy array}: the final parameters, and
        for every step the loss of its batch at the parameters BEFORE that step's update (what
        loss.item() gives in the torch loop). A run that diverges returns what it computed.
    """
    # TODO: for each batch, record its loss and take one SGD step on (w, b); return the result
    raise NotImplementedError("train is not implemented yet")


def largest_stable_lr(x, reduction="mean"):
    """The largest learning rate for which FULL-BATCH gradient descent on ŷ = w·x + b converges.

    Full-batch gradient descent repeats the update of sgd_step with the gradient of
    linear_mse_grads(w, b, x, y, reduction) over all of x. Return the threshold lr*: for every
    learning rate below it, the iteration converges from any starting (w, b) and for any targets
    y; above it, it diverges from almost every start. The answer depends only on x and reduction.

    Args:
        x: a 1-D float array of shape (N,), N ≥ 2, not all values equal. Not modified.
        reduction: "mean" or "sum", as in linear_mse_grads.

    Returns:
        lr*, a positive scalar.
    """
    # TODO: compute the threshold learning rate lr* of full-batch gradient descent on this loss
    raise NotImplementedError("largest_stable_lr is not implemented yet")
