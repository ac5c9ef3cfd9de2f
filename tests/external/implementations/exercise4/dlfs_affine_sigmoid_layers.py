# external: backprop through "Deep Learning from Scratch"'s Affine and Sigmoid layer objects.
# source: oreilly-japan/deep-learning-from-scratch common/layers.py: Affine.backward (dx = dout·Wᵀ,
#   dW = xᵀ·dout, db = Σ_axis0 dout) and Sigmoid.backward (dout·(1 − out)·out).
# idea: every layer stores what its backward needs; the network's backward calls them in reverse.
# differs: the book's W is (in, out), so the API's weights are transposed in and out; its loss layers are
#   softmax-with-loss and ½·SSE, so the MSE head here is the API's mean: dL/dŷ = 2(ŷ − y)/(N·K).

import numpy as np


class Affine:
    def __init__(self, W, b):
        self.W, self.b = W, b

    def forward(self, x):
        self.x = x
        return np.dot(x, self.W) + self.b

    def backward(self, dout):
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)
        return np.dot(dout, self.W.T)


class Sigmoid:
    def forward(self, x):
        self.out = 1 / (1 + np.exp(-x))
        return self.out

    def backward(self, dout):
        return dout * (1.0 - self.out) * self.out


def forward(X, params):
    layers = [Affine(params["W1"].T, params["b1"]), Sigmoid(), Affine(params["W2"].T, params["b2"]), Sigmoid()]
    out = X
    for layer in layers:
        out = layer.forward(out)
    return out, {"layers": layers, "y_hat": out}


def backward(y, cache):
    layers, y_hat = cache["layers"], cache["y_hat"]
    dout = 2.0 * (y_hat - y) / y_hat.size
    for layer in reversed(layers):
        dout = layer.backward(dout)
    affine1, affine2 = layers[0], layers[2]
    return {"W1": affine1.dW.T, "b1": affine1.db, "W2": affine2.dW.T, "b2": affine2.db}
