# external: row-max softmax, a Jacobian per sample with diagflat − dot, and the fused softmax/CE gradient.
# source: "Neural Networks from Scratch in Python" (Kinsley & Kukieła): Activation_Softmax.forward/backward
#   and Activation_Softmax_Loss_CategoricalCrossentropy.backward (as in Graham-CO/ai_ml_python
#   chapter_9/softmax_deriv.py).
# idea: softmax subtracts each row's max; the Jacobian of one sample is np.diagflat(s) − np.dot(s, s.T) with
#   s a column; the CE gradient copies the probabilities, subtracts 1 at each label and divides by samples.
# differs: the book multiplies each Jacobian by the incoming gradient; here the Jacobians themselves are
#   returned, stacked. A 1-D input is treated as one sample.

import numpy as np


def softmax(z):
    exp_values = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return exp_values / np.sum(exp_values, axis=-1, keepdims=True)


def softmax_jacobian(z):
    output = softmax(np.atleast_2d(z))
    jacobians = np.empty((output.shape[0], output.shape[1], output.shape[1]))
    for index, single_output in enumerate(output):
        single_output = single_output.reshape(-1, 1)
        jacobians[index] = np.diagflat(single_output) - np.dot(single_output, single_output.T)
    return jacobians[0] if z.ndim == 1 else jacobians


def cross_entropy_grad(logits, labels):
    samples = len(logits)
    dinputs = softmax(logits).copy()
    dinputs[range(samples), labels] -= 1
    return dinputs / samples
