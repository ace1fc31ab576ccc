"""People named in running text, their appositions, and who took part by speaking.

Attendance lists are read by ``attendance.py``; this recogniser finds everyone else the
minutes name ("Kerstin Olsson, KB, arbetar som samordnare för ...", "Fylkesbiblioteksjef
Birgit Larsen innledet ...") and marks as present those who evidently spoke at the meeting.
Short forms (first names, initials, misspellings) are collected and resolved afterwards by
``aliases.py``.
"""

from __future__ import annotations

import re

from ..record import Person
from .context import ExtractionContext
from .lexicon import SPEECH_VERBS, word_pattern
from .names import NameMatch, find_names, find_unlisted_name
from .phrases import (
    ROLE_MODIFIERS,
    Phrase,
    body_in_role,
    classify,
    is_role_phrase,
    leading_phrase,
)
from .roles import is_role_word, role_prefix

_SPEECH = word_pattern(SPEECH_VERBS)
_WORKS_AS = re.compile(
    r"^\s*(?:,\s*)?(?:som\s+)?(?:arbetar|jobbar|jobber|arbeider|arbejder|är|er|var)\s+som\s+"
    r"(?P<role>[^,.;]{3,80})", re.IGNORECASE,
)
# "Ole Holm er Marits suppleant", "Eva Ek är ny ordförande", "med Per Ek som ordförande",
# "saknas Per Ek som representant för X": a role word right after the name and a copula.
_IS_ROLE = re.compile(
    r"^\s+(?:(?:er|är|var|blir|bliver|blev|ble|vart)\s+(?:(?:ny|nya|nye|nyt|vår|vores|vårt|"
    r"[A-ZÅÄÖÆØ]\w+s)\s+)?|som\s+)(?P<role>[\wåäöæø-]+(?:\s+(?:för|for|i|af|av)\s+"
    r"[^,.;:()\n]{2,50})?)")


def read_people(ctx: ExtractionContext) -> None:
    """Recogniser: full names in prose, with appositions; short forms are kept for later."""
    listed = {s.start for p in ctx.persons.values() for s in p.spans}
    for match in find_names(ctx.text, ctx.names.is_first_name, _is_other(ctx)):
        if not match.is_full:
            ctx.short_mentions.append(match)
            continue
        if ctx.in_attendance_block(match.start) and (ctx.find_person(match.name)
                                                      or match.start in listed):
            continue  # the list reader already read this name, with its list context
        if ctx.gazetteer.lookup(match.name) or ctx.authority.lookup(match.name):
            continue  # "Indre Østfold", "Anna Lindh-biblioteket": a place or body, not a person
        person = ctx.add_person(match.name, ctx.span(match.start, match.end, "name"))
        _apposition(ctx, person, match)
        _role_before(ctx, person, match)
    _unlisted_in_context(ctx)


# Places where prose plainly names a person: after "v/" or "ved" (a presenter), and before
# ", rådgiver" (a role apposition).
_PRESENTER_AT = re.compile(r"(?:\bv/|\b[Vv]ed\b)[ \t]*")
_ROLE_AFTER = re.compile(r",[ \t]+(?:\w+[ \t]+)?(?P<role>[\wåäöæø-]+)")


def _unlisted_in_context(ctx: ExtractionContext) -> None:
    """Names whose given name the lexicon lacks ("Nimmi Olsen", "K. Holm"), taken only with
    strong context: a presenter after "v/"/"ved", or a name followed by a role."""
    common = set(re.findall(r"(?<![\w-])[a-zåäöæø]+(?![\w-])", ctx.text))

    def other(token: str) -> bool:
        # A word the document also writes in lower case is an ordinary word ("Enligt").
        return token.lower() in common or _is_other(ctx)(token)

    for at in _PRESENTER_AT.finditer(ctx.text):
        pos = at.end() + role_prefix(ctx.text[at.end():at.end() + 80])
        pos += len(ctx.text[pos:pos + 3]) - len(ctx.text[pos:pos + 3].lstrip())
        match = find_unlisted_name(ctx.text, other, start=pos)
        if match is not None and ctx.find_person(match.name) is None:
            _add_unlisted(ctx, match)
    for match in _unlisted_before_roles(ctx, other):
        _add_unlisted(ctx, match)


def _unlisted_before_roles(ctx: ExtractionContext, other) -> list[NameMatch]:
    """"• Nimmi Olsen, rådgiver": two or three words directly before ", role" that open a
    line, a list item or a bracket (mid-sentence words are left alone)."""
    found = []
    for m in _ROLE_AFTER.finditer(ctx.text):
        if not is_role_word(m.group("role")):
            continue
        head = ctx.text[max(0, m.start() - 60):m.start()]
        cand = re.search(r"(?:^|[\n,:;(•–-])[ \t]*((?:\S+[ \t]+){1,2}\S+)$", head)
        if cand is None:
            continue
        start = m.start() - len(head) + cand.start(1)
        match = find_unlisted_name(ctx.text, other, start=start)
        if (match is not None and match.end == m.start() and ctx.find_person(match.name) is None
                and not find_names(match.name, ctx.names.is_first_name)):
            found.append(match)
    return found


def _add_unlisted(ctx: ExtractionContext, match: NameMatch) -> None:
    person = ctx.add_person(match.name, ctx.span(match.start, match.end, "name-unlisted"))
    _apposition(ctx, person, match)
    _role_before(ctx, person, match)


def _apposition(ctx: ExtractionContext, person: Person, match: NameMatch) -> None:
    """", KB," / ", Växjö stadsbibliotek" / " fra I Pluss" / ", tidigare regionbibliotekarie" /
    ", rådgiver, Troms fylkesbibliotek" (role then body, or body then role)."""
    rest = ctx.text[match.end: match.end + 160]
    pos = 0
    for _ in range(2):
        first = _APPOSITION.match(rest, pos)
        if not first:
            break
        phrase_text, followed_by_name = _before_next_person(ctx, first.group("phrase"),
                                                            match.name)
        start = match.end + first.start("phrase")
        phrase = classify(ctx, phrase_text, start) or leading_phrase(ctx, phrase_text, start) \
            or _presenter_body(ctx, match, phrase_text, start, rest[first.end():])
        end = first.start("phrase") + len(phrase_text)
        # Cut at the person's own name repeated: the apposition ends there.
        own_name_next = rest[end:].lstrip().startswith(match.name)
        if phrase is None or (followed_by_name and phrase.kind == "role") or not _take(
                ctx, person, phrase, rest, end, closed=own_name_next):
            break
        if end < first.end() or not rest[end:end + 2].startswith(","):
            return
        pos = end
    works = _WORKS_AS.match(rest)
    if works and not person.role:
        person.role = works.group("role").strip()
    if not person.affiliation:
        _coordinated_body(ctx, person, match, rest)
    copula = _IS_ROLE.match(rest)
    if copula and not person.role and is_role_word(copula.group("role").split()[0]):
        person.role = copula.group("role").strip()
    direct = re.match(r"^\s+(?P<phrase>[A-ZÅÄÖÆØ][^,.;:()\n]{2,60})", rest)
    if direct and not person.affiliation:
        # A body directly after a name ends before the next given name (in a run of names
        # that is the next person), and is at most four words.
        text = _up_to_next_given(ctx, direct.group("phrase"))
        phrase = leading_phrase(ctx, text, match.end + direct.start("phrase"), max_words=4)
        if phrase and phrase.kind == "org":
            person.affiliation = phrase.text
            ctx.affiliation_spans.setdefault(person.name, []).append(
                ctx.span(phrase.start, phrase.end, "apposition"))


_APPOSITION = re.compile(
    r"(?:,\s*|\s+(?:fra|från|frå|v/|hos)\s+|\s+\()(?P<phrase>[^,.;:()\n]{2,60})")
# "rådgiver og Anna Berg": a conjunction before a capitalised word ends a phrase.
_CONJ_NAME = re.compile(r"\s+(?:og|och|samt|and|&)\s+(?=[A-ZÅÄÖÆØ])")


_AND_NAME = re.compile(r"^\s+(?:og|och|and|&)\s+")
_FROM_BODY = re.compile(r"\s+(?:fra|från|frå|hos|ved|v/)\s+(?P<phrase>[^,.;:()\n]{2,60})")


def _coordinated_body(ctx: ExtractionContext, person: Person, match: NameMatch,
                      rest: str) -> None:
    """"Mari Lie og Grete Vik fra Universitetsbiblioteket": the body after the second of two
    joined names is the first one's too."""
    conj = _AND_NAME.match(rest)
    if not conj:
        return
    names = find_names(rest[conj.end():conj.end() + 60], ctx.names.is_first_name)
    if not names or names[0].start != 0 or not names[0].is_full:
        return
    after = conj.end() + names[0].end
    body = _FROM_BODY.match(rest, after)
    if not body:
        return
    start = match.end + body.start("phrase")
    phrase = leading_phrase(ctx, body.group("phrase"), start)
    if phrase is not None and phrase.kind == "org":
        person.affiliation = phrase.text
        ctx.affiliation_spans.setdefault(person.name, []).append(
            ctx.span(phrase.start, phrase.end, "coordinated"))


def _presenter_body(ctx: ExtractionContext, match: NameMatch, text: str, start: int,
                    after: str) -> Phrase | None:
    """"v/ Eli Holm, Planbyrået" at the end of a programme or agenda line: the capitalised
    words after a presenter's name are the presenter's body, known or not."""
    line_start = ctx.text.rfind("\n", 0, match.start) + 1
    lead = ctx.text[line_start:match.start]
    if not re.search(r"(?:\bv/|\bved|\bvid)\s*$", lead, re.IGNORECASE):
        return None
    words = text.split()
    if not words or len(words) > 4 or not all(w[:1].isupper() or w in ("i", "og", "och", "&")
                                              for w in words):
        return None
    if after.split("\n", 1)[0].strip() or find_names(text, ctx.names.is_first_name):
        return None
    return Phrase("org", text.strip(), start, start + len(text.strip()))


def _before_next_person(ctx: ExtractionContext, phrase: str, own: str = ""
                        ) -> tuple[str, bool]:
    """The phrase up to the next person: "fylkesbiblioteksjef og Anna Berg" ->
    "fylkesbiblioteksjef"; "Troms og Finnmark fylkesbibliotek" stays whole (no name after the
    conjunction). The flag says another name follows the phrase directly ("nye styremedlemmer
    Bente Holm": the words are that next person's role, not an apposition); the person's own
    name repeated ("Ulf Ek, generaldirektör för X Ulf Ek presenterade", a heading run into its
    paragraph) does not count."""
    cuts: list[tuple[int, bool]] = []
    for m in _CONJ_NAME.finditer(phrase):
        names = find_names(phrase[m.end():], ctx.names.is_first_name)
        if names and names[0].start == 0 and names[0].is_full:
            cuts.append((m.start(), False))
            break
    # "generaldirektör för MTM Roland Ek presenterade": run-on text, the next name ends it.
    later = [n for n in find_names(phrase, ctx.names.is_first_name) if n.is_full and n.start]
    if later:
        cuts.append((later[0].start, later[0].name != own))
    if not cuts:
        return phrase, False
    cut, direct = min(cuts)
    return phrase[:cut].rstrip(), direct


def _take(ctx: ExtractionContext, person: Person, phrase: Phrase, rest: str, end: int,
          closed: bool = False) -> bool:
    """Set a body or role read after a name; False if the phrase is neither. ``closed`` says
    the caller already knows where the apposition ends."""
    ends = closed or _ends_apposition(rest, end)
    if phrase.kind in ("org", "area") and (phrase.kind == "org" or ends):
        if not person.affiliation:
            person.affiliation = phrase.text
            ctx.affiliation_spans.setdefault(person.name, []).append(
                ctx.span(phrase.start, phrase.end, "apposition"))
        works = _WORKS_AS.match(rest[end:])
        if works and not person.role:
            person.role = works.group("role").strip()
        return True
    if phrase.kind == "role" and ends:
        if not person.role:
            person.role = " ".join(phrase.text.split())
        _affiliation_from_role(ctx, person, phrase)
        return True
    return False


def _affiliation_from_role(ctx: ExtractionContext, person: Person, role: Phrase) -> None:
    body = body_in_role(ctx, role)
    if body is not None and not person.affiliation:
        person.affiliation = body.text
        ctx.affiliation_spans.setdefault(person.name, []).append(
            ctx.span(body.start, body.end, "role-body"))


def _up_to_next_given(ctx: ExtractionContext, text: str) -> str:
    for word in list(re.finditer(r"\S+", text))[1:]:
        if ctx.names.is_first_name(word.group().strip(",.;:")):
            return text[:word.start()].rstrip()
    return text


def _ends_apposition(rest: str, pos: int) -> bool:
    """An apposition is closed by a comma, a full stop, a bracket or a verb."""
    tail = rest[pos:pos + 30]
    return bool(re.match(r"^(?:\s*[,.;)]|[ \t]*(?:\n|$)|\s*[a-zåäöæø]+\b)", tail))


def _role_before(ctx: ExtractionContext, person: Person, match: NameMatch) -> None:
    """"Fylkesbiblioteksjef Birgit Larsen", "Tf områdeschef Eva Holm", "v/ direktør for
    Strategi og Innovation Bo Holm", "öppnades av ordförande, Maria Ek": the role phrase
    between the start of the clause (line start, "v/", "ved", "av", a colon) and the name."""
    if person.role:
        return
    line_start = ctx.text.rfind("\n", 0, match.start) + 1
    before = ctx.text[max(line_start, match.start - 70): match.start]
    clause = _CLAUSE_START.split(before)[-1].strip(" ,–-")
    words = clause.split()
    if words and words[-1].lower() in _RELATION_WORDS:
        return  # "vara for Håkon Holm": the words name a relation to this person, not a role
    if 1 <= len(words) <= 6 and is_role_phrase(clause) and not find_names(
            clause, ctx.names.is_first_name):
        person.role = " ".join(words)
        return
    m = re.search(r"((?:\S+\s+)?)([\wåäöæøÅÄÖÆØ-]+)\s+$", before)
    if m and is_role_word(m.group(2)):
        modifier = m.group(1).strip()
        person.role = f"{modifier} {m.group(2)}" if is_role_phrase(
            f"{modifier} {m.group(2)}") and modifier and not is_role_word(modifier) and \
            modifier.lower() in ROLE_MODIFIERS else m.group(2)


_RELATION_WORDS = frozenset({"for", "för", "til", "till", "af", "av", "etter", "efter", "med"})
# Where a clause introducing a person starts: "v/", "ved", "av"/"af", a colon, a dash, a
# bracket, a full stop or a bullet.
_CLAUSE_START = re.compile(r"(?:\bv/|\b(?:ved|vid|av|af|by)\b|[:;.(•–]|\s-\s|^)", re.IGNORECASE)


def mark_speakers(ctx: ExtractionContext) -> None:
    """Recogniser: a person who presented, reported, led or visited took part."""
    for person in ctx.persons.values():
        if person.attended or person.absent:
            continue
        for span in person.spans:
            if _speaks_after(ctx, span.end) or _introduced(ctx, span.start):
                person.attended = True
                break


# "ledet av", "besøk av", "deltog Anna Berg": the clause before the name says that someone
# took part. "v/ Anna Berg" and "ved Anna Berg" name a presenter: in minutes (the document
# lists who was present) that person took part, in a programme the talk is only planned.
_INTRODUCED = re.compile(
    r"(?:\b(?P<by>v/|ved)|\b(?:ledet|ledd|leidd|leddes|ledes|presentert|presenteret|presenterad|"
    r"presenterades|holdt|hölls|besøk|besök|besøg|deltog|deltok|medverkade|medvirket|"
    r"medvirkede)(?:\s+(?:av|af|ved|v/))?)(?P<between>[^.;:!?\n]{0,90})$", re.IGNORECASE)
_CLOCK_LINE = re.compile(r"^\s*(?:kl\.?\s*)?\d{1,2}[.:]\d{2}")


def _introduced(ctx: ExtractionContext, start: int) -> bool:
    """The name stands in a clause that introduces a presenter or visitor, after at most a
    role phrase or another presenter ("v/ direktør Bo Holm, DBC og sekretariatschef Ulf
    Berg"). A programme line ("10.30 Workshop v/ Anna Berg") is a plan, not a record."""
    before = ctx.text[max(0, start - 120): start]
    m = _INTRODUCED.search(before)
    if not m or re.search(r"\b(?:ikke|ikkje|inte|ej|not)\b", m.group("between")):
        return False
    line = ctx.view.line_at(start)
    if line is not None and _CLOCK_LINE.match(line.text):
        return False
    return not m.group("by") or bool(ctx.attendance_spans)


def _speaks_after(ctx: ExtractionContext, end: int) -> bool:
    """The name is the subject of a speaking verb: it opens its sentence (after at most a role
    word) and the verb follows in the same sentence, or the verb directly follows the name."""
    window = ctx.text[end: end + 80]
    m = _SPEECH.search(window)
    if m and m.start() <= 3 and "\n" not in window[: m.start()]:
        return True
    sentence = ctx.view.sentence_at(end - 1)
    if sentence is None or len(ctx.text[sentence.start:end].split()) > 4:
        return False
    clause = ctx.text[end:sentence.end]
    m = _SPEECH.search(clause)
    if not m:
        return False
    # "Bo Holm og Ulf Berg gennemgik": other subjects joined by a conjunction are fine.
    between = clause[: m.start()]
    names = find_names(between, ctx.names.is_first_name)
    if not names:
        return True
    rest = between
    for name in reversed(names):
        rest = rest[:name.start] + rest[name.end:]
    return re.fullmatch(r"[\s,]*(?:(?:og|och|samt|and|&)[\s,]*)*", rest) is not None


def _is_other(ctx: ExtractionContext):
    """A role, place or body word (asked once per word and document)."""
    if "prose-other" in ctx.memo:
        return ctx.memo["prose-other"]
    cache: dict[str, bool] = {}

    def other(token: str) -> bool:
        if token not in cache:
            cache[token] = is_role_word(token) or bool(ctx.gazetteer.lookup(
                token, country=ctx.country)) or bool(ctx.authority.lookup(
                    token, country=ctx.country))
        return cache[token]

    ctx.memo["prose-other"] = other
    return other
