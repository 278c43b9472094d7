"""The examples of README's "Python API" section, run as doctests.

Every `>>>` line of the section's ```python blocks runs, in order, in one
namespace, from a temporary directory holding a copy of seeds/, and its
output must match the README (`...` matches anything).
"""

from __future__ import annotations

import doctest
import re
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def api_examples() -> str:
    """The ```python blocks of the "## Python API" section, joined."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Python API\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    assert blocks and all(">>> " in block for block in blocks)
    return "\n".join(blocks)


def test_python_api_examples_of_the_readme(tmp_path, monkeypatch):
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    parser = doctest.DocTestParser()
    test = parser.get_doctest(api_examples(), {}, "README.md: Python API", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test, out=lambda text: pytest.fail(text, pytrace=False))
    assert runner.summarize(verbose=False).attempted == len(test.examples) > 8
    assert (tmp_path / "out" / "kg.trig").is_file()
