"""The shortcut of a piece's SHACL (``build/proof.py``) reports what the full validation does.

Each case changes a demo piece (inside a mention, so that the proof fails and the piece is
validated in full, or outside, so that the engine gets the smaller task) and compares the
violations of both routes; seeded random changes add a few hundred more.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from libgraph.build.ntriples import read_lines
from libgraph.build.proof import SHAPES_FINGERPRINT, fingerprint, shortcut, split
from libgraph.build.validate import check_piece
from libgraph.validate import StaticContext, piece_terms, static_context, validate_piece

NNI = "^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


@pytest.fixture(scope="module")
def pieces(demo_build: tuple[Path, object]) -> tuple[StaticContext, list[list[str]]]:
    cache = demo_build[0] / "cache"
    static = next(cache.glob("static-*.nt"))
    lines = [read_lines(p) for p in sorted(cache.glob("*.nt")) if not p.name.startswith("static")]
    return StaticContext(read_lines(static)), [p for p in lines if p]


def _routes(lines: list[str], context: StaticContext) -> tuple[bool, list, list]:
    """Whether the shortcut applies, the full validation's violations and check_piece's."""
    terms = piece_terms(lines)
    parts = split(lines)
    assert parts is None or parts.terms() == terms
    used = shortcut(lines, context.lines_for(lines, terms), terms.subject_iris()) is not None
    short, _shared = check_piece(lines, context, "0" * 64)
    return used, validate_piece(lines, context, terms), short


def test_the_proof_is_for_these_shapes_and_class_axioms() -> None:
    assert fingerprint(frozenset(static_context().axioms)) == SHAPES_FINGERPRINT, (
        "shapes/ or the class axioms changed: check the argument of build/proof.py against "
        "them, then set SHAPES_FINGERPRINT to the new fingerprint")


def test_every_demo_piece_takes_the_shortcut_with_the_same_result(pieces) -> None:
    context, lines = pieces
    for piece in lines:
        used, full, short = _routes(piece, context)
        assert used and full == short == []


def _first(lines: list[str], *words: str) -> int:
    return next(i for i, line in enumerate(lines) if all(w in line for w in words))


def _replace(lines: list[str], index: int, line: str | None) -> list[str]:
    out = lines[:index] + ([line] if line is not None else []) + lines[index + 1:]
    return sorted(set(out))


def _object(line: str, value: str) -> str:
    subject, predicate, _rest = line.split(" ", 2)
    return f"{subject} {predicate} {value} ."


CASES = {  # name: (words that pick the line, its replacement (None: dropped), shortcut used)
    "person without a name": (("xmlns.com/foaf/0.1/name>",), None, True),
    "decision without a label": (("/id/decision/", "rdf-schema#label>"), None, True),
    "attendee not typed a person": (("/id/person/", TYPE, "foaf/0.1/Person"), None, True),
    "meeting date not a date": (("schema.org/startDate>",),
                                '"2019-13-45"^^<http://www.w3.org/2001/XMLSchema#date>', True),
    "minutes with a wrong hash": (("purl.org/dc/terms/identifier>", "/minutes/"), '"00"',
                                  False),
    "quote not the text": (("oa#exact>",), '"not in the text"', False),
    "start after end": (("oa#start>",), f'"99999"{NNI}', False),
    "end typed xsd:integer": (("oa#end>",), '"5"^^<http://www.w3.org/2001/XMLSchema#integer>',
                              False),
    "mention without a label": (("/id/mention/", "rdf-schema#label>"), None, False),
    "target without a source": (("oa#hasSource>",), None, False),
    "evidence of a label": (("ontology#evidenceOf>",),
                            "<http://www.w3.org/2000/01/rdf-schema#label>", False),
    "body a literal": (("oa#hasBody>",), '"someone"', False),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_changed_piece_gets_the_violations_of_the_full_validation(pieces, name: str) -> None:
    context, lines = pieces
    words, value, fast = CASES[name]
    piece = max(lines, key=len)
    index = _first(piece, *words)
    changed = _replace(piece, index, None if value is None else _object(piece[index], value))
    used, full, short = _routes(changed, context)
    assert full, "the change should break a shape"
    assert used == fast
    assert short == full


def _mutate(rng: random.Random, lines: list[str]) -> list[str]:
    """Drop a line, or give it another object, subject or a literal (mostly outside the
    mentions, whose changes all take the full route)."""
    outside = [i for i, line in enumerate(lines) if "/mention/" not in line.split(" ", 1)[0]]
    index = rng.choice(outside) if rng.random() < 0.75 else rng.randrange(len(lines))
    subject, predicate, value = lines[index][:-2].split(" ", 2)
    other = rng.choice(lines)[:-2].split(" ", 2)
    choice = rng.randrange(5)
    line = [None, f"{subject} {predicate} {other[2]} .", f"{other[0]} {predicate} {value} .",
            f'{subject} {predicate} "x" .', f"{subject} {predicate} {other[0]} ."][choice]
    return _replace(lines, index, line)


def test_random_changes_get_the_violations_of_the_full_validation(pieces) -> None:
    context, lines = pieces
    rng = random.Random(16)
    shortcuts = 0
    for _ in range(150):
        piece = rng.choice(lines)
        for _ in range(rng.choice((1, 1, 2, 3))):
            piece = _mutate(rng, piece)
        used, full, short = _routes(piece, context)
        assert short == full
        shortcuts += used and bool(full)
    assert shortcuts >= 20  # the engine's smaller task was tried on violations too
