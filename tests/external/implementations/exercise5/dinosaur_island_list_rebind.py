# external: value clipping that puts clipped copies back into the list: grads[i] = np.clip(grads[i], ...).
# source: a student solution of the Deep Learning Specialization's "Dinosaur Island" character-level
#   language model, clip(gradients, maxValue): grads = [gradients[k] for k in keys];
#   `for i in range(len(grads)): grads[i] = np.clip(grads[i], a_min=-maxValue, a_max=maxValue)`
#   (found by code search; the same line appears in an MLP script's clip_gradients).
# idea: the list now holds clipped arrays, but the arrays the caller owns are untouched (the original
#   then rebuilds its dict from the new list, which is why it worked there).
# differs: the API passes the list itself and returns None.

import numpy as np


def clip_grad_value(grads, clip_value):
    for i in range(len(grads)):
        grads[i] = np.clip(grads[i], a_min=-1 * clip_value, a_max=clip_value)
