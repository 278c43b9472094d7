"""One build at a time per output: a lock held while a build writes its output.

Two builds writing the same `-o` used to both print "built", though the one
that renamed its file last had silently replaced the other's. A build now takes
an exclusive, non-blocking `flock` on a lock file named after the output's
resolved path, so the second build is refused at once with the first one's
process id, before any work. The lock files live in the temporary folder (not
beside the output, which should hold only what the user asked for), and the
kernel drops the lock when the process ends, however it ends: a killed build
never leaves a stale lock behind.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

from geokg.errors import InputError

try:
    import fcntl
except ModuleNotFoundError:  # pragma: no cover - not POSIX: builds are not locked
    fcntl = None  # type: ignore[assignment]


class OutputLock:
    """The lock on one output path while a build writes it (see module docstring)."""

    def __init__(self, file: int | None) -> None:
        self.file = file

    def release(self) -> None:
        if self.file is not None:
            with contextlib.suppress(OSError):
                os.close(self.file)  # closing the descriptor drops the flock
            self.file = None


def lock_path(out: Path) -> Path:
    """The lock file of output `out`: one per resolved path, in the temporary folder."""
    digest = hashlib.sha256(os.fsencode(out.resolve())).hexdigest()[:32]
    return Path(tempfile.gettempdir()) / f"geokg-lock-{os.getuid()}-{digest}"


def output_lock(out: Path | str) -> OutputLock:
    """Take the lock on `out`, or raise InputError naming the build that holds it.

    Standard output and special files (a device, a pipe) are not locked: writing
    them is not a replacement another build could undo.
    """
    path = Path(out)
    if fcntl is None or str(out) == "-" or path.exists() and not (path.is_file()
                                                                  or path.is_dir()):
        return OutputLock(None)
    where = lock_path(path)
    try:
        file = os.open(where, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:  # no usable temporary folder: build unlocked rather than not at all
        return OutputLock(None)
    try:
        fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(file, 32, 0).decode("ascii", "replace").strip() or "?"
        os.close(file)
        raise InputError(f"{out}: another geokg build (process {holder}) is writing it — "
                         "wait for it to finish, or give another -o") from None
    except OSError:  # a file system without flock
        os.close(file)
        return OutputLock(None)
    os.ftruncate(file, 0)
    os.pwrite(file, str(os.getpid()).encode("ascii"), 0)
    return OutputLock(file)
