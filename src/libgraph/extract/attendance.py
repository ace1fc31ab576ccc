"""Attendee, absentee and minute-taker lists in every common shape.

Shapes handled: a header followed by a comma list on the same line ("Närvarande: A, B och
C"), one person per line ("Anna Berg, Växjö stadsbibliotek"), "Name Municipality" pairs, a
municipality or body before a colon ("Alvesta: Anna Berg og Per Ek"), a body after the last
name of a line ("... Sara Wijk, Camilla Carnmo BiBK"), role titles before or after names,
"Org v/ Name", and run-on text where several headers follow each other on one line.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache

from ..record import Person
from .context import ExtractionContext
from .lexicon import (
    ABSENT_HEADERS,
    ADJUSTER_HEADERS,
    CHAIR_HEADERS,
    FUNCTION_ROLES,
    GROUP_HEADERS,
    MINUTE_TAKER_HEADERS,
    PRESENT_HEADERS,
    ROLE_HEADERS,
    STOPWORDS,
)
from .names import NOT_NAME_WORDS, NameMatch, find_names, find_unlisted_name, initials
from .phrases import Phrase, body_in_role, classify, leading_phrase
from .roles import is_role_word, role_prefix
from .text import Chunk

HEADER_KINDS = (
    ("absent", ABSENT_HEADERS),
    ("present", PRESENT_HEADERS),
    ("group", tuple(GROUP_HEADERS)),
    ("minute_taker", MINUTE_TAKER_HEADERS),
    ("chair", CHAIR_HEADERS),
    ("adjuster", ADJUSTER_HEADERS),
    ("role", tuple(sorted(set(ROLE_HEADERS)))),
)
_ENTRY_SPLIT = re.compile(r"\s*(?:[,;\n\t•·]|(?<=\s)(?:och|og|samt|&|and)(?=\s))\s*")
_ITEM_MARK = re.compile(r"\s(?:§\s*\d|(?:Sak|Sag|Punkt|Ärende)\s+\d|\d{1,2}\)\s"
                        r"|\d{1,2}\.?\s+(?=[A-ZÅÄÖÆØ][a-zåäöæø]+\s+[a-zåäöæø]))")
_LEAD = r"^[ \t]*(?:[#>*•\-–]+[ \t]*)*(?:\*\*|__)?"


@dataclass(frozen=True)
class Block:
    kind: str
    header: Chunk
    body: Chunk


# Letters the colon tail may take straight after a one-word header ("Deltogvar:" is the
# header "deltog" and its tail "var:").
_TAIL_WORDS = ("var", "were", "er", "är")


def _header_re(first: str | None = None) -> re.Pattern[str]:
    """The header pattern; with ``first``, only the headers that can match where that word
    (a run of letters, lower-cased) starts: those beginning with it, and one-word headers
    that it continues with the letters of the colon tail. Every other alternative needs other
    letters there, so the match is the same, and trying it is saved."""
    alts = []
    for kind, words in HEADER_KINDS:
        for word in sorted(words, key=len, reverse=True):
            alts.append((kind, word, re.escape(word).replace(r"\ ", r"\s+")))
    joined = "|".join(f"(?P<{kind}{i}>{w})" for i, (kind, word, w) in enumerate(alts)
                      if first is None or word.split()[0] == first
                      or (" " not in word and first in {word + t for t in _TAIL_WORDS}))
    # "Tilstede fra styret:", "Närvarande från kansliet:": a qualifier before the colon
    qualifier = r"(?:[ \t]+(?:fra|frå|från|af|av|for|för)[ \t]+[^\W\d_]+(?:[ \t]+[^\W\d_]+)?)?"
    return re.compile(rf"(?<![\w-])(?:{joined})(?:\*\*|__)?(?P<tail>{qualifier}"
                      rf"(?:\s*\([^()\n]{{1,40}}\))?"
                      rf"\s*(?:var|were|er|är)?\s*:"
                      rf"|\s+(?:var|were|vart|blev)\b|[ \t]*$|[ \t]+(?=(?-i:[A-ZÅÄÖÆØ])))",
                      re.IGNORECASE | re.MULTILINE)


_HEADER_RE = _header_re()
# Header words start with one of these words: the big pattern is tried only there.
_HEADER_FIRST = frozenset(w.split()[0] for _k, words in HEADER_KINDS for w in words)
assert all(re.fullmatch(r"[^\W\d_]+", w) for w in _HEADER_FIRST)  # letters only: see below
# Plain letters (none that ignoring case matches another letter too, as "ı" does "i"): a
# header can match only where the run of letters, lower-cased, is its first word.
assert all(re.fullmatch(r"[a-zåäöæøé ]+", w) for _k, words in HEADER_KINDS for w in words)


@cache
def _header_at(first: str) -> re.Pattern[str]:
    """The header pattern for a place where ``first`` starts (compiled on first use)."""
    return _header_re(first)


# A whole run of letters at a word start. Every first word is letters only, so a header can
# start only where such a run, lower-cased, is one of them.
_LETTER_RUN = re.compile(r"(?<![\w-])[^\W\d_]+")


def _header_matches(text: str) -> list[re.Match[str]]:
    """Non-overlapping header matches, found by trying the pattern only at candidate words.

    The candidates are the runs of letters that are a header's first word, looked up in a
    set: a case-insensitive alternation of the 150 first words, scanned over the text, cost
    more than the rest of the attendance reader (the engine tries every alternative at
    every word start)."""
    out: list[re.Match[str]] = []
    end = 0
    for word in _LETTER_RUN.finditer(text):
        if word.start() < end or word.group().lower() not in _HEADER_FIRST:
            continue
        m = _header_at(word.group().lower()).match(text, word.start())
        if m:
            out.append(m)
            end = m.end()
    return out


def _kind(m: re.Match[str]) -> str:
    name = next(k for k, v in m.groupdict().items() if v is not None and k != "tail")
    return re.sub(r"\d+$", "", name)


def find_blocks(ctx: ExtractionContext) -> list[Block]:
    """Header occurrences that start a line or a sentence, or that end with a colon."""
    text = ctx.text
    blocks: list[Block] = []
    matches = [m for m in _header_matches(text) if _is_header_position(ctx, m)]
    for idx, m in enumerate(matches):
        limit = matches[idx + 1].start() if idx + 1 < len(matches) else len(text)
        body = _body(ctx, m, limit)
        if body.text.strip():
            blocks.append(Block(_kind(m), Chunk(m.start(), m.end(), m.group()), body))
    return blocks


def _is_header_position(ctx: ExtractionContext, m: re.Match[str]) -> bool:
    line = ctx.view.line_at(m.start())
    if line is None:
        return False
    before = ctx.text[line.start:m.start()]
    at_line_start = re.fullmatch(r"[ \t]*(?:[#>*•\-–/]+[ \t]*)*(?:\*\*|__)?", before) is not None
    sentence = ctx.view.sentence_at(m.start())
    at_sentence_start = sentence is not None and sentence.start == m.start()
    has_colon = ":" in m.group("tail")
    if at_line_start:
        if not m.group("tail").strip() and ctx.text[m.end():line.end].strip():
            # "Sammanställt av Anna Ring.": a header word directly followed by a name.
            names = find_names(ctx.text[m.end():line.end].lstrip(), ctx.names.is_first_name)
            return bool(names) and names[0].start == 0 and names[0].is_full
        # A bare word on its own line ("Anteckningar") is a header only if short lines follow.
        return has_colon or m.group("tail").strip() != "" or _line_is_header_only(ctx, line)
    if at_sentence_start and m.group("tail").strip():
        return True
    # Run-on text (PDF transcripts): "... Närvarande: A, B. Frånvarande: C".
    if has_colon:
        # A lower-case header word inside a long line must be followed by a name ("... det
        # uddelte referat: Ad punkt 7" is prose).
        return before.strip()[-1:] in ".;)" or m.group(0)[0].isupper() or (
            len(line.text) > 200 and _full_name_at(ctx, m.end()))
    # "Fra Kontrollkomiteen møtte Anna Berg, ...": a past-tense header verb inside a
    # sentence, directly followed by a full name.
    if m.group(0).split()[0].lower() in _PRESENT_VERBS and _full_name_at(ctx, m.end()):
        return True
    # A table's column heading: "Ledamöter   Närvarande" closing a short line, names below.
    # (Not "Eva Holm, kassör": a role after a person's name closes that person's entry.)
    if not m.group("tail").strip() and not ctx.text[m.end():line.end].strip() \
            and len(line.text.split()) <= 3 and _full_name_at(ctx, line.end + 1) \
            and not any(n.is_full for n in find_names(before, ctx.names.is_first_name)):
        return True
    # "... Regionbibliotek Sydmark Förhinder Eva Lind, ...": a capitalised header word with
    # no colon inside a long run-on line, directly followed by a full name.
    return len(line.text) > 200 and m.group(0)[0].isupper() and _full_name_at(ctx, m.end())


_PRESENT_VERBS = frozenset({"møtte", "mødte", "deltok", "deltog", "møtt", "mødt"})


def _full_name_at(ctx: ExtractionContext, pos: int) -> bool:
    after = ctx.text[pos:pos + 80]
    names = find_names(after.lstrip(), ctx.names.is_first_name)
    return bool(names) and names[0].start == 0 and names[0].is_full


def _line_is_header_only(ctx: ExtractionContext, line: Chunk) -> bool:
    return len(line.text.split()) <= 4


def _body(ctx: ExtractionContext, m: re.Match[str], limit: int) -> Chunk:
    text = ctx.text
    line = ctx.view.line_at(m.start())
    assert line is not None
    rest_end = min(line.end, limit)
    rest = Chunk(m.end(), rest_end, text[m.end():rest_end])
    if rest.text.strip():
        end = _sentence_limit(ctx, rest)
        follow = _following_lines(ctx, end, limit) if end == rest.end else end
        return Chunk(rest.start, follow, text[rest.start:follow])
    follow = _following_lines(ctx, line.end, limit, header_alone=True)
    return Chunk(line.end, follow, text[line.end:follow])


def _sentence_limit(ctx: ExtractionContext, rest: Chunk) -> int:
    """End a run-on list at a numbered item ("§ 1", "Sak 2/22"), or at the sentence end unless
    the next sentence starts with a name."""
    inside = _bracketed(rest.text)
    item = next((m for m in _ITEM_MARK.finditer(rest.text) if m.start() not in inside), None)
    if item:
        rest = rest.sub(0, item.start())
    for m in re.finditer(r"(?<![A-ZÅÄÖÆØ])\.\s+(?=\S)", rest.text):
        if m.start() in inside:
            continue
        after = rest.text[m.end():]
        if not _list_goes_on(ctx, after):
            return rest.start + m.start() + 1
    return rest.end


def _list_goes_on(ctx: ExtractionContext, after: str) -> bool:
    """After a full stop, a list goes on if the next entry starts with a name, or with a
    body name written with an abbreviation ("Kungl. Biblioteket Anna Berg, ...")."""
    entry = re.split(r"[,;\n]", after[:100], maxsplit=1)[0]
    names = find_names(entry, ctx.names.is_first_name)
    if not names:
        return False
    if names[0].start == 0:
        # "Per Ek fratrådte møtet ...": a name followed by a verb opens a sentence.
        word = re.match(r"\s+([a-zåäöæø]{3,})\b", after[names[0].end:])
        return not word or word.group(1) in _LIST_LINKS or is_role_word(word.group(1))
    before = entry[: names[0].start].split()
    return names[0].is_full and len(before) <= 4 and all(w[:1].isupper() for w in before)


def _following_lines(ctx: ExtractionContext, pos: int, limit: int, header_alone: bool = False
                     ) -> int:
    """Extend a list over following lines: one per line, or a paragraph of names only.

    A blank line may separate a header standing alone on its line from the first name
    ("Anteckningar\n\nAnna Persson"); after that, a blank line ends the list unless the next
    paragraph is nothing but names (a second group of attendees)."""
    end = pos
    blank_run = 0
    lines = ctx.view.lines
    # The first line starting after ``pos``, by bisection: blocks are many in long documents.
    first = bisect_right(lines, pos, key=lambda chunk: chunk.start)
    for line in itertools.islice(lines, first, None):
        if line.start >= limit:
            break
        if not line.text.strip():
            blank_run += 1
            if blank_run > 1:
                break
            continue
        if end == pos and _is_column_heading(line.text):
            end = line.end  # "Namn  Organisation  Roll": a table's heading row
            continue
        starts_new = _HEADER_RE.match(line.text.strip()) is not None
        if starts_new or not _looks_like_entries(ctx, line):
            break
        if blank_run and (end != pos or not header_alone) and not _names_only(ctx, line):
            break
        blank_run = 0
        end = line.end
    return end


# Words of a table's heading row above a list of people.
_COLUMN_WORDS = frozenset({
    "namn", "navn", "name", "organisation", "organisasjon", "organisation/kommun", "kommun",
    "kommune", "roll", "rolle", "funktion", "funksjon", "befattning", "titel", "tittel",
    "stilling", "e-post", "epost", "email", "telefon", "tlf", "bibliotek", "arbetsplats",
    "arbeidssted", "arbejdssted", "myndighet", "region", "län", "fylke", "närvarande",
    "frånvarande", "deltog", "til", "stede", "x", "ort", "sted", "verksamhet"})


def _is_column_heading(text: str) -> bool:
    cells = [c.strip(" |:*").lower() for c in re.split(r"\t|\s{2,}|\|", text) if c.strip(" |")]
    words = [w for c in cells for w in c.split()]
    return len(cells) >= 2 and bool(words) and all(w in _COLUMN_WORDS for w in words)


def _looks_like_entries(ctx: ExtractionContext, line: Chunk) -> bool:
    names = find_names(line.text, ctx.names.is_first_name)
    if not names or names[0].start > 25 or (len(line.text) >= 160 and len(names) < 2):
        return False
    # "Ole Holm er Marits suppleant ...": a name followed by a verb or function word opens
    # a sentence, not a list entry.
    after = re.match(r"\s+([a-zåäöæø]+)\b", line.text[names[0].end:])
    return not (after and after.group(1) in _PROSE_WORDS)


# Lower-case words that may follow a name inside a list entry.
_LIST_LINKS = frozenset({"och", "og", "samt", "and", "fra", "från", "frå", "ved", "vid", "hos",
                         "for", "för", "til", "till", "med"})
# Verbs and the relative pronoun: after a name they make a line a sentence.
_PROSE_WORDS = frozenset({"er", "är", "var", "har", "hade", "havde", "hadde", "ska", "skal",
                          "skall", "kan", "vil", "vill", "som", "blev", "ble", "vart", "blir",
                          "bliver", "får", "fikk", "fick", "fik", "fekk", "tar", "tog", "tok"})


def _names_only(ctx: ExtractionContext, line: Chunk) -> bool:
    entries = [e for e in _ENTRY_SPLIT.split(line.text) if e.strip()]
    named = sum(1 for e in entries if _starts_with_name(ctx, e))
    return len(entries) >= 2 and named >= max(2, int(0.6 * len(entries)))


def _starts_with_name(ctx: ExtractionContext, entry: str) -> bool:
    names = find_names(entry.strip(), ctx.names.is_first_name)
    return bool(names) and names[0].start <= 2 and names[0].is_full


# -- reading the entries of a block -----------------------------------------------------


def read_attendance(ctx: ExtractionContext) -> None:
    """Recogniser: mark people present, absent, or as minute taker / chair."""
    for block in find_blocks(ctx):
        ctx.attendance_spans.append((block.header.start, block.body.end))
        people = _read_block(ctx, block)
        for person in people:
            _apply_kind(ctx, block, person)


def _apply_kind(ctx: ExtractionContext, block: Block, person: Person) -> None:
    if block.kind == "absent":
        person.absent = True
        person.attended = False
    elif block.kind in ("present", "chair", "minute_taker", "group", "adjuster") \
            and not person.absent:
        person.attended = True
    if block.kind == "minute_taker" and ctx.minute_taker is None:
        ctx.minute_taker = person.name
    header = " ".join(block.header.text.strip(" :*#_").split())
    if block.kind in ("chair", "adjuster", "role") and not person.role:
        person.role = FUNCTION_ROLES.get(header.lower(), header)
    if block.kind == "group" and not person.role:
        person.role = GROUP_HEADERS.get(header.lower())


def _read_block(ctx: ExtractionContext, block: Block) -> list[Person]:
    people: list[Person] = []
    for line in _lines_of(ctx, block.body):
        people.extend(_read_line(ctx, line, block))
        if block.kind == "minute_taker" and people:
            break
    return people


_GROUP_WORD = re.compile(r"(?<=\s)(?P<w>[A-ZÅÄÖÆØ][\wåäöæø-]+):\s")
_PREVIOUS_WORD = re.compile(r"([A-ZÅÄÖÆØ][\wåäöæø-]+)\s+$")


def _lines_of(ctx: ExtractionContext, body: Chunk) -> list[Chunk]:
    """Lines of a list; in run-on text each "Municipality: names" group counts as a line."""
    out, pos = [], 0
    for raw in body.text.split("\n"):
        chunk = body.sub(pos, pos + len(raw)).strip()
        if chunk.text:
            out.extend(_groups(ctx, chunk))
        pos += len(raw) + 1
    return out


def _groups(ctx: ExtractionContext, line: Chunk) -> list[Chunk]:
    """Cut before each "Word:" — or before "Two Words:" when the two words name a place
    ("Upplands Väsby:"), since a single word there is the end of the previous person's name."""
    cuts = [0]
    for m in _GROUP_WORD.finditer(line.text):
        prev = _PREVIOUS_WORD.search(line.text[: m.start()])
        pair = f"{prev.group(1)} {m.group('w')}" if prev else ""
        cut = prev.start(1) if pair and ctx.gazetteer.lookup(pair) else m.start()
        if cut > cuts[-1]:
            cuts.append(cut)
    cuts.append(len(line.text))
    pieces = [line.sub(a, b).strip() for a, b in itertools.pairwise(cuts)]
    return [p for p in pieces if p.text]


def _read_line(ctx: ExtractionContext, line: Chunk, block: Block) -> list[Person]:
    group_aff: Phrase | None = None
    m = re.match(r"^([^:,]{2,50}):\s+(?=\S)", line.text)
    if m:
        group_aff = classify(ctx, m.group(1), line.start)
        if group_aff and group_aff.kind in ("area", "org", "locality"):
            line = line.sub(m.end(), len(line.text))
        else:
            group_aff = None
    entries = [piece for entry in _entries(line) for piece in _split_at_names(ctx, entry)]
    people: list[tuple[Person, bool]] = []
    last: Person | None = None
    prev: Chunk | None = None
    for entry in entries:
        before = last
        last, is_new = _read_entry(ctx, entry, last, block)
        if last is not None and is_new:
            people.append((last, _bare_name(ctx, entry)))
        elif before is not None and prev is not None:
            _join_body(ctx, before, prev, entry)
            if people and people[-1][0] is before:
                people[-1] = (before, False)  # words followed the name: not a bare entry
        prev = entry
    persons = [p for p, _ in people]
    bare = [bare for _, bare in people]
    if group_aff:
        for person in persons:
            _set_affiliation(ctx, person, group_aff)
    _propagate_body(ctx, persons, bare)
    return persons


def _entries(line: Chunk) -> list[Chunk]:
    """Entries of a line, split at commas and conjunctions outside brackets ("Eva Ek (utan
    rösträtt, med yttranderätt)" is one entry)."""
    out, pos = [], 0
    inside = _bracketed(line.text)
    for m in _ENTRY_SPLIT.finditer(line.text):
        if m.start() in inside:
            continue
        piece = line.sub(pos, m.start()).strip()
        if piece.text:
            out.append(piece)
        pos = m.end()
    tail = line.sub(pos, len(line.text)).strip()
    if tail.text:
        out.append(tail)
    return out


def _bracketed(text: str) -> set[int]:
    """Offsets inside round brackets (an open bracket runs to the end of the text)."""
    inside: set[int] = set()
    depth = 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
        elif depth:
            inside.add(i)
    return inside


def _split_at_names(ctx: ExtractionContext, entry: Chunk) -> list[Chunk]:
    """Cut an entry before every full name that follows other words: in run-on PDF lists
    "Regionbibliotek Sydmark Viveka Lund" is the previous person's body and the next person,
    and "Cay Berg KUR Ann Lind" two people. Role words stay with the name they precede; text
    in brackets and "Org v/ Name" entries are left whole."""
    text = entry.text
    if re.search(r"\sv/", text):
        return [entry]
    inside = _bracketed(text)
    names = find_names(text, ctx.names.is_first_name, _is_other(ctx))
    cuts = [0]
    for name in names:
        if not name.is_full or name.start == 0 or name.start in inside:
            continue
        cut = _role_words_before(text, cuts[-1], name.start)
        if cut > cuts[-1] and text[cuts[-1]:cut].strip():
            cuts.append(cut)
    cuts.append(len(text))
    pieces = [entry.sub(a, b).strip() for a, b in itertools.pairwise(cuts)]
    return [p for p in pieces if p.text]


def _role_words_before(text: str, floor: int, pos: int) -> int:
    """Move a cut before ``pos`` back over role words that belong to the name at ``pos``."""
    for m in reversed(list(re.finditer(r"\S+", text[floor:pos]))):
        if not is_role_word(m.group()):
            break
        pos = floor + m.start()
    return pos


def _read_entry(ctx: ExtractionContext, entry: Chunk, last: Person | None, block: Block
                ) -> tuple[Person | None, bool]:
    text = entry.text
    vm = re.search(r"\s+v/\s*", text)
    if vm:  # "Vejle Bibliotekerne v/ Anne Jensen"
        org = classify(ctx, text[:vm.start()], entry.start)
        person, _ = _read_entry(ctx, entry.sub(vm.end(), len(text)), None, block)
        if person is not None and org is not None:
            _set_affiliation(ctx, person, org)
        return (person, True) if person is not None else (last, False)
    role_len = role_prefix(text)
    names = find_names(text, ctx.names.is_first_name, _is_other(ctx), start=role_len)
    if names and not names[0].is_full and _not_a_lone_given_name(ctx, text, names[0]):
        names = []  # "Bodø bibliotek": a given name that is also a place starts no person
    if names and names[0].start <= role_len + 2:
        return _person_entry(ctx, entry, names[0], role_len), True
    unlisted = None
    if not names:
        unlisted = find_unlisted_name(text, _is_other(ctx), start=role_len) or _bare_unlisted(
            ctx, text, role_len)
    if unlisted is not None:
        # "Nimmi Olsen, Nordfylke", "K. Holm": in a list, a name the lexicon lacks.
        return _person_entry(ctx, entry, unlisted, role_len), True
    phrase = classify(ctx, text, entry.start) or _named_body(ctx, entry)
    if phrase is not None and last is not None:
        _apply_phrase(ctx, last, phrase, replace_body=False)
    return last, False


_DEFINITE_NOUN = re.compile(r"(?:en|et|ene|erne|arna|erna|orna|ane)$")


def _bare_unlisted(ctx: ExtractionContext, text: str, start: int) -> NameMatch | None:
    """An entry that is nothing but two or three capitalised words (and maybe a note in
    brackets), in a list that already holds people: a person whose given name the lexicon
    lacks ("Åsne Hestnes( til 09.00)")."""
    if not any(p.spans for p in ctx.persons.values()):
        return None
    m = re.fullmatch(r"((?:[A-ZÅÄÖÆØ][\w'’-]+[ \t]+){1,2}[A-ZÅÄÖÆØ][\w'’-]+)\s*(?:\(.*)?",
                     text[start:].strip(" ."))
    if m is None or _DEFINITE_NOUN.search(m.group(1).split()[0]):
        return None  # "Bokbussen Nesby": a noun in its definite form, not a given name
    match = find_unlisted_name(m.group(1) + " ", _is_other(ctx), any_surname=True)
    if match is None or match.end < len(m.group(1)):
        return None
    if ctx.gazetteer.lookup(match.surname or "", country=ctx.country) or ctx.authority.lookup(
            match.surname or "", country=ctx.country):
        return None  # with no surname shape to go by, "Kultur Skåne" is a body and a place
    return NameMatch(start + match.start, start + match.end, match.name, match.given,
                     match.surname)


def _not_a_lone_given_name(ctx: ExtractionContext, text: str, name: NameMatch) -> bool:
    """A given name alone is a person in a list ("Anna, Per och Eva") unless it is a place or
    word as well ("Alta bibliotek (1 år)"), or ordinary words follow it."""
    if classify(ctx, text, 0) is not None or ctx.names.is_ambiguous(name.given):
        return True
    return re.match(r"\s+[a-zåäöæø]", text[name.end:]) is not None


def _person_entry(ctx: ExtractionContext, entry: Chunk, name: NameMatch, role_len: int
                  ) -> Person:
    person = ctx.add_person(name.name, ctx.span(entry.start + name.start, entry.start + name.end,
                                                "attendance-list"))
    if role_len and not person.role:
        person.role = entry.text[:role_len].rstrip(":,; ")  # "Referent: Name": the label's colon
    rest = entry.text[name.end:]
    if _ABSENT_NOTE.match(rest):
        # A table row "Anna Berg   anmält förhinder" inside the list of members.
        person.absent, person.attended = True, False
        return person
    if rest.strip():
        _read_rest(ctx, person, rest, entry.start + name.end)
    return person


_ABSENT_NOTE = re.compile(
    r"^[\s(–-]*(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(
        ABSENT_HEADERS, key=len, reverse=True)) + r"|anmält\s+förhinder|har\s+meldt\s+forfall"
    r"|har\s+meldt\s+afbud|ej\s+närvarande)\b", re.IGNORECASE)


def _named_body(ctx: ExtractionContext, entry: Chunk) -> Phrase | None:
    """"Anna Berg, Kultur i Väst": in a list, a capitalised phrase of its own after a person is
    that person's body even when no lexicon knows it (not a name, a date or a header)."""
    text = entry.text.strip(" .")
    words = text.split()
    if not words or len(words) > 6 or not text[0].isupper() or re.search(r"\d", text):
        return None
    if words[0].lower() in STOPWORDS or words[0].lower() in NOT_NAME_WORDS:
        return None
    if find_names(text, ctx.names.is_first_name):
        return None
    return Phrase("org", text, entry.start, entry.start + len(text))


def _join_body(ctx: ExtractionContext, person: Person, prev: Chunk, entry: Chunk) -> None:
    """"Nordby Bibliotek & Byarkiv", "Fjellvik bibliotek og Bokbussen": a body split at a
    conjunction is joined again when its first part was the person's affiliation."""
    spans = ctx.affiliation_spans.get(person.name)
    gap = ctx.text[prev.end:entry.start].strip()
    if not person.affiliation or not spans or gap not in ("&", "og", "och", "samt", "/"):
        return
    span = spans[-1]
    if span.end != prev.end or not entry.text[:1].isalpha():
        return
    if any(n.is_full for n in find_names(entry.text, ctx.names.is_first_name)):
        return
    person.affiliation = ctx.text[span.start:entry.end]
    spans[-1] = ctx.span(span.start, entry.end, span.rule)


def _read_rest(ctx: ExtractionContext, person: Person, rest: str, offset: int) -> None:
    """What follows a name in its entry: an affiliation, a role, or both ("role, org")."""
    tick = re.match(r"^\s*[Xx✓✔]\b\s*,?", rest)
    if tick:  # "Anna Berg  X, mötesordf.": a table row's tick, then a note
        rest, offset = rest[tick.end():], offset + tick.end()
    paren = re.match(r"^\s*\((.+?)(?:\)|$)", rest)  # "(referent" left open at a line end
    if paren:
        if _is_own_initials(person.name, paren.group(1)):
            return  # "Nina Holm (NH)": the person's initials, an alias (aliases.py), no body
        rest, offset = paren.group(1), offset + paren.start(1)
    # "Camilla Ek BiBK Regional biblioteksplan ...": in run-on text the body is the longest
    # leading run of words that is one.
    phrase = classify(ctx, rest, offset) or leading_phrase(ctx, rest, offset)
    dash = re.match(r"^\s*[-–—]\s+", rest)
    if phrase is None and dash:  # "Birgit Holm - Riksrevisjonen": a dash before the body
        phrase = _named_body(ctx, Chunk(offset + dash.end(), offset + len(rest),
                                        rest[dash.end():]))
    if phrase is not None:
        _apply_phrase(ctx, person, phrase, replace_body=True)


def _is_own_initials(name: str, text: str) -> bool:
    """"NH" or "N.H." beside "Nina Holm": letters that are the name's initials in order."""
    letters = re.sub(r"[.\s]", "", text)
    return 2 <= len(letters) <= 5 and letters.isupper() and letters == initials(name)


def _apply_phrase(ctx: ExtractionContext, person: Person, phrase: Phrase,
                  replace_body: bool) -> None:
    """A phrase beside a person: a role (and the body it names) or the person's body; a
    body found later on the same line replaces an earlier one only when ``replace_body``."""
    if phrase.kind == "role":
        if not person.role:
            person.role = phrase.text
        body = body_in_role(ctx, phrase)
        if body is not None:
            _set_affiliation(ctx, person, body)
    elif replace_body or not person.affiliation:
        _set_affiliation(ctx, person, phrase)


def _set_affiliation(ctx: ExtractionContext, person: Person, phrase: Phrase) -> None:
    if person.affiliation:
        return
    person.affiliation = phrase.text
    if phrase.kind == "org":
        ctx.org_affiliations.add(phrase.text)
    span = ctx.span(phrase.start, phrase.end, "affiliation")
    ctx.affiliation_spans.setdefault(person.name, []).append(span)


def _bare_name(ctx: ExtractionContext, entry: Chunk) -> bool:
    """An entry that is nothing but a name ("Anna Berg", not "Anna Berg - Riksarkivet")."""
    names = find_names(entry.text, ctx.names.is_first_name)
    text = entry.text.rstrip(" .")
    return bool(names) and names[0].start == 0 and names[0].end >= len(text)


def _propagate_body(ctx: ExtractionContext, persons: list[Person], bare: list[bool]) -> None:
    """"A, B, C BiBK": a body named after the last name of a line applies to the whole line."""
    # The people directly before a person with a body, who have none of their own, share it
    # ("Eva Ek Växjö, Anna Berg, Sara Wijk BiBK": Anna Berg is BiBK too).
    for idx in range(len(persons) - 1, 0, -1):
        owner = persons[idx]
        run = itertools.takewhile(lambda pb: not pb[0].affiliation and pb[1],
                                  reversed(list(zip(persons[:idx], bare[:idx], strict=True))))
        others = [p for p, _ in run]
        if not owner.affiliation or not others:
            continue
        phrase = classify(ctx, owner.affiliation, 0)
        if phrase is not None and phrase.kind == "org":
            for person in others:
                person.affiliation = owner.affiliation


def _is_other(ctx: ExtractionContext):
    """A word that ends a name in a list: a role, place or body; in lists also a municipality
    misspelt by one letter ("Eva Lund Krokomb"), since "Name Municipality" is a list layout."""
    if "list-other" in ctx.memo:
        return ctx.memo["list-other"]
    cache: dict[str, bool] = {}

    def other(token: str) -> bool:
        if token not in cache:
            cache[token] = is_role_word(token) or bool(ctx.gazetteer.lookup(
                token, country=ctx.country)) or bool(ctx.authority.lookup(
                    token, country=ctx.country)) or (len(token) >= 5 and bool(
                        ctx.gazetteer.lookup(token, country=ctx.country, kind="municipality",
                                             fuzzy=True)))
        return cache[token]

    ctx.memo["list-other"] = other
    return other
