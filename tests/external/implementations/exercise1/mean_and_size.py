# external: MSE with .mean() and its gradient 2(ŷ − y) / y.size.
# source: Millz98/HoloMind holomind/loss.py (MeanSquaredError) and the same pair in
#   Ainafatul/SMS_SPAM_DETECTOR_PYTHON res/loss/MeanSquaredError.py.
# idea: forward np.mean((y − ŷ)²); backward −2(y − ŷ) / y_true.size, i.e. divided by every element.
# differs: the originals have no reduction argument; "sum" drops the division, "none" returns the
#   squared errors, anything else raises ValueError.

def mse_loss(y_pred, y_true, reduction="mean"):
    squared = (y_true - y_pred) ** 2
    if reduction == "mean":
        return squared.mean()
    if reduction == "sum":
        return squared.sum()
    if reduction == "none":
        return squared
    raise ValueError(f"unknown reduction: {reduction}")


def mse_grad(y_pred, y_true, reduction="mean"):
    gradient = -2 * (y_true - y_pred)
    if reduction == "mean":
        return gradient / y_true.size
    return gradient
