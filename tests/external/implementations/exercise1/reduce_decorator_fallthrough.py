# external: a loss decorator that applies "mean" or "sum" and otherwise returns the elementwise loss.
# source: a small numpy autograd framework's losses module (a `reduce` decorator wrapping `mse`; found by
#   code search, the excerpt does not name its repository).
# idea: `if reduction == "mean": loss.mean() elif reduction == "sum": loss.sum()` and then `return loss`,
#   so every other string (a typo included) silently means "none".
# differs: the original decorator's default is "none"; here it is the API's "mean". The gradient
#   follows the same if/elif shape (everything that is not "mean" is treated as "sum").

def _reduce(elementwise, reduction):
    if reduction == "mean":
        return elementwise.mean()
    elif reduction == "sum":
        return elementwise.sum()
    return elementwise


def mse_loss(y_pred, y_true, reduction="mean"):
    return _reduce((y_true - y_pred) ** 2, reduction)


def mse_grad(y_pred, y_true, reduction="mean"):
    gradient = 2 * (y_pred - y_true)
    if reduction == "mean":
        return gradient / gradient.size
    return gradient
