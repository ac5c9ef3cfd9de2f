# attack: crashing the run -- answer with a message nested 100,000 deep (json.loads raises
#   RecursionError) and with a 400-digit integer (float() overflows), written straight into the
#   answer pipe.
# expect: 0
import fcntl
import json
import os
import stat
import struct
import time


def _answer_pipe():
    for fd in range(3, 64):
        try:
            if stat.S_ISFIFO(os.fstat(fd).st_mode) and fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_WRONLY:
                return fd
        except OSError:
            pass
    return 1


def _send(header):
    os.write(_answer_pipe(), struct.pack(">Q", len(header)) + header)
    time.sleep(30)


def mse_loss(y_pred, y_true, reduction="mean"):
    _send(b'{"status": "ok", "value": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")


def mse_grad(y_pred, y_true, reduction="mean"):
    _send(json.dumps({"status": "ok", "value": {"t": "int", "v": 10**400}}).encode())
