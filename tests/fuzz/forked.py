"""Run `banmian` on one input in a forked child, bounded in time and memory.

A forked child starts with the test process's modules and font cache already
loaded, so a case costs what the command itself costs (a tenth of a second
for most), not an interpreter start. The child's address space is capped
(RLIMIT_AS) so a case that tries to take gigabytes fails inside it instead of
taking the machine; the parent kills it at the time limit and reads its peak
resident memory from wait4().
"""
from __future__ import annotations

import os
import resource
import signal
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass

TIME_LIMIT = 10.0                  # seconds a case may take
MEMORY_LIMIT = 1 << 30             # bytes of resident memory a case may reach
CRASHED = 70                       # the child's status when main() raised


@dataclass(frozen=True)
class Outcome:
    status: int | None             # None: killed at the time limit
    stdout: str
    stderr: str
    seconds: float
    peak_bytes: int                # the child's peak resident set size


def _address_space_cap() -> int:
    """What the child may map: what the test process has mapped already, and
    two gigabytes more (virtual, so well above the resident limit asserted)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024 + (2 << 30)
    return 4 << 30


def run_forked(argv: list[str], cwd: str, time_limit: float = TIME_LIMIT) -> Outcome:
    from layout.cli.main import main
    cap = _address_space_cap()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        sys.stdout.flush()
        sys.stderr.flush()
        started = time.monotonic()
        pid = os.fork()
        if pid == 0:                                   # the child: run the command, never return
            status = CRASHED
            try:
                os.dup2(out.fileno(), 1)
                os.dup2(err.fileno(), 2)
                sys.stdout = open(1, "w", encoding="utf-8", closefd=False)
                sys.stderr = open(2, "w", encoding="utf-8", closefd=False)
                os.chdir(cwd)
                resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
                status = main(argv)
            except SystemExit as exc:                  # argparse: usage errors exit 2
                status = exc.code if isinstance(exc.code, int) else 2
            except BaseException:                      # noqa: BLE001 - what the test looks for
                traceback.print_exc()
                status = CRASHED
            finally:
                try:
                    sys.stdout.flush()
                    sys.stderr.flush()
                finally:
                    os._exit(status if isinstance(status, int) and 0 <= status < 256 else CRASHED)
        status = None
        while True:
            done, code, usage = os.wait4(pid, os.WNOHANG)
            if done:
                status = os.waitstatus_to_exitcode(code)
                break
            if time.monotonic() - started > time_limit:
                os.kill(pid, signal.SIGKILL)
                _, _, usage = os.wait4(pid, 0)
                break
            time.sleep(0.005)
        seconds = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        return Outcome(status, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                       seconds, usage.ru_maxrss * 1024)
