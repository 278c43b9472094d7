"""The remote back end: a SPARQL 1.1 endpoint such as Apache Jena Fuseki.

Queries go with the SPARQL 1.1 Protocol through SPARQLWrapper, loading with
the Graph Store Protocol through requests (one HTTP PUT per named graph, so
loading again replaces a graph instead of doubling it); each request has a
deadline and bounded retries. The endpoint's URLs, credentials, HTTP errors
and retries live here, apart from the embedded store, which needs none of them.

The dataset must make its default graph the union of its named graphs
(Fuseki: `tdb2:unionDefaultGraph`, scripts/fuseki-geokg.ttl), as the embedded
store does, so a saved query gives the same rows on both.
"""

from __future__ import annotations

import ast
import html
import http.client
import math
import os
import re
import threading
import urllib.error
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit, urlunsplit

import pyoxigraph as ox

from geokg import __version__
from geokg.errors import InputError, ServerError
from geokg.store.base import LoadReport, Store, parse_many
from geokg.store.queries import SparqlQuery, names_graphs, parse_query
from geokg.store.results import ResultTable, json_table, turtle_table

DEFAULT_TIMEOUT = 30.0
USER_ENV = "GEOKG_USER"
PASSWORD_ENV = "GEOKG_PASSWORD"
T = TypeVar("T")


@dataclass(frozen=True)
class Endpoints:
    """The URLs of one remote dataset, derived from whichever the user gave."""

    query: str
    gsp: str
    dataset: str
    auth: tuple[str, str] | None = None  # user:password written into the URL, taken out


_SERVICE_NAMES = ("sparql", "query", "update", "data", "get")


def endpoints(url: str) -> Endpoints:
    """Query and Graph Store Protocol URLs from a dataset or service URL.

    http://h:3030/geokg, .../geokg/sparql, .../geokg/query and .../geokg/data
    all name dataset http://h:3030/geokg: queries go to the URL as given
    (the dataset URL answers queries in Fuseki), unless it is a write-only
    service (/data, /update, /get), which becomes /sparql; loading goes to
    <dataset>/data.
    """
    parts = urlsplit(url.strip())
    auth = None
    if parts.username is not None:
        # never echo a password: credentials leave the URL before it is printed
        auth = (unquote(parts.username), unquote(parts.password or ""))
        parts = parts._replace(netloc=parts.netloc.rpartition("@")[2])
        url = urlunsplit(parts)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(f"{url}: not an http(s) endpoint URL (e.g. http://localhost:3030/geokg)")
    path = parts.path.rstrip("/")
    head, _, last = path.rpartition("/")
    dataset_path = head if last in _SERVICE_NAMES and head else path
    dataset = urlunsplit((parts.scheme, parts.netloc, dataset_path, "", ""))
    query = url.strip()
    if last in ("update", "data", "get"):
        query = dataset + "/sparql"
    return Endpoints(query=query, gsp=dataset + "/data", dataset=dataset, auth=auth)


def credentials(url: str, user: str | None = None) -> tuple[str, str] | None:
    """(user, password) from --user/GEOKG_USER + GEOKG_PASSWORD, else ~/.netrc.

    The password is never taken from the command line (it would show in the
    process list and shell history) and never printed.
    """
    user = user or os.environ.get(USER_ENV)
    password = os.environ.get(PASSWORD_ENV)
    if user and password is not None:
        return user, password
    import requests.utils

    netrc_auth = requests.utils.get_netrc_auth(url)
    if netrc_auth and (not user or netrc_auth[0] == user):
        return netrc_auth
    if user:
        raise InputError(
            f"user '{user}' given but no password: set {PASSWORD_ENV} or add the host to ~/.netrc"
        )
    return None


def _http_message(status: int, url: str, body: str | bytes = "") -> str:
    """What an HTTP error status from the endpoint means for the user."""
    detail = one_line(body)
    if status == 401:
        return (f"{url}: 401 unauthorized — set {USER_ENV}/{PASSWORD_ENV} or add the host "
                "to ~/.netrc")
    if status == 403:
        return f"{url}: 403 forbidden — the user may not do this on this dataset"
    if status in (404, 405):
        return f"{url}: {status} dataset not found: check the URL (e.g. http://localhost:3030/geokg)"
    if status >= 500:
        return f"{url}: {status} {_reason(status)} — {detail or 'see the server log'}"
    return f"{url}: HTTP {status} {_reason(status)} — {detail or 'no reason given'}"


def _reason(status: int) -> str:
    """The standard reason phrase of `status` ("Not Implemented"), or "server error"."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "server error" if status >= 500 else "error"


_HTML = re.compile(r"^\s*(?:<!doctype\s+html|<html\b|<head\b|<body\b|<title\b)", re.I)
_HTML_SKIPPED = re.compile(r"<(head|script|style)\b.*?</\1\s*>", re.I | re.S)
_TAG = re.compile(r"<[^>]*>")


def one_line(text: str | bytes, limit: int = 200) -> str:
    """The first non-blank line of a server's answer, decoded, cut to `limit` characters.

    Error bodies are often a whole Java stack trace or an HTML page; the first
    line ("java.lang.NullPointerException: ...") is what a person can use. An
    HTML page's first line is "<!DOCTYPE HTML>", so a page is read as the text
    of its body instead ("Error code: 501 Message: Unsupported method ...").
    """
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    if _HTML.match(text):
        line = " ".join(html.unescape(_TAG.sub(" ", _HTML_SKIPPED.sub(" ", text))).split())
    else:
        line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return line if len(line) <= limit else line[:limit - 1] + "…"


# Connection errors and 502/503/504 (a proxy or a server starting or overloaded)
# are retried with exponential backoff; a request the server may have begun to
# act on (read errors) is not. Retries happen inside one request's deadline.
RETRIES = 3
BACKOFF = 0.5  # seconds: waits of 0.5, 1, 2 s between attempts
BACKOFF_MAX = 8.0
RETRY_STATUSES = (502, 503, 504)
_ERRNO_REASON = re.compile(r"\[Errno -?\d+\] ([^'\")\]]+)")


def http_session():
    """A requests Session for the Graph Store Protocol PUTs, whose adapter retries
    (urllib3 Retry) as described above."""
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.util.retry import Retry

    retry = Retry(
        total=RETRIES, connect=RETRIES, status=RETRIES, read=0, other=0,
        status_forcelist=RETRY_STATUSES, backoff_factor=BACKOFF, backoff_max=BACKOFF_MAX,
        allowed_methods=frozenset({"PUT"}),  # a PUT of a whole graph is safe to repeat
        raise_on_status=False,  # the last 503 is answered, and reported as such
    )
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


class DeadlineExceeded(Exception):
    """A request did not complete within its deadline."""


class EndpointRefused(Exception):
    """The endpoint answered a query with an HTTP error status."""

    def __init__(self, status: int, body: bytes) -> None:
        super().__init__(status)
        self.status = status
        self.body = body


def _refusal(exc: Exception) -> EndpointRefused:
    """The status and body of an HTTP error SPARQLWrapper raised.

    SPARQLWrapper raises urllib's HTTPError for most statuses, but its own
    exceptions for 400, 401, 404, 414 and 500: those are raised while handling
    the HTTPError (their __context__, which has the status) and keep the body
    it read only in their message, as the repr of the bytes.
    """
    error = exc if isinstance(exc, urllib.error.HTTPError) else exc.__context__
    status = error.code if isinstance(error, urllib.error.HTTPError) else 500
    if exc is error:
        return EndpointRefused(status, exc.read())
    _, marker, body = str(exc).partition("\n\nResponse:\n")
    try:
        raw = ast.literal_eval(body) if marker else b""
    except (ValueError, SyntaxError):
        raw = body.encode()
    return EndpointRefused(status, raw if isinstance(raw, bytes) else str(raw).encode())


def _worth_retrying(exc: BaseException) -> bool:
    """A gateway status (502/503/504), or no connection made: nothing reached the server."""
    if isinstance(exc, EndpointRefused):
        return exc.status in RETRY_STATUSES
    return isinstance(exc, urllib.error.URLError)


class RemoteStore(Store):
    """A SPARQL 1.1 endpoint: queries through SPARQLWrapper, loading through requests.

    SPARQLWrapper speaks the SPARQL 1.1 Protocol for queries (a form-encoded
    POST, the Accept header each query form needs, basic authentication, a
    socket timeout) and tells its HTTP errors apart. It has no Graph Store
    Protocol and no retries (RDFLib/sparqlwrapper#138), so loading goes
    through a requests Session (HTTP PUT, retried by urllib3's Retry) and
    queries are retried by tenacity on the same conditions.

    `timeout` is a deadline for each request, retries included: a socket
    timeout bounds each wait for the socket only, so a server sending one byte
    a second would never trip it. Each request therefore runs in a helper
    thread that the caller waits for at most `timeout` seconds.
    """

    def __init__(self, url: str, timeout: float = DEFAULT_TIMEOUT, user: str | None = None):
        self.urls = endpoints(url)
        self.timeout = timeout
        self.auth = self.urls.auth or credentials(self.urls.dataset, user)
        self.session = http_session()

    def _in_time(self, work: Callable[[], T], url: str) -> T:
        """work() run in a helper thread, its answer within the deadline, or DeadlineExceeded."""
        box: dict[str, Any] = {}

        def attempt() -> None:
            try:
                box["answer"] = work()
            except BaseException as exc:  # handed to the caller's thread
                box["error"] = exc

        worker = threading.Thread(target=attempt, name="geokg-http", daemon=True)
        worker.start()
        worker.join(self.timeout)
        if worker.is_alive():  # left behind, daemon
            raise DeadlineExceeded(url)
        if "error" in box:
            raise box["error"]
        return box["answer"]

    def _send(self, method: str, url: str, **kwargs):
        """One requests call (Graph Store Protocol), answered in full within the deadline."""
        session = self.session
        try:
            return self._in_time(lambda: session.request(method, url, auth=self.auth,
                                                         timeout=self.timeout, **kwargs), url)
        except DeadlineExceeded:
            self.session = http_session()  # the old one is still busy in the helper thread
            raise

    def _failure(self, url: str, exc: BaseException) -> str:
        """Why a request failed, for a person: timed out, cannot connect, cut short."""
        import requests

        reason = getattr(exc, "reason", None)
        if isinstance(exc, DeadlineExceeded | requests.Timeout | TimeoutError) \
                or isinstance(reason, TimeoutError):
            return (f"{url}: timed out after {self.timeout:g} s — is the server overloaded? "
                    "(--timeout)")
        if isinstance(exc, requests.ConnectionError | urllib.error.URLError):
            if isinstance(reason, OSError) and reason.strerror:
                why = reason.strerror
            else:
                match = _ERRNO_REASON.search(str(exc))
                why = match.group(1).strip() if match else type(exc).__name__
            return (f"{url}: cannot connect ({why}) after {RETRIES + 1} attempts "
                    "— is the server running at this address?")
        return f"{url}: the transfer failed ({type(exc).__name__}) — try again"

    # ----- queries

    def _answer(self, query: SparqlQuery) -> bytes:
        """The endpoint's answer to `query` (JSON results, or Turtle for a graph), retried."""
        from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        def attempt() -> bytes:
            sparql = SPARQLWrapper(self.urls.query, agent=f"geokg/{__version__}")
            sparql.setMethod(POST)
            sparql.setOnlyConneg(True)  # the Accept header only, no format=/output= parameters
            sparql.setReturnFormat(TURTLE if query.kind == "graph" else JSON)
            sparql.setQuery(query.text)
            # whole seconds only (SPARQLWrapper applies int()); the exact deadline is _in_time's
            sparql.setTimeout(math.ceil(self.timeout))
            if self.auth:
                sparql.setCredentials(*self.auth)
            try:
                return sparql.query().response.read()
            except urllib.error.HTTPError as exc:
                raise _refusal(exc) from None
            except SPARQLWrapperException as exc:
                raise _refusal(exc) from None

        from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential

        retrying = Retrying(
            stop=stop_after_attempt(RETRIES + 1), retry=retry_if_exception(_worth_retrying),
            wait=wait_exponential(multiplier=BACKOFF, max=BACKOFF_MAX), reraise=True)
        return self._in_time(lambda: retrying(attempt), self.urls.query)

    def query(self, query: SparqlQuery) -> ResultTable:
        url = self.urls.query
        try:
            raw = self._answer(query)
        except EndpointRefused as exc:
            if exc.status == 400:
                raise InputError(f"{url}: the server rejected the query: "
                                 f"{one_line(exc.body)}") from None
            raise ServerError(_http_message(exc.status, url, exc.body)) from None
        except (DeadlineExceeded, OSError, http.client.HTTPException) as exc:
            raise ServerError(self._failure(url, exc)) from None
        try:
            return turtle_table(raw) if query.kind == "graph" else json_table(raw)
        except (ValueError, SyntaxError) as exc:
            raise ServerError(f"{url}: the answer was cut short or is not SPARQL "
                              f"results ({_short(exc)}) — try again") from None

    def why_empty(self, query: SparqlQuery) -> str | None:
        """Why a query that does not name graphs found nothing, when the dataset is the
        cause: it is empty, or its default graph is not the union of its named graphs
        (a Fuseki dataset created without tdb2:unionDefaultGraph). None otherwise."""
        if names_graphs(query):
            return None
        if self.query(parse_query("ASK { ?s ?p ?o }")).boolean:
            return None
        dataset = self.urls.dataset
        if not self.query(parse_query("ASK { GRAPH ?g { ?s ?p ?o } }")).boolean:
            return (f"{dataset}: the dataset is empty — load it with "
                    f"'geokg load FILE --endpoint {dataset}'")
        return (f"{dataset}: the default graph is empty but the named graphs hold data, and "
                "the query reads the default graph — make the dataset's default graph the "
                "union of its named graphs (Fuseki: tdb2:unionDefaultGraph true, as in "
                "scripts/fuseki-geokg.ttl)")

    # ----- loading

    def check_dataset(self) -> None:
        """ASK the endpoint once, so a wrong URL fails before anything is sent."""
        self.query(parse_query("ASK { }"))

    def load(self, paths: Iterable[Path | str], graph: str | None = None) -> LoadReport:
        """PUT each named graph to <dataset>/data?graph=IRI (replacing it).

        All files are parsed first (an unreadable file loads nothing); a graph
        the server refuses is listed in `failed`, and the caller must not call
        that a success.
        """
        graphs = parse_many(paths, graph)
        self.check_dataset()
        report = LoadReport()
        for name, triples in graphs.items():
            error = self._put(name, triples)
            if error:
                report.failed.append((name, error))
            else:
                report.loaded.append((name, len(set(triples))))
        return report

    def _put(self, name: str, triples: list[ox.Triple]) -> str | None:
        """PUT one graph; None on success, else why not."""
        import requests

        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        try:
            response = self._send(
                "PUT", self.urls.gsp, params={"graph": name}, data=body,
                headers={"Content-Type": "application/n-triples; charset=utf-8"},
            )
        except (DeadlineExceeded, requests.RequestException) as exc:
            return self._failure(self.urls.gsp, exc).split(": ", 1)[1]
        if response.status_code >= 400:
            return _http_message(response.status_code, self.urls.gsp, response.content)
        return None


def _short(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:300]
