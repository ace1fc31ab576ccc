"""The extraction context: de-duplication of facts and spans, block lookups, person keys."""

from libgraph.extract.context import ExtractionContext, person_key
from libgraph.record import Span

from helpers import doc


def test_spans_are_recorded_once_per_thing_in_order() -> None:
    ctx = ExtractionContext(doc("Anna Berg och Anna Berg.\n"))
    a, b = Span(0, 9, "name"), Span(14, 23, "name")
    for span in (a, b, a, b, a):
        ctx.add_person("Anna Berg", span)
    assert ctx.persons[person_key("Anna Berg")].spans == [a, b]
    ctx.add_organization("BiBK", Span(1, 2, "x"), alias="Biblioteksutveckling")
    ctx.add_organization("bibk", Span(1, 2, "x"))
    assert [o.spans for o in ctx.organizations.values()] == [[Span(1, 2, "x")]]


def test_hyphen_and_space_spellings_are_one_person() -> None:
    ctx = ExtractionContext(doc("x\n"))
    first = ctx.add_person("Lars-Åke Vinge")
    assert ctx.add_person("Lars Åke Vinge") is first
    assert ctx.find_person("lars ake vinge") is first


def test_find_by_alias_sees_aliases_added_later() -> None:
    ctx = ExtractionContext(doc("x\n"))
    person = ctx.add_person("Kristina Holm")
    assert ctx.find_person("KH") is None
    person.aliases.append("KH")
    assert ctx.find_person("KH") is person


def test_attendance_blocks_overlapping_and_added_in_any_order() -> None:
    ctx = ExtractionContext(doc("x" * 200))
    ctx.attendance_spans.extend([(100, 120), (10, 50), (20, 30)])
    inside = {o for o in range(200) if ctx.in_attendance_block(o)}
    assert inside == set(range(10, 50)) | set(range(100, 120))
    ctx.attendance_spans.append((150, 160))
    assert ctx.in_attendance_block(155) and not ctx.in_attendance_block(160)
