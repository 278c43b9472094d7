"""Where the per-article work runs: in this process, in worker processes, or on dask.

The work of a build comes in two kinds of chunks: `geokg.pipeline.extract_chunk`
(articles in, their extractions out) and, once the build has unified the
people of all articles, `geokg.pipeline.render_chunk` (extractions and renames
in, validated N-Triples out). Each chunk carries all it needs, so any engine
that can call a function elsewhere and hand its result back can run it.
Three engines share one small interface
(`submit(fn, *args) -> future with .result()`, `close(abort=False)`):

- `SerialExecutor`: runs each chunk in this process when its result is asked
  for (the default, `--jobs 1`);
- `ProcessExecutor`: a concurrent.futures process pool whose initializer
  loads the spaCy model, the shapes and the ontology once per worker;
- `DaskExecutor`: a dask.distributed cluster (an existing scheduler, or a
  LocalCluster of `jobs` single-threaded worker processes). Workers must see
  the article files at the paths given (a shared file system), and have geokg
  installed.

The caller keeps the order: it asks for results in input order, so output is
the same whichever engine ran the work.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import types
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing.context import SpawnContext, SpawnProcess
from typing import Any, Protocol

from geokg.errors import InputError, ServerError

EXECUTORS = ("process", "dask")


class ResultLike(Protocol):
    def result(self) -> Any: ...


def warm_up() -> None:
    """Load what every chunk needs (model, shapes, ontology) once per process, then freeze it.

    What is loaded here lives as long as the process and never becomes
    garbage; gc.freeze() takes its hundreds of thousands of objects out of
    the cyclic collector's reach, so each collection the per-article work
    triggers scans only that work's objects (mapping an article costs about
    a third less).
    """
    from geokg.entities import ruler as nlp
    from geokg.rdf import mapper, validate

    nlp.get_nlp()
    mapper.vocabulary()
    validate.shapes_graph()
    gc.freeze()


def warm_up_worker() -> None:
    """A pool worker leaves SIGINT to its parent, then warms up.

    Ctrl-C at a terminal reaches the whole process group: the parent stops
    the build and ends its workers, which must not die first with a
    traceback each. SIGINT sent to the parent alone ends them the same way.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    warm_up()


def cpu_count() -> int:
    """Cores this process may use (the affinity mask, not the machine's total)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class _Deferred:
    """A call made only when its result is first asked for."""

    def __init__(self, fn: Callable, args: tuple):
        self._fn, self._args = fn, args

    def result(self) -> Any:
        return self._fn(*self._args)


class SerialExecutor:
    """Runs each chunk in this process, lazily, so memory holds one chunk at a time.

    The process warms up (warm_up) before the first chunk it runs, not
    before, so a build served wholly from the cache never loads the model.
    """

    workers = 1

    def __init__(self) -> None:
        self._warm = False

    def submit(self, fn: Callable, *args: Any) -> ResultLike:
        return _Deferred(self._run, (fn, args))

    def _run(self, fn: Callable, args: tuple) -> Any:
        if not self._warm:
            warm_up()
            self._warm = True
        return fn(*args)

    def close(self, abort: bool = False) -> None:
        pass


class _WorkerProcess(SpawnProcess):
    """A spawned process that does not import the caller's `__main__` module.

    multiprocessing's spawn starts each child by importing the parent's main
    module (as `__mp_main__`), so that functions defined there can be called
    in the child. A worker only ever runs geokg's own functions, so that import
    is never needed, and it is harmful: a plain script calling
    `geokg.build(..., jobs=2)` without an `if __name__ == "__main__":` guard
    would run again in every worker, and fail there ("An attempt has been made
    to start a new process before the current process has finished its
    bootstrapping phase"). While a worker is being started, the main module is
    replaced by an empty one, which spawn, as for an interactive session,
    does not import.
    """

    @staticmethod
    def _Popen(process_obj):  # noqa: N802 (multiprocessing's name)
        main = sys.modules.get("__main__")
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            return SpawnProcess._Popen(process_obj)
        finally:
            if main is None:
                del sys.modules["__main__"]
            else:
                sys.modules["__main__"] = main


class _WorkerContext(SpawnContext):
    """The spawn start method, with workers that leave the caller's script alone."""

    Process = _WorkerProcess


class ProcessExecutor:
    """A pool of `jobs` worker processes, each loading the model once (spawned, not forked,
    so a worker never inherits locks or threads of the parent; nor does it run the
    caller's script again: see _WorkerProcess)."""

    def __init__(self, jobs: int):
        self.workers = jobs
        # One thread per worker: N processes each starting a BLAS/OpenMP pool per core
        # would oversubscribe the cores. Spawned workers inherit the environment.
        for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ.setdefault(variable, "1")
        self._pool = ProcessPoolExecutor(
            max_workers=jobs, initializer=warm_up_worker,
            mp_context=_WorkerContext(),
        )

    def submit(self, fn: Callable, *args: Any) -> Future:
        return self._pool.submit(fn, *args)

    def close(self, abort: bool = False) -> None:
        """Wait for the workers to finish; with `abort` (the build failed or was
        interrupted) end them at once instead, and wait until they are gone."""
        if not abort:
            self._pool.shutdown(wait=True, cancel_futures=True)
            return
        # concurrent.futures has no public way to stop running work (3.14 adds
        # terminate_workers); its process table is the only handle on the workers.
        workers = list((getattr(self._pool, "_processes", None) or {}).values())
        for worker in workers:
            worker.terminate()
        self._pool.shutdown(wait=True, cancel_futures=True)
        for worker in workers:
            worker.join()


class DaskExecutor:
    """Chunks as dask.distributed tasks, on `scheduler` or on a local cluster of `jobs` workers."""

    def __init__(self, jobs: int, scheduler: str | None = None):
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as exc:
            raise InputError(
                "--executor dask needs dask.distributed — pip install 'dask[distributed]'"
            ) from exc
        self._cluster = None
        try:
            if scheduler:
                self._client = Client(scheduler, timeout="30s")
            else:
                self._cluster = LocalCluster(
                    n_workers=jobs, threads_per_worker=1, processes=True,
                    dashboard_address=None, silence_logs=40,
                )
                self._client = Client(self._cluster)
        except OSError as exc:
            self.close()
            raise ServerError(
                f"cannot reach the dask scheduler {scheduler or '(local)'}: {exc} "
                "— check the address and that the scheduler is running"
            ) from exc
        self.workers = max(1, len(self._client.scheduler_info().get("workers", {})) or jobs)
        self._client.run(warm_up)

    def submit(self, fn: Callable, *args: Any) -> ResultLike:
        return self._client.submit(fn, *args, pure=False)

    def close(self, abort: bool = False) -> None:
        client = getattr(self, "_client", None)
        if client is not None:
            client.close()
        if self._cluster is not None:
            self._cluster.close()


def make_executor(kind: str, jobs: int, scheduler: str | None = None):
    """The engine for `--executor KIND --jobs N [--scheduler ADDRESS]`."""
    if kind == "dask":
        return DaskExecutor(jobs, scheduler)
    if kind != "process":
        raise InputError(f"unknown executor {kind!r} — use one of {', '.join(EXECUTORS)}")
    return ProcessExecutor(jobs) if jobs > 1 else SerialExecutor()
