# attack: hanging the run -- from the moment this file is imported the child never reads another
#   request, so the grader's writes find a full pipe; the per-call limit must still fire.
# expect: 0
import os
import time

os.read = lambda fd, size: time.sleep(3600)


def mse_loss(y_pred, y_true, reduction="mean"):
    return 0.0


def mse_grad(y_pred, y_true, reduction="mean"):
    return 0.0
