"""Errors that end a command, each with the exit code it means.

Exit codes are one scheme across all commands: 0 success, 1 the data failed
validation (SHACL or reasoner), 2 usage or input error (an output that cannot be
written included), 3 server or network error, 4 a partial build (`geokg build
--keep-going` left articles out). The CLI turns these into a one-line message and
that code, never a traceback.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_INPUT = 2
EXIT_SERVER = 3
EXIT_PARTIAL = 4  # built, but --keep-going left out articles (see BuildSummary.failed)


class GeokgError(Exception):
    """Base class: carries the exit code the CLI should return."""

    exit_code = EXIT_INPUT


class InputError(GeokgError):
    """A file or argument the user gave cannot be used (names the file)."""

    exit_code = EXIT_INPUT


class OutputError(InputError):
    """The output cannot be written: no space, no permission, a device that refuses.

    Exit 2 like any input error: the user fixes it (frees space, names another
    output); it is never reported as a bug.
    """


class ValidationFailed(GeokgError):
    """The graph does not conform to shapes/ or is inconsistent."""

    exit_code = EXIT_INVALID


class ServerError(GeokgError):
    """A SPARQL endpoint was down, refused, timed out or answered an error."""

    exit_code = EXIT_SERVER


EXIT_BROKEN_INSTALL = 70  # EX_SOFTWARE: geokg itself is incomplete, not the user's input


class InstallationError(GeokgError):
    """A file geokg ships (ontology, shapes, queries) is missing: the install is broken."""

    exit_code = EXIT_BROKEN_INSTALL
