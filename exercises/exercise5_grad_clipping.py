"""Exercise 5 — gradient clipping.

When gradients explode, one update can throw the parameters far away. Clipping caps the step
before the optimiser takes it, in one of two ways:

- by norm (torch.nn.utils.clip_grad_norm_): measure the size of all the gradients together, and
  if it exceeds max_norm, shrink them so that the update keeps its direction;
- by value (torch.nn.utils.clip_grad_value_): cap every entry on its own at ±clip_value.

Both work in place: the caller's arrays themselves (a model's .grad, which an optimiser holds
too) are modified; putting new arrays into the list does not reach them. `global_grad_norm`
changes nothing. `learn show exercise5` explains both; `learn hint exercise5` helps when you
are stuck.

Implement the three functions below. Check your work with `learn check exercise5`.
"""

import numpy as np


def global_grad_norm(grads, norm_type=2.0):
    """The p-norm of all the gradient arrays taken together, as if their entries were laid end to
    end in one vector: the total norm torch.nn.utils.clip_grad_norm_ computes and returns.

    Args:
        grads: a list of numpy arrays of any shapes. It may be empty: the norm is then 0.
        norm_type: p ≥ 1, or float("inf") for the largest absolute entry, as in torch.

    Returns:
        A scalar.
    """
    # TODO: the norm of all the gradients together
    raise NotImplementedError("global_grad_norm is not implemented yet")


def clip_grad_norm(grads, max_norm, norm_type=2.0):
    """Scale all the gradients in place so that their global norm is at most max_norm, like
    torch.nn.utils.clip_grad_norm_(parameters, max_norm, norm_type).

    Gradients whose global norm is below max_norm come back unchanged (torch adds 1e-6 to the
    total norm before dividing by it, so that all-zero gradients divide by no zero).

    Args:
        grads: a list of numpy float arrays, modified in place: the caller's own arrays end up
            scaled (no new arrays).
        max_norm: the largest allowed global norm, a positive number.
        norm_type: as in global_grad_norm.

    Returns:
        The total norm BEFORE clipping.
    """
    # TODO: scale every gradient in place as clip_grad_norm_ does; return the norm before clipping
    raise NotImplementedError("clip_grad_norm is not implemented yet")


def clip_grad_value(grads, clip_value):
    """Clamp every entry of every gradient to [−clip_value, clip_value], in place, like
    torch.nn.utils.clip_grad_value_(parameters, clip_value).

    Args:
        grads: a list of numpy float arrays, modified in place: the caller's own arrays end up
            clamped (no new arrays).
        clip_value: a positive number.

    Returns:
        None.
    """
    # TODO: clamp each array in place to [−clip_value, clip_value]
    raise NotImplementedError("clip_grad_value is not implemented yet")
