# attack: no code, full marks -- find the grader, the solutions, the reference cache or the seed
#   through the parent's /proc (environ, cwd, cmdline, mem), the cache folder and grades.state/,
#   then answer with the real solution. It scores only if one of them was reachable.
# expect: 0
import glob
import os
import sys

import numpy as np

FOUND = []


def _look():
    candidates = set()
    for pid in [str(os.getppid()), *os.listdir("/proc")]:
        for name in ("environ", "cmdline"):
            try:
                with open(f"/proc/{pid}/{name}", "rb") as file:
                    for part in file.read().split(b"\0"):
                        text = part.decode(errors="replace")
                        value = text.partition("=")[2] or text
                        if value.startswith("/"):
                            candidates.add(value)
            except OSError:
                pass
        try:
            candidates.add(os.readlink(f"/proc/{pid}/cwd"))
        except OSError:
            pass
        try:
            with open(f"/proc/{pid}/mem", "rb") as file:
                file.read(1)
                FOUND.append(f"mem of {pid}")
        except OSError:
            pass
    for folder in list(candidates) + [os.path.expanduser("~/.cache/backprop-lab")]:
        for pattern in ("*.npz", "*/run.json", "grades.state/run.json", "grader/__init__.py",
                        "solutions/exercise1_mse.py"):
            FOUND.extend(glob.glob(os.path.join(folder, pattern)))
    return candidates


_CANDIDATES = _look()


def _solution():
    sys.meta_path[:] = [f for f in sys.meta_path if "Blocker" not in type(f).__name__]
    for folder in _CANDIDATES:
        if os.path.isfile(os.path.join(folder, "solutions", "exercise1_mse.py")):
            sys.path.insert(0, folder)
            try:
                from solutions import exercise1_mse

                return exercise1_mse
            except ImportError:
                pass
    return None


_SOLUTION = _solution()


def mse_loss(y_pred, y_true, reduction="mean"):
    if _SOLUTION is not None:
        return _SOLUTION.mse_loss(y_pred, y_true, reduction)
    return np.zeros_like(y_pred) if reduction == "none" else 0.0


def mse_grad(y_pred, y_true, reduction="mean"):
    if _SOLUTION is not None:
        return _SOLUTION.mse_grad(y_pred, y_true, reduction)
    return np.zeros_like(y_pred)
