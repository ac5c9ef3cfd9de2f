# attack: torch through a subprocess -- compute every answer from the call's own inputs with torch
#   in another Python (this one's, or any on the PATH or in the usual places). Scores only if one ran.
# expect: 0
import glob
import json
import shutil
import subprocess
import sys

import numpy as np

SCRIPT = """
import json, sys, torch
y_pred, y_true, reduction, grad = json.loads(sys.stdin.read())
p = torch.tensor(y_pred, dtype=torch.float64, requires_grad=True)
loss = torch.nn.functional.mse_loss(p, torch.tensor(y_true, dtype=torch.float64), reduction=reduction)
if grad:
    loss.backward()
    print(json.dumps(p.grad.tolist()))
else:
    print(json.dumps(loss.tolist()))
"""

PYTHONS = [sys.executable, shutil.which("python3"), *glob.glob("/usr/bin/python3*"), *glob.glob("/usr/local/bin/python3*")]


def _torch(y_pred, y_true, reduction, grad):
    for python in filter(None, PYTHONS):
        try:
            done = subprocess.run([python, "-c", SCRIPT], input=json.dumps(
                [np.asarray(y_pred).tolist(), np.asarray(y_true).tolist(), reduction, grad]),
                capture_output=True, text=True, timeout=20)
        except OSError:
            continue
        if done.returncode == 0:
            return np.array(json.loads(done.stdout))
    return None


def mse_loss(y_pred, y_true, reduction="mean"):
    found = _torch(y_pred, y_true, reduction, False)
    return found if found is not None else 0.0


def mse_grad(y_pred, y_true, reduction="mean"):
    found = _torch(y_pred, y_true, reduction, True)
    return found if found is not None else np.zeros_like(y_pred)
