# external: backprop with the CS231n case study's normalisation, dscores /= num_examples, under an MSE head.
# source: CS231n course notes, "Minimal Neural Network Case Study" (cs231n.github.io/neural-networks-case-study/):
#   data loss averaged over examples, dscores /= num_examples, dW2 = hidden.T @ dscores, db2 = sum(axis=0),
#   dhidden = dscores @ W2.T, then through the nonlinearity, dW = X.T @ dhidden.
# idea: divide the output gradient by the number of examples, as for a per-example loss.
# differs: sigmoid hidden and output layers and the squared error replace ReLU and softmax (the
#   network of this exercise); weights are (out, in), so the products are transposed accordingly.

import numpy as np


def _sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def forward(X, params):
    hidden = _sigmoid(X @ params["W1"].T + params["b1"])
    scores = _sigmoid(hidden @ params["W2"].T + params["b2"])
    return scores, (X, hidden, scores, params["W2"])


def backward(y, cache):
    X, hidden, scores, W2 = cache
    num_examples = X.shape[0]
    dscores = 2 * (scores - y)
    dscores /= num_examples
    dz2 = dscores * scores * (1 - scores)
    dhidden = dz2 @ W2
    dz1 = dhidden * hidden * (1 - hidden)
    return {"W2": dz2.T @ hidden, "b2": np.sum(dz2, axis=0), "W1": dz1.T @ X, "b1": np.sum(dz1, axis=0)}
