"""A real Apache Jena Fuseki for the tests, started once per session.

`fuseki` yields the URL of an in-memory dataset `geokg` (union default graph,
updates and Graph Store Protocol allowed: scripts/fuseki-geokg.ttl) on a free
loopback port. The jar comes from Maven Central through scripts/fuseki.sh
(cached under .cache/fuseki/). Without Java or Maven the tests are skipped
on a laptop, but under CI=true that is a failure: CI must run them.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "fuseki.sh"
CONFIG = ROOT / "scripts" / "fuseki-geokg.ttl"
START_TIMEOUT = 120.0


def unavailable(reason: str) -> None:
    """Skip on a laptop; fail under CI, where Fuseki must be there."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"Fuseki tests cannot run under CI: {reason}", pytrace=False)
    pytest.skip(f"Fuseki not available: {reason}")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fuseki_jar() -> Path:
    """The cached jar, fetched with Maven by scripts/fuseki.sh when missing."""
    if os.environ.get("FUSEKI_JAR"):
        return Path(os.environ["FUSEKI_JAR"])
    if not shutil.which("mvn"):
        cached = sorted((ROOT / ".cache" / "fuseki").glob("jena-fuseki-server-*.jar"))
        if cached:
            return cached[-1]
        unavailable("mvn not found to fetch jena-fuseki-server (apt-get install maven)")
    done = subprocess.run(["bash", str(SCRIPT), "jar"], capture_output=True, text=True,
                          timeout=600, check=False)
    if done.returncode != 0:
        unavailable(f"fetching the Fuseki jar failed: {done.stderr.strip()[-500:]}")
    return Path(done.stdout.strip().splitlines()[-1])


def _wait_for_ping(base: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"Fuseki exited with {process.returncode}:\n{log.read_text()[-2000:]}")
        try:
            if requests.get(base + "/$/ping", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    pytest.fail(f"Fuseki did not answer /$/ping in {START_TIMEOUT:.0f} s:\n"
                f"{log.read_text()[-2000:]}")


@pytest.fixture(scope="session")
def fuseki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of the running Fuseki dataset, e.g. http://127.0.0.1:41234/geokg."""
    if not shutil.which("java"):
        unavailable("java not found (Java 17+ needed)")
    jar = fuseki_jar()
    base_dir = tmp_path_factory.mktemp("fuseki")
    log = base_dir / "fuseki.log"
    port = free_port()
    env = dict(os.environ, FUSEKI_BASE=str(base_dir / "run"))
    with log.open("wb") as out:
        process = subprocess.Popen(
            ["java", "-Xmx1g", "-jar", str(jar), "--localhost", f"--port={port}",
             f"--config={CONFIG}"],
            cwd=base_dir, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for_ping(base, process, log)
        yield base + "/geokg"
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
