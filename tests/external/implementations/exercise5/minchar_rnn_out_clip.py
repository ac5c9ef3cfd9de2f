# external: value clipping with np.clip(..., out=...), as in min-char-rnn.
# source: Andrej Karpathy's min-char-rnn.py gist: `for dparam in [dWxh, dWhh, dWhy, dbh, dby]:
#   np.clip(dparam, -5, 5, out=dparam)  # clip to mitigate exploding gradients`.
# idea: out= writes the clamped values into the very array that holds the gradient.
# differs: the bound is the API's clip_value instead of 5; the gradients are the list passed in.

import numpy as np


def clip_grad_value(grads, clip_value):
    for dparam in grads:
        np.clip(dparam, -clip_value, clip_value, out=dparam)
