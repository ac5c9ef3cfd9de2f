# external: CS231n's softmax_loss: shifted logits, log-probabilities, probabilities as exp(log_probs).
# source: the CS231n assignment's softmax_loss(x, y) in cs231n/layers.py, as quoted on mejorcodigo.com
#   ("SoftMax BackProp"): shifted_logits = x − max(x, axis=1); log_probs = shifted_logits − log Σ exp;
#   probs = exp(log_probs); dx = probs; dx[arange(N), y] −= 1; dx /= N.
# idea: log-sum-exp per row; the gradient is (probs − onehot)/N.
# differs: the loss value is dropped; softmax and its Jacobian (np.einsum of the identity and the outer
#   product) reuse the same log-probabilities, over the last axis so one vector works too.

import numpy as np


def _log_probs(x):
    shifted_logits = x - np.max(x, axis=-1, keepdims=True)
    Z = np.sum(np.exp(shifted_logits), axis=-1, keepdims=True)
    return shifted_logits - np.log(Z)


def softmax(z):
    return np.exp(_log_probs(z))


def softmax_jacobian(z):
    probs = softmax(z)
    identity = np.eye(probs.shape[-1])
    return np.einsum("...i,ij->...ij", probs, identity) - np.einsum("...i,...j->...ij", probs, probs)


def cross_entropy_grad(logits, labels):
    probs = np.exp(_log_probs(logits))
    N = logits.shape[0]
    dx = probs.copy()
    dx[np.arange(N), labels] -= 1
    dx /= N
    return dx
