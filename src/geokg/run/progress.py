"""What a build tells its user while it runs: warnings and the progress bar.

Warnings go to the "geokg" logger, except inside a unit of work that runs in a
worker (pipeline.extract_chunk, render_chunk): there they are caught, travel
with the article's output, and are logged by the build in input order, so the
messages do not depend on where or when the work ran.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

from tqdm import tqdm

_local = threading.local()  # per-thread warning sink of a unit of work
log = logging.getLogger("geokg")


@contextlib.contextmanager
def caught_warnings() -> Iterator[list[str]]:
    """Collect the warnings given in this thread while the block runs, instead of logging."""
    _local.sink = captured = []
    try:
        yield captured
    finally:
        _local.sink = None


def warn(message: str) -> None:
    """A warning to the "geokg" logger (the CLI shows it as "geokg: warning: ...").

    Inside `caught_warnings()` (render_chunk) the warning is collected instead, so it travels with
    the article's output (from a worker, or from the cache) and is logged by
    the build in input order.
    """
    sink = getattr(_local, "sink", None)
    if sink is not None:
        sink.append(message)
    else:
        log.warning(message)


class ProgressLine:
    """A tqdm bar on stderr: "geokg extracting: 40%|####  | 120/300 [00:05<00:07, 23.4article/s,
    name]".

    Shown only on a terminal (redirected stderr stays clean for logs) and for
    more than one article; tqdm redraws it at most ten times a second and
    computes the rate and ETA. A build runs in two phases, each over every
    article ("extracting", then "writing"), so each bar is labelled with its
    phase: a bar that runs to 100 % twice without a label looks like a restart.
    The clock starts at the first article of each phase.
    """

    def __init__(self) -> None:
        self.bar: tqdm | None = None
        self.phase = ""

    def __call__(self, i: int, n: int, path: Path, phase: str = "reading") -> None:
        if n <= 1 or not sys.stderr.isatty():
            return
        if self.bar is None or i <= 1 or self.bar.total != n or phase != self.phase:
            self.close()
            self.phase = phase
            self.bar = tqdm(total=n, desc=f"geokg {phase}", unit="article", file=sys.stderr,
                            mininterval=0.1, dynamic_ncols=True)
        self.bar.set_postfix_str(path.name[:40], refresh=False)
        self.bar.update(i - self.bar.n)
        if i >= n:
            self.close()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


tty_progress = ProgressLine()
