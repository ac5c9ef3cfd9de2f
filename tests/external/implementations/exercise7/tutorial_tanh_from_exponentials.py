# external: tanh from its definition and leaky ReLU from boolean products, as tutorials and Keras's numpy
#   test backend write them.
# source: the definition tanh(x) = (e^x − e^−x) / (e^x + e^−x) as coded in many activation-function
#   tutorials (e.g. GeeksforGeeks' "Activation functions in Neural Networks" numpy snippet), with
#   tanh'(x) = 1 − tanh(x)²; keras's backend reference implementation for tests
#   (keras/utils/test_utils / numpy_backend relu: y = x * (x > 0) + alpha * x * (x < 0)).
# idea: every formula exactly as written on paper; booleans multiply as 0 and 1.
# differs: negative_slope is Keras's alpha; the derivative of the leaky ReLU follows the same pattern
#   (1 * (x > 0) + alpha * (x <= 0)); only tanh, tanh_grad, leaky_relu and leaky_relu_grad.
# expect: tanh and tanh_grad wrong: e^z overflows for |z| ≥ 710 (inf / inf = NaN), which the docstring
#   forbids; leaky_relu and leaky_relu_grad right (negative_slope at 0, like torch).

import numpy as np


def tanh(z):
    return (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z))


def tanh_grad(z):
    return 1 - tanh(z) ** 2


def leaky_relu(z, negative_slope=0.01):
    return z * (z > 0) + negative_slope * z * (z < 0)


def leaky_relu_grad(z, negative_slope=0.01):
    return 1.0 * (z > 0) + negative_slope * (z <= 0)
