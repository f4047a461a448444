"""A small on-disk cache for what the pipeline build derives from data files.

Building the pipeline tokenises every lexicon phrase (spaCy makes a lexeme for each new word,
most of the build's own time) and lower-cases spaCy's 40,000-entry lemma table. Both depend
only on the data files, our code and the installed packages, so the results are kept as JSON
under $REPORTSVC_CACHE_DIR (default $XDG_CACHE_HOME/reportsvc or ~/.cache/reportsvc), in a
file named by a hash of all of those inputs: a changed input is a new name, never a stale
read. A missing, unreadable or corrupt file is rebuilt; an unwritable directory only costs
the rebuild. Files are written to a temporary name and renamed, so concurrent builds are safe;
writing one removes the files of the same kind built from older inputs.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

FORMAT = b"1"


def cache_dir() -> Path:
    explicit = os.environ.get("REPORTSVC_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "reportsvc"


def source_of(module_file: str) -> bytes:
    """A module's source, as a cache input (any edit to the build code is a new key)."""
    try:
        return Path(module_file).read_bytes()
    except OSError:
        return b"?"


def cached(kind: str, inputs: Iterable[bytes], build: Callable[[], Any]) -> Any:
    """build(), or its JSON-compatible result from an earlier process with the same inputs."""
    digest = hashlib.sha256(b"\0".join([FORMAT, kind.encode(), sys.version.encode(), *inputs]))
    path = cache_dir() / f"{kind}-{digest.hexdigest()[:24]}.json"
    try:
        return json.loads(path.read_bytes())
    except (OSError, ValueError):
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", dir=path.parent, suffix=".tmp", delete=False, encoding="utf-8"
        ) as tmp:
            try:
                json.dump(value, tmp, ensure_ascii=False, separators=(",", ":"))
            except BaseException:
                os.unlink(tmp.name)
                raise
        os.replace(tmp.name, path)
        for stale in path.parent.glob(f"{kind}-*.json"):
            if stale != path:
                stale.unlink(missing_ok=True)  # built from older inputs
    except OSError:
        pass  # not writable: the next process builds again
    return value
