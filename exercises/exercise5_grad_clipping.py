"""Exercise 5 — gradient clipping.

When gradients explode, one update can throw the parameters far away. Clipping caps the step:

- by norm (torch.nn.utils.clip_grad_norm_): measure ONE norm over all gradients together; if it
  exceeds max_norm, scale every gradient by the same factor, which keeps the update's direction;
- by value (torch.nn.utils.clip_grad_value_): clamp every entry to [−clip_value, clip_value].

Both work in place: the caller's arrays themselves (a model's .grad, which an optimiser holds too)
are modified; putting new arrays into the list does not reach them. `global_grad_norm` changes
nothing.

Implement the three functions below. Check your work with `learn check exercise5`.
"""

import numpy as np


def global_grad_norm(grads, norm_type=2.0):
    """The p-norm of all gradient arrays taken together, as if concatenated into one vector.

    Equivalently the p-norm of the vector of per-array p-norms. For norm_type = float("inf") it
    is the largest absolute entry.

    Args:
        grads: a list of numpy arrays of any shapes (may be empty: the norm is then 0).
        norm_type: p ≥ 1, or float("inf").

    Returns:
        A scalar.
    """
    # TODO: combine the per-array norms into one norm over everything
    raise NotImplementedError("global_grad_norm is not implemented yet")


def clip_grad_norm(grads, max_norm, norm_type=2.0):
    """Scale all gradients in place so that their global norm is at most max_norm.

    Like torch.nn.utils.clip_grad_norm_: total = global norm; coef = min(1, max_norm / (total + 1e-6));
    every array is multiplied by coef IN PLACE (always, so no branch is needed).

    Args:
        grads: a list of numpy float arrays, modified in place.
        max_norm: the largest allowed global norm.
        norm_type: as in global_grad_norm.

    Returns:
        The total norm BEFORE clipping.
    """
    # TODO: compute the global norm, then multiply every array in place by the clipping coefficient
    raise NotImplementedError("clip_grad_norm is not implemented yet")


def clip_grad_value(grads, clip_value):
    """Clamp every entry of every gradient to [−clip_value, clip_value], in place.

    Like torch.nn.utils.clip_grad_value_.

    Args:
        grads: a list of numpy float arrays, modified in place.
        clip_value: a positive number.

    Returns:
        None.
    """
    # TODO: clamp each array in place to [−clip_value, clip_value]
    raise NotImplementedError("clip_grad_value is not implemented yet")
