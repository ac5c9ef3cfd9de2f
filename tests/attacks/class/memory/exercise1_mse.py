# attack: memory -- answer with a 256 MB uint8 array of the wrong shape (the grader would upcast it
#   to 2 GB), and fork four children holding 300 MB each (each under the per-process cap).
# expect: 0
import os
import time

import numpy as np


def mse_loss(y_pred, y_true, reduction="mean"):
    return np.ones(256 * 1024 * 1024, dtype=np.uint8)


def mse_grad(y_pred, y_true, reduction="mean"):
    for _ in range(4):
        if os.fork() == 0:
            block = np.ones(300 * 1024 * 1024 // 8)
            time.sleep(60)
            del block
            os._exit(0)
    time.sleep(5)
    return np.zeros_like(y_pred)
