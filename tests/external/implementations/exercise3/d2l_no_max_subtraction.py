# external: softmax as exp(X) / Σ exp(X) without subtracting a max, and its Jacobian diag(s) − s sᵀ.
# source: Dive into Deep Learning (d2l-ai/d2l-en), "Softmax Regression Implementation from Scratch":
#   X_exp = exp(X); partition = X_exp.sum(1, keepdims=True); return X_exp / partition.
# idea: the definition as written; the book remarks that very large or small entries could overflow and
#   leaves the fix for later. The Jacobian is built from it by broadcasting.
# differs: sums over the last axis (d2l sums axis 1 of a batch) so that one vector works too; d2l has
#   no explicit Jacobian (autograd computes it), so the standard diag(s) − s sᵀ is used.

import numpy as np


def softmax(z):
    X_exp = np.exp(z)
    partition = X_exp.sum(-1, keepdims=True)
    return X_exp / partition


def softmax_jacobian(z):
    s = softmax(z)
    return s[..., :, None] * np.eye(s.shape[-1]) - s[..., :, None] * s[..., None, :]
