"""What the SHACL engine need not check in a piece, because Python has proved it.

About four fifths of a piece's lines are its evidence: per mention, the annotation, its
target, a position and a quote selector, seventeen lines in a fixed form (``rdf/evidence.py``).
The engine spends most of a piece's time on them, and on the five SPARQL-based constraints
that walk them from the minutes. :func:`shortcut` checks both here, strictly, and when it can
prove that they report nothing, the engine validates only the rest: the core shapes (no
``sh:sparql``) on the piece without the mention nodes' triples, with the other subjects as
focus nodes. Whenever the proof fails (a violation, or anything unusual) it returns None and
the piece is validated in full as before; the violations are the same either way.

Why the engine's results for the other focus nodes do not change without those triples:
core constraints read a focus node's own triples, the nodes reached by their shapes' paths and
those nodes' types. No triple outside a mention's own lines has one of its nodes as object
(checked), and of the inverse paths of the core shapes only ``^oa:hasBody`` reaches one (the
mention), where ``lgsh:MentionValue`` reads its type ``lg:Mention``: those two kinds of
triple are kept. (``^oa:hasSource``, ``^oa:hasTarget`` and ``^org:organization`` carry only
SPARQL constraints, proved here.)

The proof is written against one version of the shapes and class axioms: when they change,
:data:`SHAPES_FINGERPRINT` no longer matches, the shortcut is off and a test says so, until
someone has checked the argument above and the checks below against the new shapes.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from rdflib.namespace import RDF, RDFS, XSD

from ..ns import DCTERMS, FOAF, LG, OA, ORG, PROV, SCHEMA
from ..rdf.ntterms import nt_iri
from ..resources import resource
from ..validate import PieceTerms, piece_terms

SHAPES_FINGERPRINT = "7ea34c3ddf70e0b2ca9309c764554a8b76cd6de828a6b73cca6f28d7c105d0f6"

# The terms as the piece writer writes them (``rdf/ntterms.py``), from the namespace module.
RDF_TYPE, LABEL, SUBCLASS = nt_iri(RDF.type), nt_iri(RDFS.label), nt_iri(RDFS.subClassOf)
HAS_BODY, HAS_TARGET, HAS_SOURCE = nt_iri(OA.hasBody), nt_iri(OA.hasTarget), nt_iri(OA.hasSource)
HAS_SELECTOR, START, END, EXACT = (nt_iri(OA.hasSelector), nt_iri(OA.start), nt_iri(OA.end),
                                   nt_iri(OA.exact))
ANNOTATION, SPECIFIC = nt_iri(OA.Annotation), nt_iri(OA.SpecificResource)
POSITION, QUOTE = nt_iri(OA.TextPositionSelector), nt_iri(OA.TextQuoteSelector)
MENTION, MINUTES, MEETING = nt_iri(LG.Mention), nt_iri(LG.Minutes), nt_iri(LG.Meeting)
RULE, EVIDENCE_OF, LG_MINUTES = nt_iri(LG.rule), nt_iri(LG.evidenceOf), nt_iri(LG.minutes)
ABSENTEE, ATTENDEE, TEXT = nt_iri(LG.absentee), nt_iri(SCHEMA.attendee), nt_iri(SCHEMA.text)
IDENTIFIER, PERSON = nt_iri(DCTERMS.identifier), nt_iri(FOAF.Person)
DERIVED_FROM = nt_iri(PROV.wasDerivedFrom)
ORGANIZATION, ORG_ORGANIZATION = nt_iri(ORG.Organization), nt_iri(ORG.organization)
MEMBER, MEMBER_OF = nt_iri(ORG.member), nt_iri(ORG.memberOf)

_IRI = r"[^\s<>\"{}|^`\\\ud800-\udfff]*"  # IRI text without escapes or surrogates
# A plain literal as the piece writer writes it (the only escapes are \\ \" \n \r), its value
_STR = r'"([^"\\\n\r\ud800-\udfff]*(?:\\[\\"nr][^"\\\n\r\ud800-\udfff]*)*)"'
_LIT = _STR.replace("(", "(?:", 1)


def _line(subject: str, predicate: str, value: str) -> str:
    """A line, with the newline before it: a pattern that starts with a plain string is
    searched for fast."""
    return f"\n{subject} {re.escape(predicate)} {value} \\."


_M, _T, _P, _Q = "<(?P=m)>", "<(?P=m)-target>", "<(?P=m)-pos>", "<(?P=m)-quote>"


def _cluster_pattern() -> re.Pattern[str]:
    """One mention, as rdf/evidence.py writes it, its lines in sorted order. Each node has
    one label; the rest is what lgsh:MentionShape, SpecificResourceShape,
    TextPositionSelectorShape, TextQuoteSelectorShape and LabelledShape ask of it, with the
    checks of :func:`_mentions_conform`."""
    num = r'"(?P<{}>0|[1-9][0-9]*)"\^\^' + re.escape(nt_iri(XSD.nonNegativeInteger))
    return re.compile(
        "\n<(?P<m>" + _IRI + r"/id/mention/[0-9A-Za-z_.~-]+)-pos> "
        + re.escape(f"{RDF_TYPE} {POSITION}") + " \\."
        + _line(_P, LABEL, _LIT)
        + _line(_P, END, num.format("end"))
        + _line(_P, START, num.format("start"))
        + _line(_Q, RDF_TYPE, re.escape(QUOTE))
        + _line(_Q, LABEL, _LIT)
        + _line(_Q, EXACT, _STR.replace("(", "(?P<exact>", 1))
        + _line(_T, RDF_TYPE, re.escape(SPECIFIC))
        + _line(_T, LABEL, _LIT)
        + _line(_T, HAS_SELECTOR, _P)
        + _line(_T, HAS_SELECTOR, _Q)
        + _line(_T, HAS_SOURCE, "(?P<source><" + _IRI + ">)")
        + _line(_M, RDF_TYPE, re.escape(ANNOTATION))
        + _line(_M, RDF_TYPE, re.escape(MENTION))
        + _line(_M, LABEL, _LIT)
        + "(?P<bodies>(?:" + _line(_M, HAS_BODY, "<" + _IRI + ">") + ")+)"
        + _line(_M, HAS_TARGET, _T)
        + "(?:" + _line(_M, EVIDENCE_OF, "(?P<evidence><" + _IRI + ">)") + ")?"
        + "(?:" + _line(_M, RULE, _STR.replace("(", "(?P<rule>", 1)) + ")?(?=\n)")


CLUSTER = _cluster_pattern()
_BODY = re.compile("> (<[^ ]*>) \\.")
_ESCAPE = re.compile(r"\\(.)")
_UNESCAPE = {"\\": "\\", '"': '"', "n": "\n", "r": "\r"}
# Characters outside XML's Char production, which xsd:string does not allow.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_PLAIN = re.compile(_STR)

Pairs = list[tuple[str, str]]


@dataclass(frozen=True)
class Shortcut:
    """The engine's share of a piece: its data (N-Triples lines) and focus node IRIs."""

    lines: list[str]
    focus: list[str]


@cache
def enabled(axioms: frozenset[str]) -> bool:
    """The shortcut is on for the shapes and class axioms it was proved against."""
    return fingerprint(axioms) == SHAPES_FINGERPRINT


@cache
def fingerprint(axioms: frozenset[str]) -> str:
    """SHA-256 of the shapes files and of the class axioms (rdfs:subClassOf lines)."""
    digest = hashlib.sha256()
    for path in sorted(resource("shapes").glob("*.ttl")):
        digest.update(path.read_bytes())
    for line in sorted(axioms):
        digest.update(line.encode("utf-8") + b"\n")
    return digest.hexdigest()


class _Graph:
    """The lines of a piece outside its mentions, with its static context, indexed.

    ``ok`` is False for text that Python cannot compare safely: IRIs are compared as
    text, so they must have one spelling (no escapes), and there must be no blank nodes.
    """

    def __init__(self, lines: Iterable[str]) -> None:
        self.lines: set[str] = set()
        self.by_subject: dict[str, Pairs] = defaultdict(list)
        self.referenced: set[str] = set()  # IRIs that are objects
        self.by_type: dict[str, list[str]] = defaultdict(list)
        self.inverse: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.predicates: set[str] = set()
        self.ok = self._add(lines)

    def _add(self, lines: Iterable[str]) -> bool:
        for line in lines:
            parts = line[:-2].split(" ", 2)
            if len(parts) != 3 or not parts[2] or not line.endswith(" ."):
                return False
            subject, predicate, value = parts
            if subject[0] != "<" or "\\" in subject or "\\" in predicate or \
                    (value[0] != '"' and (value[0] != "<" or "\\" in value)):
                return False
            self.lines.add(line)
            self.predicates.add(predicate)
            self.by_subject[subject].append((predicate, value))
            if value[0] == "<":
                self.referenced.add(value)
                if predicate == RDF_TYPE:
                    self.by_type[value].append(subject)
                elif predicate == ORG_ORGANIZATION:
                    self.inverse[predicate, value].append(subject)
        return True

    def has(self, subject: str, predicate: str, value: str) -> bool:
        return f"{subject} {predicate} {value} ." in self.lines

    def values(self, subject: str, predicate: str) -> list[str]:
        return [v for p, v in self.by_subject.get(subject, ()) if p == predicate]


@dataclass(frozen=True)
class _Mention:
    iri: str
    source: str
    start: int
    end: int
    exact: str | None
    bodies: list[str]
    evidence: str | None
    rule: str | None
    keep: str  # its lines that the core constraints on other nodes read (type, bodies)

    def nodes(self) -> tuple[str, ...]:
        stem = self.iri[:-1]
        return self.iri, f"{stem}-target>", f"{stem}-pos>", f"{stem}-quote>"


def _mention_of(match: re.Match[str]) -> _Mention:
    iri = f"<{match['m']}>"
    bodies = match["bodies"]
    return _Mention(iri, match["source"], int(match["start"]), int(match["end"]),
                    _unescape(match["exact"]), _BODY.findall(bodies),
                    match["evidence"], None if match["rule"] is None else _unescape(match["rule"]),
                    f"\n{iri} {RDF_TYPE} {MENTION} .{bodies}")


@dataclass(frozen=True)
class Parts:
    """A piece as its mentions (in the written form) and its other lines."""

    mentions: list[_Mention]
    rest: list[str]

    def terms(self) -> PieceTerms:
        """``piece_terms`` of the whole piece, from the other lines and the mentions."""
        terms = piece_terms(self.rest)
        subjects, named = set(terms.subjects), set(terms.named)
        for m in self.mentions:
            nodes = m.nodes()
            subjects.update(nodes)
            named.update(nodes)
            named.update(m.bodies)
            named.update((m.source, *_CLASSES) if m.evidence is None
                         else (m.source, m.evidence, *_CLASSES))
        return PieceTerms(subjects, named)


_CLASSES = (POSITION, QUOTE, SPECIFIC, ANNOTATION, MENTION)


def split(lines: list[str]) -> Parts | None:
    """The piece's mentions and other lines; None if it has class axioms of its own (the
    proof is for the shipped ones)."""
    text = "\n" + "\n".join(lines) + "\n"
    if SUBCLASS in text:
        return None
    mentions: list[_Mention] = []
    rest = CLUSTER.sub(lambda m: mentions.append(_mention_of(m)) or "", text).split("\n")[1:-1]
    return Parts(mentions, rest)


def shortcut(lines: list[str], context: list[str], subjects: list[str],
             parts: Parts | None = None) -> Shortcut | None:
    """The engine's share of a piece (``lines``, with ``context`` its static lines and
    ``subjects`` its subject IRIs; ``parts`` its :func:`split` if made already), or None
    when Python cannot prove that the rest reports nothing."""
    axioms = frozenset(line for line in context if SUBCLASS in line)
    parts = parts if parts is not None else split(lines)
    if parts is None or not enabled(axioms):
        return None  # the class axioms are the ones proved against
    mentions, rest = parts.mentions, parts.rest
    graph = _Graph([*rest, *context])
    if not graph.ok or not _mentions_conform(graph, mentions) or \
            not _sparql_holds(graph, mentions):
        return None
    proved = {node for mention in mentions for node in mention.nodes()}
    focus = [iri for iri in subjects if f"<{iri}>" not in proved]
    kept = "".join(m.keep for m in mentions).split("\n")[1:]
    return Shortcut([*rest, *kept, *context], focus)


def _mentions_conform(graph: _Graph, mentions: list[_Mention]) -> bool:
    """Every mention node conforms, and none is described or pointed at outside its lines."""
    nodes = [node for mention in mentions for node in mention.nodes()]
    proved = set(nodes)
    if len(proved) != len(nodes) or not proved.isdisjoint(graph.by_subject) or \
            not proved.isdisjoint(graph.referenced):
        return False
    if any(graph.by_type.get(kind) for kind in (MENTION, SPECIFIC, POSITION, QUOTE)):
        return False  # a mention node not in the written form
    if HAS_SOURCE in graph.predicates:  # a target outside the mentions
        return False
    for m in mentions:
        if not (m.start < m.end and m.exact and not _NOT_XML.search(m.exact)
                and (m.rule is None or not _NOT_XML.search(m.rule))
                and graph.has(m.source, RDF_TYPE, MINUTES)
                and proved.isdisjoint(m.bodies) and m.evidence not in proved):
            return False
    return True


def _unescape(literal: str) -> str:
    return _ESCAPE.sub(lambda m: _UNESCAPE[m.group(1)], literal) if "\\" in literal \
        else literal


def _string(literal: str) -> str | None:
    """The value of a plain literal that is a valid xsd:string, else None."""
    match = _PLAIN.fullmatch(literal)
    if match is None:
        return None
    text = _unescape(match.group(1))
    return None if _NOT_XML.search(text) else text


# -- the SPARQL-based constraints: that none of their queries has a solution -----------------
# Their data: the mentions (targets: oa:hasSource, mentions: oa:hasTarget only within a
# mention's lines, checked above) and the other lines.


def _sparql_holds(graph: _Graph, mentions: list[_Mention]) -> bool:
    by_source: dict[str, list[_Mention]] = defaultdict(list)
    by_body: dict[str, list[_Mention]] = defaultdict(list)
    for mention in mentions:
        by_source[mention.source].append(mention)
        for body in mention.bodies:
            by_body[body].append(mention)
    minutes = graph.by_type.get(MINUTES, ())
    return (all(_minutes_hash(graph, m) and _quotes_match(graph, m, by_source[m])
                and _evidence_stated(graph, by_source[m]) for m in minutes)
            and all(_attendance_evidenced(graph, m, by_body)
                    for m in graph.by_type.get(MEETING, ()))
            and all(_memberships_shortcut(graph, o)
                    for o in graph.by_type.get(ORGANIZATION, ())))


def _minutes_hash(graph: _Graph, minutes: str) -> bool:
    """lgsh:MinutesHashConstraint: identifier = SHA-256 of the text, IRI ends with it."""
    for value in graph.values(minutes, IDENTIFIER):
        for text in graph.values(minutes, TEXT):
            identifier, body = _string(value), _string(text)
            if identifier is None or body is None:
                return False
            if hashlib.sha256(body.encode("utf-8")).hexdigest() != identifier or \
                    not minutes[1:-1].endswith(f"/minutes/{identifier[:16]}"):
                return False
    return True


def _quotes_match(graph: _Graph, minutes: str, mentions: list[_Mention]) -> bool:
    """lgsh:QuoteMatchesTextConstraint: every target's quote is the text at its offsets."""
    for text in (_string(t) for t in graph.values(minutes, TEXT)):
        for m in mentions:
            if text is None or m.exact is None or len(m.exact) != m.end - m.start or \
                    text[m.start: m.end] != m.exact:
                return False
    return True


def _evidence_stated(graph: _Graph, mentions: list[_Mention]) -> bool:
    """lgsh:EvidenceOfStatementConstraint: two bodies of a mention are linked by its
    lg:evidenceOf property."""
    return all(any(graph.has(s, m.evidence, o) for s in m.bodies for o in m.bodies)
               for m in mentions if m.evidence is not None)


def _attendance_evidenced(graph: _Graph, meeting: str,
                          by_body: dict[str, list[_Mention]]) -> bool:
    """lgsh:AttendanceEvidenceConstraint, for attendees and absentees."""
    minutes = graph.values(meeting, LG_MINUTES)
    for prop in (ATTENDEE, ABSENTEE):
        for person in graph.values(meeting, prop):
            mentioned = graph.has(person, RDF_TYPE, PERSON) and any(
                m.evidence is not None and graph.has(meeting, m.evidence, person)
                for m in by_body.get(person, ()))
            if not mentioned and not any(graph.has(person, DERIVED_FROM, m) for m in minutes):
                return False
    return True


def _memberships_shortcut(graph: _Graph, org: str) -> bool:
    """lgsh:MembershipShortcutConstraint: each affiliation's member is memberOf the org."""
    return all(graph.has(person, MEMBER_OF, org)
               for membership in graph.inverse.get((ORG_ORGANIZATION, org), ())
               for person in graph.values(membership, MEMBER))
