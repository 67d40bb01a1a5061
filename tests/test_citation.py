"""CITATION.cff names the version of the course that nnlib.__version__ states (the version is written in these two
places only: pyproject.toml reads nnlib's)."""

import re
from pathlib import Path

import nnlib

ROOT = Path(__file__).resolve().parent.parent


def test_citation_cff_has_nnlib_s_version_and_the_licence():
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert re.search(r"^cff-version: 1\.2\.0$", text, re.M)
    assert re.search(rf'^version: "{re.escape(nnlib.__version__)}"$', text, re.M), "CITATION.cff's version is stale"
    assert re.search(r"^license: MIT$", text, re.M)
    assert (ROOT / "LICENSE").is_file() and (ROOT / "LICENSE-notebooks.md").is_file()
