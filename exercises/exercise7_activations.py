"""Exercise 7 — activation functions and their derivatives.

A layer computes a pre-activation z = x @ W + b and then applies an activation function f to every
entry of z on its own. Without f, any stack of layers is one linear map. In the backward pass the
gradient reaching z is the gradient reaching f(z) times f'(z), entry by entry: where f'(z) is 0,
or nearly, nothing below the layer learns.

For each activation write its value f(z) and its derivative f_grad(z) = df/dz at every entry:
the gradient torch.autograd gives for f(z).sum() with respect to z. Derive each derivative
yourself: `learn show exercise7` explains the ideas, `learn hint exercise7` helps when stuck.

Every function takes z, a float array of any shape (a 0-d array, (N,), (N, C), ...), and returns
a float array of z's shape (numbers, not booleans). None of them may modify z: the caller keeps it
for the backward pass. Check your work with `learn check exercise7`.
"""

import numpy as np


def step(z):
    """The unit step: 1.0 where z > 0 and 0.0 where z <= 0 (so 0.0 at z = 0 exactly).

    This is torch.heaviside(z, torch.tensor(0.0)).

    Args:
        z: float array, any shape.

    Returns:
        Float array of z's shape holding 0.0 and 1.0 (numbers, not booleans).
    """
    # TODO: the unit step of every entry of z, as the numbers 0.0 and 1.0
    raise NotImplementedError("step is not implemented yet")


def step_grad(z):
    """The derivative d step / dz at every entry of z.

    At z = 0 the step jumps and has no derivative: torch.heaviside has none (its backward raises
    RuntimeError). Return 0.0 there, the value torch's autograd gives at the jump of torch.sign.
    The result is finite everywhere.

    Args:
        z: float array, any shape.

    Returns:
        Float array of z's shape.
    """
    # TODO: the derivative of the step at every entry of z
    raise NotImplementedError("step_grad is not implemented yet")


def sigmoid(z):
    """The logistic function σ(z) = 1 / (1 + e^(−z)), like torch.sigmoid.

    Must not overflow for |z| up to 1000: it is checked under np.errstate(over="raise"), so even
    an overflow in a branch you later discard (np.where evaluates both) counts.

    Args:
        z: float array, any shape.

    Returns:
        σ(z), a float array of z's shape, values in [0, 1].
    """
    # TODO: σ of every entry of z, without overflow
    raise NotImplementedError("sigmoid is not implemented yet")


def sigmoid_grad(z):
    """The derivative dσ/dz at every entry of z, as torch.autograd gives it for torch.sigmoid(z).sum().

    Must stay finite and must not overflow for |z| up to 1000 (checked under
    np.errstate(over="raise")).

    Args:
        z: the pre-activation, a float array of any shape.

    Returns:
        Float array of z's shape.
    """
    # TODO: dσ/dz at every entry of z, without overflow
    raise NotImplementedError("sigmoid_grad is not implemented yet")


def tanh(z):
    """The hyperbolic tangent (e^z − e^(−z)) / (e^z + e^(−z)), like torch.tanh.

    Must stay finite and must not overflow for |z| up to 1000 (checked under
    np.errstate(over="raise")).

    Args:
        z: float array, any shape.

    Returns:
        tanh(z), a float array of z's shape, values in [−1, 1].
    """
    # TODO: tanh of every entry of z, without overflow
    raise NotImplementedError("tanh is not implemented yet")


def tanh_grad(z):
    """The derivative d tanh / dz at every entry of z, as torch.autograd gives it for torch.tanh(z).sum().

    Must stay finite and must not overflow for |z| up to 1000 (checked under
    np.errstate(over="raise")).

    Args:
        z: the pre-activation, a float array of any shape.

    Returns:
        Float array of z's shape.
    """
    # TODO: d tanh / dz at every entry of z, without overflow
    raise NotImplementedError("tanh_grad is not implemented yet")


def relu(z):
    """The rectified linear unit max(z, 0) at every entry of z, like torch.relu.

    Args:
        z: float array, any shape.

    Returns:
        Float array of z's shape.
    """
    # TODO: the larger of z and 0, entry by entry
    raise NotImplementedError("relu is not implemented yet")


def relu_grad(z):
    """The derivative d relu / dz at every entry of z, as torch.autograd gives it for torch.relu(z).sum().

    At z = 0 exactly relu has a kink and no derivative: return 0.0 there, the value torch's
    autograd gives.

    Args:
        z: the pre-activation, a float array of any shape.

    Returns:
        Float array of z's shape.
    """
    # TODO: d relu / dz at every entry of z, with torch's value at the kink
    raise NotImplementedError("relu_grad is not implemented yet")


def leaky_relu(z, negative_slope=0.01):
    """Leaky ReLU: z where z > 0, negative_slope · z elsewhere, like
    torch.nn.functional.leaky_relu(z, negative_slope).

    Args:
        z: float array, any shape.
        negative_slope: the slope for z < 0, a float with 0 ≤ negative_slope < 1.

    Returns:
        Float array of z's shape.
    """
    # TODO: z where z is positive, negative_slope · z elsewhere
    raise NotImplementedError("leaky_relu is not implemented yet")


def leaky_relu_grad(z, negative_slope=0.01):
    """The derivative d leaky_relu / dz at every entry of z, as torch.autograd gives it for
    torch.nn.functional.leaky_relu(z, negative_slope).sum().

    At z = 0 exactly leaky ReLU has a kink and no derivative: return negative_slope there, the
    value torch's autograd gives.

    Args:
        z: the pre-activation, a float array of any shape.
        negative_slope: the slope for z < 0, a float with 0 ≤ negative_slope < 1.

    Returns:
        Float array of z's shape.
    """
    # TODO: d leaky_relu / dz at every entry of z, with torch's value at the kink
    raise NotImplementedError("leaky_relu_grad is not implemented yet")
