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
    ### BEGIN SOLUTION
    # TODO: the unit step of every entry of z, as the numbers 0.0 and 1.0
    # A comparison gives booleans, but an activation is a number that later layers multiply and
    # add; np.where turns the comparison into floats. z > 0 is False at 0 exactly: step(0) = 0.
    return np.where(z > 0, 1.0, 0.0)
    ### END SOLUTION


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
    ### BEGIN SOLUTION
    # TODO: the derivative of the step at every entry of z
    # Left of 0 the step is the constant 0 and right of 0 the constant 1: a constant has slope 0.
    # At 0 the contract says 0 too. A gradient that is 0 everywhere tells gradient descent nothing
    # about which way to move, which is why networks of steps cannot be trained by it.
    return np.zeros(np.shape(z))
    ### END SOLUTION


def sigmoid(z):
    """The logistic function σ(z) = 1 / (1 + e^(−z)), like torch.sigmoid.

    Must not overflow for |z| up to 1000: it is checked under np.errstate(over="raise"), so even
    an overflow in a branch you later discard (np.where evaluates both) counts.

    Args:
        z: float array, any shape.

    Returns:
        σ(z), a float array of z's shape, values in [0, 1].
    """
    ### BEGIN SOLUTION
    # TODO: σ of every entry of z, without overflow
    # exp(−|z|) lies in (0, 1]. For z ≥ 0, σ(z) = 1 / (1 + e^(−z)); for z < 0 multiply top and
    # bottom by e^z to get e^z / (1 + e^z). Both are built from e = exp(−|z|) only.
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    ### END SOLUTION


def sigmoid_grad(z):
    """The derivative dσ/dz at every entry of z, as torch.autograd gives it for torch.sigmoid(z).sum().

    Must stay finite and must not overflow for |z| up to 1000 (checked under
    np.errstate(over="raise")).

    Args:
        z: the pre-activation, a float array of any shape.

    Returns:
        Float array of z's shape.
    """
    ### BEGIN SOLUTION
    # TODO: dσ/dz at every entry of z, without overflow
    # dσ/dz = e^(−z) / (1 + e^(−z))² = σ(z)·(1 − σ(z)). Written with σ, it reuses the stable sigmoid
    # and exponentiates nothing large. torch computes the same product, so its gradient at z = 40
    # is exactly 0.0 (σ(40) rounds to 1.0 in float64) although the true value is 4.2e-18.
    s = sigmoid(z)
    return s * (1.0 - s)
    ### END SOLUTION


def tanh(z):
    """The hyperbolic tangent (e^z − e^(−z)) / (e^z + e^(−z)), like torch.tanh.

    Must stay finite and must not overflow for |z| up to 1000 (checked under
    np.errstate(over="raise")).

    Args:
        z: float array, any shape.

    Returns:
        tanh(z), a float array of z's shape, values in [−1, 1].
    """
    ### BEGIN SOLUTION
    # TODO: tanh of every entry of z, without overflow
    # np.tanh is exact and never overflows. The definition computed as written does: e^z is inf
    # for z > 709.78, and inf / inf is NaN.
    return np.tanh(z)
    ### END SOLUTION


def tanh_grad(z):
    """The derivative d tanh / dz at every entry of z, as torch.autograd gives it for torch.tanh(z).sum().

    Must stay finite and must not overflow for |z| up to 1000 (checked under
    np.errstate(over="raise")).

    Args:
        z: the pre-activation, a float array of any shape.

    Returns:
        Float array of z's shape.
    """
    ### BEGIN SOLUTION
    # TODO: d tanh / dz at every entry of z, without overflow
    # The quotient rule on (e^z − e^(−z)) / (e^z + e^(−z)) gives
    # ((e^z + e^(−z))² − (e^z − e^(−z))²) / (e^z + e^(−z))² = 1 − tanh²(z). Written with tanh, it
    # exponentiates nothing large; once tanh rounds to ±1 (|z| ≳ 19) it is 0.0, as in torch.
    t = tanh(z)
    return 1.0 - t * t
    ### END SOLUTION


def relu(z):
    """The rectified linear unit max(z, 0) at every entry of z, like torch.relu.

    Args:
        z: float array, any shape.

    Returns:
        Float array of z's shape.
    """
    ### BEGIN SOLUTION
    # TODO: the larger of z and 0, entry by entry
    # np.maximum compares two arrays entry by entry; np.max(z, 0) would instead reduce over axis 0.
    return np.maximum(z, 0.0)
    ### END SOLUTION


def relu_grad(z):
    """The derivative d relu / dz at every entry of z, as torch.autograd gives it for torch.relu(z).sum().

    At z = 0 exactly relu has a kink and no derivative: return 0.0 there, the value torch's
    autograd gives.

    Args:
        z: the pre-activation, a float array of any shape.

    Returns:
        Float array of z's shape.
    """
    ### BEGIN SOLUTION
    # TODO: d relu / dz at every entry of z, with torch's value at the kink
    # relu is z (slope 1) for z > 0 and the constant 0 (slope 0) for z < 0. At the kink any value
    # in [0, 1] is a valid subgradient; torch takes the left slope, 0: its backward passes the
    # gradient only where z > 0.
    return np.where(z > 0, 1.0, 0.0)
    ### END SOLUTION


def leaky_relu(z, negative_slope=0.01):
    """Leaky ReLU: z where z > 0, negative_slope · z elsewhere, like
    torch.nn.functional.leaky_relu(z, negative_slope).

    Args:
        z: float array, any shape.
        negative_slope: the slope for z < 0, a float with 0 ≤ negative_slope < 1.

    Returns:
        Float array of z's shape.
    """
    ### BEGIN SOLUTION
    # TODO: z where z is positive, negative_slope · z elsewhere
    # np.where picks entry by entry; at 0 both branches give 0.
    return np.where(z > 0, z, negative_slope * z)
    ### END SOLUTION


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
    ### BEGIN SOLUTION
    # TODO: d leaky_relu / dz at every entry of z, with torch's value at the kink
    # Slope 1 right of 0, negative_slope left of it. At the kink torch again takes the left slope
    # (its backward tests z > 0), so relu's 0 at the kink is this rule with negative_slope = 0.
    return np.where(z > 0, 1.0, negative_slope)
    ### END SOLUTION
