"""Imported by the fork server of a full build, before it forks the worker processes.

Importing the extractor, the mapper and the SHACL engine and warming the language models and
lexicons take about a second of CPU per process. :func:`.workers.prestart` starts the fork
server with this module preloaded as soon as a build knows it will use worker processes, so
that this happens once, on the core the main process leaves free while it makes the static
piece, and every worker forked afterwards starts warm (sharing those pages copy-on-write).
The warm-up leaves no thread running (checked in ``tests/test_build_prestart.py``), which
keeps the fork safe.
"""

from __future__ import annotations

from .workers import warm_up

warm_up()
