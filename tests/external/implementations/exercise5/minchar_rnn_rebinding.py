# external: min-char-rnn's clipping loop with `dparam = np.clip(dparam, ...)` instead of out=.
# source: several published min-char-rnn derivatives (e.g. an RNN class whose backward ends with
#   `for dparam in [dW_xh, dW_hh, dW_hy, db_h, db_y]: dparam = np.clip(dparam, -5, 5)`; found by code search).
# idea: the loop variable is rebound to a clipped copy; neither the list nor the arrays change.
# differs: the bound is the API's clip_value; the gradients are the list passed in.

import numpy as np


def clip_grad_value(grads, clip_value):
    for dparam in grads:
        dparam = np.clip(dparam, -clip_value, clip_value)
