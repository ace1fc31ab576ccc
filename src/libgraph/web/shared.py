"""Values computed once for several page processes (``libgraph serve --processes N``).

Each forked page process has its own in-memory caches, which is right for what is cheap to
build, but the country comparison takes a minute or more on a large graph: N processes must
not each compute it. :func:`shared_value` lets the first process that asks compute it while
the others wait on a file lock and then read the result from a directory that the parent made
before forking (:func:`make_shared_dir`).
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any


def make_shared_dir() -> Path:
    """A fresh temporary directory, removed when the process that made it exits (not when a
    forked child exits: children inherit ``atexit`` handlers)."""
    path = Path(tempfile.mkdtemp(prefix="libgraph-serve-"))
    owner = os.getpid()

    def remove() -> None:
        if os.getpid() == owner:
            shutil.rmtree(path, ignore_errors=True)

    atexit.register(remove)
    return path


def shared_value(directory: Path, key: str, build: Callable[[], Any]) -> Any:
    """The JSON value stored under ``key``, computed by ``build`` in the first process that
    asks; the others block on the lock until it is written, then read it."""
    import fcntl  # POSIX only, as forking page processes is; imported here for Windows

    path = directory / f"{key}.json"
    with (directory / f"{key}.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if path.is_file():
                return json.loads(path.read_text(encoding="utf-8"))
            text = json.dumps(build(), ensure_ascii=False)
            partial = path.with_suffix(".part")
            partial.write_text(text, encoding="utf-8")
            partial.replace(path)
            return json.loads(text)  # the same value every process gets
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
