# external: nnfs's dense layer, MSE loss and SGD optimiser, trained in batches of data shuffled once.
# source: Kinsley & Kukieła, "Neural Networks from Scratch in Python" (nnfs): Loss_MeanSquaredError
#   (np.mean((y_true - y_pred)**2, axis=-1); backward dinputs = -2 * (y_true - dvalues) / outputs /
#   samples), Layer_Dense.backward (dweights = inputs.T @ dvalues, dbiases = sum over samples),
#   Optimizer_SGD.update_params (layer.weights += -learning_rate * layer.dweights), and the training
#   chapter's batches: the data is shuffled once when loaded (keys = np.array(range(n));
#   np.random.shuffle(keys)), then every epoch takes X[step*batch_size:(step+1)*batch_size] for
#   train_steps = n // batch_size steps, plus one more when that leaves examples over.
# idea: the per-output mean, then the per-sample mean, of the squared error; updates in place.
# differs: one input and one output (w, b as a 1x1 weight and a bias); reduction "sum" multiplies the
#   mean loss and gradients back by N; the load-time shuffle seeds numpy's global generator.
# expect: linear_mse_grads, sgd_step and train right; minibatch_indices wrong (one order for every
#   epoch, from the global generator).

import numpy as np


def _forward_backward(w, b, x, y, reduction):
    inputs, y_true = x.reshape(-1, 1), y.reshape(-1, 1)
    weights, biases = np.array([[float(w)]]), np.array([[float(b)]])
    y_pred = inputs @ weights + biases
    samples, outputs = len(y_pred), len(y_pred[0])
    loss = np.mean(np.mean((y_true - y_pred) ** 2, axis=-1))
    dinputs = -2 * (y_true - y_pred) / outputs / samples
    dweights = inputs.T @ dinputs
    dbiases = np.sum(dinputs, axis=0, keepdims=True)
    factor = samples if reduction == "sum" else 1
    return loss * factor, dweights[0, 0] * factor, dbiases[0, 0] * factor


def linear_mse_grads(w, b, x, y, reduction="mean"):
    return _forward_backward(w, b, x, y, reduction)


def sgd_step(params, grads, lr):
    for weights, dweights in zip(params, grads):
        weights += -lr * dweights


def minibatch_indices(n, batch_size, seed, epochs):
    np.random.seed(seed)
    keys = np.array(range(n))
    np.random.shuffle(keys)
    train_steps = n // batch_size
    if train_steps * batch_size < n:
        train_steps += 1
    return [keys[step * batch_size:(step + 1) * batch_size] for _ in range(epochs) for step in range(train_steps)]


def train(x, y, w, b, lr, batches, reduction="mean"):
    params = [np.array(float(w)), np.array(float(b))]
    losses = []
    for idx in batches:
        loss, dw, db = _forward_backward(params[0], params[1], x[idx], y[idx], reduction)
        losses.append(loss)
        sgd_step(params, [dw, db], lr)
    return {"w": float(params[0]), "b": float(params[1]), "losses": np.array(losses)}
