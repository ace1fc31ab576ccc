"""What was pushed where: the record, kept in the build, that makes ``push --changed`` send only
what changed and lets a push cut off by a dropped connection go on where it stopped.

``<build>/push-state.jsonl`` is a log with one JSON object a line, appended after every
graph the server has accepted (so a crash loses at most the graph being sent)::

    {"target": "http://h:7878/store", "graph": "https://…/document/x.txt", "digest": "…"}
    {"target": "http://h:7878/store", "graph": "https://…/document/y.txt", "deleted": true}

A target is the server's graph store (or update) URL. Replaying the log gives, per target,
the digest of each graph the server now holds; a successful push rewrites the log compacted.
A torn last line (the process killed while writing) is ignored.

The build directory is replaced by every build; :func:`carry_over` copies the record from
the previous build into the new one, and the build calls it in its write stage.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

STATE_FILE = "push-state.jsonl"


class PushState:
    """The graphs (and their digests) each target holds, as far as this build knows."""

    def __init__(self, build_dir: Path) -> None:
        self.path = build_dir / STATE_FILE
        self.targets: dict[str, dict[str, str]] = {}
        self._read()

    def _read(self) -> None:
        if not self.path.is_file():
            return
        with self.path.open(encoding="utf-8") as handle:
            for line in handle:
                try:
                    entry = json.loads(line)
                    target, graph = str(entry["target"]), str(entry["graph"])
                except (ValueError, KeyError, TypeError):
                    continue  # a torn line
                graphs = self.targets.setdefault(target, {})
                if entry.get("deleted"):
                    graphs.pop(graph, None)
                else:
                    graphs[graph] = str(entry.get("digest", ""))

    def graphs(self, target: str) -> dict[str, str]:
        """Graph IRI → digest of what ``target`` holds (empty if never pushed to)."""
        return dict(self.targets.get(target, {}))

    def record(self, target: str, graph: str, digest: str | None) -> None:
        """Note (at once, on disk) that ``target`` now holds ``graph``, or no longer (None)."""
        entry: dict[str, object] = {"target": target, "graph": graph}
        if digest is None:
            entry["deleted"] = True
            self.targets.get(target, {}).pop(graph, None)
        else:
            entry["digest"] = digest
            self.targets.setdefault(target, {})[graph] = digest
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
            handle.flush()
            os.fsync(handle.fileno())

    def compact(self) -> None:
        """Rewrite the log as one line per graph held (atomically)."""
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        with tmp.open("w", encoding="utf-8") as handle:
            for target, graphs in sorted(self.targets.items()):
                for graph, digest in sorted(graphs.items()):
                    handle.write(json.dumps({"target": target, "graph": graph,
                                             "digest": digest}, ensure_ascii=False) + "\n")
        os.replace(tmp, self.path)


def carry_over(previous_build: Path, new_build: Path) -> None:
    """Copy the push record of the build being replaced into the new one (the build's write
    stage calls this before the swap), so ``push --changed`` still knows what servers hold."""
    source = previous_build / STATE_FILE
    if source.is_file() and not (new_build / STATE_FILE).exists():
        shutil.copyfile(source, new_build / STATE_FILE)
