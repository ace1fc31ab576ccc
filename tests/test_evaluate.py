"""Tests for libgraph.evaluate: scoring extraction records against gold files.

Expected P/R/F1 values are worked out by hand in the comments of each test.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from libgraph.evaluate import (
    CorpusScore,
    DocumentScore,
    format_table,
    load_gold_dir,
    normalise,
    pair_records,
    score_corpus,
    score_document,
)
from libgraph.evaluate.text import contains_words, jaccard
from libgraph.record import MinutesRecord

GOLD_DIR = Path(__file__).parent / "gold"
GOLD_FILES = sorted(GOLD_DIR.glob("*.json"))


def doc(**fields: Any) -> dict[str, Any]:
    """A gold-schema record with empty lists, overridden by ``fields``."""
    record: dict[str, Any] = {
        "document": "t.txt",
        "language": "sv",
        "country": "SE",
        "kind": "minutes",
        "meetings": [],
        "persons": [],
        "organizations": [],
        "places": [],
        "projects": [],
        "funding": [],
        "decisions": [],
        "actions": [],
        "next_meeting": {"date": None, "date_inferred": False, "place": None},
    }
    record.update(fields)
    return record


def person(name: str, *aliases: str, **attrs: Any) -> dict[str, Any]:
    base = {"attended": False, "absent": False, "affiliation": None, "role": None}
    return {"name": name, "aliases": list(aliases), **base, **attrs}


def org(name: str, *aliases: str) -> dict[str, Any]:
    return {"name": name, "aliases": list(aliases), "kind": "other"}


def project(name: str, *aliases: str, funders: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"name": name, "aliases": list(aliases), "funders": list(funders), "participants": []}


def funding(funder: str | None, recipient: str, amount: float | None = None, currency=None):
    return {"funder": funder, "recipient": recipient, "amount": amount, "currency": currency}


def meeting(name: str, start: str | None, **attrs: Any) -> dict[str, Any]:
    base = {
        "type": "other",
        "end_date": None,
        "date_inferred": False,
        "place": None,
        "municipality": None,
        "organizer": None,
        "minute_taker": None,
    }
    return {"name": name, "start_date": start, **base, **attrs}


def prf(score: DocumentScore | CorpusScore, name: str) -> tuple[float, float, float]:
    s = score.lists[name]
    return s.precision, s.recall, s.f1


def counts(score: DocumentScore | CorpusScore, name: str) -> tuple[int, int, int]:
    s = score.lists[name]
    return s.tp, s.fp, s.fn


def field(score: DocumentScore | CorpusScore, name: str) -> tuple[int, int]:
    f = score.fields[name]
    return f.correct, f.total


# --- normalisation and similarity -------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Växjö", "vaxjo"),
        ("  «Kristina   Hedberg». ", "kristina hedberg"),
        ("Tromsø", "tromso"),
        ("Ærø", "aero"),
        ("Straße", "strasse"),
        ("Đorđe", "dorde"),
        ('"Kreativa rum"', "kreativa rum"),
    ],
)
def test_normalise_equates(a: str, b: str) -> None:
    assert normalise(a) == normalise(b) == b


def test_normalise_keeps_inner_punctuation_and_handles_none() -> None:
    assert normalise("GRUNDLOVSFESTEN.dk") == "grundlovsfesten.dk"
    assert normalise("Anna-Karin") == "anna-karin"
    assert normalise(None) == normalise("") == normalise(" -- ") == ""


def test_jaccard_on_content_words() -> None:
    # {nasta, mote, mars, vaxjo} vs {nasta, mote, blir, den, mars, vaxjo}: 4/6
    assert jaccard("Nästa möte 15 mars i Växjö.", "Nästa möte blir den 15 mars i Växjö") == 4 / 6
    # {mote, webben} vs {mote, webben, och, logga}: 2/4 ("om", "ny" are too short)
    assert jaccard("Möte om webben", "möte om webben och ny logga") == 0.5
    assert jaccard("Ja.", "ja") == 1.0
    assert jaccard("Ja.", "Nej.") == 0.0


def test_contains_words_is_by_whole_words() -> None:
    assert contains_words("konsulent", "konsulent fra I Pluss")
    assert contains_words("samordnare för Digital först", "Samordnare")
    assert not contains_words("samordnare", "samordnaren")
    assert not contains_words("", "samordnare")


# --- gold files against themselves, and against nothing --------------------------------


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_against_itself_is_perfect(path: Path) -> None:
    gold = json.loads(path.read_text(encoding="utf-8"))
    score = score_document(gold, json.loads(path.read_text(encoding="utf-8")))
    for name, s in score.lists.items():
        assert (s.precision, s.recall, s.f1) == (1.0, 1.0, 1.0), (name, s.missed, s.spurious)
    for name, f in score.fields.items():
        assert f.correct == f.total, (name, f.wrong)


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_against_its_minutes_record_round_trip_is_perfect(path: Path) -> None:
    gold = json.loads(path.read_text(encoding="utf-8"))
    predicted = MinutesRecord.from_dict(gold).to_dict()  # has extra keys: spans, agenda, ...
    score = score_document(gold, predicted)
    assert all(s.f1 == 1.0 for s in score.lists.values())
    assert all(f.correct == f.total for f in score.fields.values())


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_against_empty_record_has_zero_recall(path: Path) -> None:
    gold = json.loads(path.read_text(encoding="utf-8"))
    score = score_document(gold, {"document": gold["document"]})
    assert score.lists["persons"].fn == len(gold["persons"]) > 0
    for name, s in score.lists.items():
        assert s.tp == 0 and s.fp == 0, name
        if s.fn:
            assert s.recall == 0.0 and s.f1 == 0.0, name
    # Meeting start dates are always given in gold, so never correct against nothing.
    assert field(score, "meeting.start_date") == (0, 1)


def test_empty_gold_and_empty_prediction_score_one() -> None:
    score = score_document(doc(), doc())
    assert all(prf(score, name) == (1.0, 1.0, 1.0) for name in score.lists)


# --- persons and organizations ----------------------------------------------------------


def test_persons_alias_matching_and_one_to_one() -> None:
    gold = doc(
        persons=[
            person("Kristina Hedberg", "Kristina", "KH"),
            person("Anna Persson", "Anna"),
            person("Weine Sundell"),
        ]
    )
    pred = doc(
        persons=[
            person("Kristina"),  # gold alias -> TP
            person("Anna Persson"),  # TP
            person("Anna Persson"),  # duplicate: only one can match -> FP
            person("Björn Ek"),  # FP
        ]
    )
    score = score_document(gold, pred)
    # TP 2, FP 2, FN 1 (Weine): P = 2/4, R = 2/3, F1 = 4/(4+2+1)
    assert counts(score, "persons") == (2, 2, 1)
    assert prf(score, "persons") == pytest.approx((0.5, 2 / 3, 4 / 7))
    assert score.lists["persons"].missed == ["Weine Sundell"]
    assert score.lists["persons"].spurious == ["Anna Persson", "Björn Ek"]


def test_exact_name_match_preferred_over_alias() -> None:
    gold = doc(persons=[person("Anna Persson", "Anna")])
    pred = doc(persons=[person("Anna"), person("Anna Persson")])
    score = score_document(gold, pred)
    # The exact name wins, so the alias-only prediction is the spurious one.
    assert counts(score, "persons") == (1, 1, 0)
    assert score.lists["persons"].spurious == ["Anna"]


def test_persons_and_places_are_diacritics_insensitive() -> None:
    gold = doc(
        persons=[person("Gunhild Åkerblom")],
        places=[{"name": "Tromsø", "kind": "city"}, {"name": "Växjö", "kind": "municipality"}],
    )
    pred = doc(
        persons=[person("GUNHILD AKERBLOM")],
        places=[{"name": "Tromso", "kind": "city"}, {"name": "Vaxjo.", "kind": "city"}],
    )
    score = score_document(gold, pred)
    assert counts(score, "persons") == (1, 0, 0)
    assert counts(score, "places") == (2, 0, 0)
    # Kind is not part of the place match; 1 of the 2 matched places has the right kind.
    assert field(score, "place_kinds") == (1, 2)


def test_organizations_alias_matching() -> None:
    gold = doc(
        organizations=[org("Kungliga biblioteket", "KB"), org("Kulturrådet", "KUR"), org("DIK")]
    )
    pred = doc(organizations=[org("KB"), org("Kulturradet"), org("Libris")])
    score = score_document(gold, pred)
    # KB via alias, Kulturradet via diacritics: TP 2, FP 1 (Libris), FN 1 (DIK)
    assert counts(score, "organizations") == (2, 1, 1)
    assert prf(score, "organizations") == pytest.approx((2 / 3, 2 / 3, 2 / 3))


# --- person attributes ------------------------------------------------------------------


def test_attendance_and_absentees() -> None:
    gold = doc(
        persons=[
            person("A A", attended=True),
            person("B B", attended=True),
            person("C C", absent=True),
            person("D D"),
        ]
    )
    pred = doc(
        persons=[
            person("A A", attended=True),  # attendance TP
            person("B B"),  # attendance FN
            person("C C", attended=True),  # attendance FP (gold absent); absentees FN
            person("D D", absent=True),  # absentees FP
            person("E E", attended=True),  # attendance FP (unmatched)
        ]
    )
    score = score_document(gold, pred)
    # attendance: TP 1, FP 2, FN 1 -> P 1/3, R 1/2, F1 2/(2+2+1)
    assert counts(score, "attendance") == (1, 2, 1)
    assert prf(score, "attendance") == pytest.approx((1 / 3, 0.5, 0.4))
    assert score.lists["attendance"].spurious == ["C C", "E E"]
    # absentees: TP 0, FP 1, FN 1
    assert counts(score, "absentees") == (0, 1, 1)
    assert prf(score, "absentees") == (0.0, 0.0, 0.0)


def test_affiliations_through_either_sides_org_alias_table() -> None:
    gold = doc(
        persons=[
            person("Anna Persson", affiliation="BiBK"),
            person("Gudrun Wemming", affiliation="Växjö"),
            person("Kerstin Olsson", affiliation="KB"),
            person("Lina Holmér"),
        ],
        organizations=[org("Biblioteksutveckling Blekinge Kronoberg", "BiBK")],
    )
    pred = doc(
        persons=[
            # gold's table says BiBK is this organization -> TP
            person("Anna Persson", affiliation="Biblioteksutveckling Blekinge Kronoberg"),
            # strict: a library is not its municipality -> FN + FP
            person("Gudrun Wemming", affiliation="Växjö stadsbibliotek"),
            # only the predicted table says KB is Kungliga biblioteket -> TP
            person("Kerstin Olsson", affiliation="Kungliga biblioteket"),
            # gold has no affiliation -> FP
            person("Lina Holmer", affiliation="Ljungby"),
        ],
        organizations=[org("Kungliga biblioteket", "KB")],
    )
    score = score_document(gold, pred)
    # TP 2, FP 2, FN 1 -> P 1/2, R 2/3, F1 4/7
    assert counts(score, "affiliations") == (2, 2, 1)
    assert prf(score, "affiliations") == pytest.approx((0.5, 2 / 3, 4 / 7))
    assert score.lists["affiliations"].missed == ["Gudrun Wemming: Växjö"]
    assert score.lists["affiliations"].spurious == [
        "Gudrun Wemming: Växjö stadsbibliotek",
        "Lina Holmer: Ljungby",
    ]


def test_affiliation_of_unmatched_person_is_missed() -> None:
    gold = doc(persons=[person("Anna Persson", affiliation="BiBK")])
    pred = doc(persons=[person("Anna Svensson", affiliation="BiBK")])
    score = score_document(gold, pred)
    assert counts(score, "affiliations") == (0, 1, 1)


def test_roles_accept_whole_word_containment() -> None:
    gold = doc(
        persons=[
            person("Hugo Rystrøm", role="konsulent"),
            person("Birgit Larsen", role="Fylkesbiblioteksjef"),
            person("Kerstin Olsson", role="samordnare för Digital först"),
            person("Eva Lund", role="samordnare"),
        ]
    )
    pred = doc(
        persons=[
            person("Hugo Rystrom", role="konsulent fra I Pluss"),  # contains gold -> TP
            person("Birgit Larsen", role="fylkesbiblioteksjef"),  # equal -> TP
            person("Kerstin Olsson", role="Samordnare"),  # contained in gold -> TP
            person("Eva Lund", role="samordnaren"),  # not a whole word -> FN + FP
        ]
    )
    score = score_document(gold, pred)
    # TP 3, FP 1, FN 1 -> 3/4 each
    assert counts(score, "roles") == (3, 1, 1)
    assert prf(score, "roles") == pytest.approx((0.75, 0.75, 0.75))


# --- funders, project-funder pairs, funding triples --------------------------------------


def test_funders_are_a_canonicalised_set() -> None:
    gold = doc(
        organizations=[org("Kulturrådet", "Kur"), org("Nordea-fonden")],
        projects=[project("Stärkta bibliotek", funders=("Kulturrådet",))],
        funding=[funding("Kur", "Stärkta bibliotek"), funding("Nordea-fonden", "X")],
    )
    pred = doc(
        organizations=[org("Kulturrådet", "KUR")],
        funding=[
            funding("KUR", "Stärkta bibliotek"),
            funding("Kulturrådet", "Kreativa rum"),  # same funder as KUR on this side
            funding("EU", "Engage"),
        ],
    )
    score = score_document(gold, pred)
    # gold {Kulturrådet, Nordea-fonden}, pred {KUR, EU}: TP 1, FP 1, FN 1
    assert counts(score, "funders") == (1, 1, 1)
    assert prf(score, "funders") == (0.5, 0.5, 0.5)
    assert score.lists["funders"].missed == ["Nordea-fonden"]
    assert score.lists["funders"].spurious == ["EU"]


def test_project_funder_pairs() -> None:
    gold = doc(
        organizations=[org("Kulturrådet", "Kur")],
        projects=[
            project(
                "Stärkta bibliotek", "Stärkta bibliotek i hela landet", funders=("Kulturrådet",)
            ),
            project("Kreativa rum"),
        ],
        funding=[
            funding("Kur", "Kreativa rum"),  # recipient is a project -> a pair
            funding("Kulturrådet", "regionbiblioteken"),  # not a project -> no pair
            funding("Kulturrådet", "Stärkta bibliotek"),  # same pair again
        ],
    )
    pred = doc(
        organizations=[org("Kulturrådet", "KUR")],
        projects=[
            project("Stärkta bibliotek i hela landet", funders=("KUR",)),  # TP via aliases
            project("Läsfest", funders=("Kulturrådet",)),  # FP
        ],
        funding=[funding("KUR", "regionbiblioteken")],
    )
    score = score_document(gold, pred)
    # gold pairs: (Stärkta, Kulturrådet), (Kreativa rum, Kur); TP 1, FP 1, FN 1
    assert counts(score, "project_funder_pairs") == (1, 1, 1)
    assert prf(score, "project_funder_pairs") == (0.5, 0.5, 0.5)
    assert score.lists["project_funder_pairs"].missed == ["Kreativa rum <- Kur"]


def test_funding_triples() -> None:
    gold = doc(
        organizations=[org("Kulturrådet", "Kur")],
        funding=[
            funding("Kulturrådet", "Stärkta bibliotek", 225000000, "SEK"),
            funding("Nordea-fonden", "GRUNDLOVSFESTEN.dk", 9700000, "DKK"),
            funding("Kulturrådet", "Kreativa rum"),  # no amount: not a triple
        ],
    )
    pred = doc(
        funding=[
            funding("Kur", "Stärkta bibliotek", 225000000.0, "sek"),  # TP
            funding("KUR", "Stärkta", 225000000, "SEK"),  # same triple: deduplicated
            funding("Nordea-fonden", "GRUNDLOVSFESTEN.dk", 9700000, "SEK"),  # wrong currency
        ]
    )
    score = score_document(gold, pred)
    assert counts(score, "funding") == (1, 1, 1)
    assert prf(score, "funding") == (0.5, 0.5, 0.5)


# --- decisions and actions --------------------------------------------------------------


def test_decisions_fuzzy_threshold() -> None:
    gold_decisions = [
        "Nästa möte 15 mars i Växjö.",
        "Möte om webben",
        "Ja till nyhetsbrev från BiBK.",
    ]
    below = [
        "Nästa möte blir den 15 mars i Växjö",  # 4/6 -> TP
        "möte om webben och grafisk logga",  # {mote, webben} / 5 words = 0.4 -> no
        "Nyhetsbrev diskuterades",  # 1/5 -> no
    ]
    score = score_document(doc(decisions=gold_decisions), doc(decisions=below))
    # TP 1, FP 2, FN 2 -> 1/3 each
    assert counts(score, "decisions") == (1, 2, 2)
    assert prf(score, "decisions") == pytest.approx((1 / 3, 1 / 3, 1 / 3))

    at = [below[0], "möte om webben och logga", below[2]]  # 2/4 = 0.5 -> matches
    score = score_document(doc(decisions=gold_decisions), doc(decisions=at))
    # TP 2, FP 1, FN 1 -> 2/3 each
    assert counts(score, "decisions") == (2, 1, 1)
    assert prf(score, "decisions") == pytest.approx((2 / 3, 2 / 3, 2 / 3))


def test_actions_matched_on_what_and_agents_checked() -> None:
    gold = doc(
        persons=[person("Kristina Hedberg", "Kristina", "KH")],
        organizations=[org("Biblioteksutveckling Blekinge Kronoberg", "BiBK")],
        actions=[
            {"who": "Kristina Hedberg", "what": "informera löpande om vad som händer i gruppen"},
            {"who": "BiBK", "what": "försöka få till ett nyhetsbrev inom kort"},
            {"who": None, "what": "rapportera på nästa styrgruppsmöte"},
        ],
    )
    pred = doc(
        actions=[
            # {informerar, lopande, vad, som, hander, gruppen} vs gold's: 5/7 -> match;
            # "KH" is Kristina Hedberg by the gold person table -> agent right
            {"who": "KH", "what": "informerar löpande om vad som händer i gruppen"},
            {"who": "Weine", "what": "Försöka få till ett nyhetsbrev inom kort."},  # wrong who
            {"who": None, "what": "rapportera på nästa styrgruppsmöte"},  # null == null
        ]
    )
    score = score_document(gold, pred)
    assert counts(score, "actions") == (3, 0, 0)
    assert field(score, "action_agents") == (2, 3)
    agents = score.fields["action_agents"]
    assert (agents.nonnull_correct, agents.nonnull_total) == (1, 2)


# --- meeting fields ---------------------------------------------------------------------


def test_meeting_alignment_with_two_meetings() -> None:
    gold = doc(
        persons=[person("Anna Persson", "Anna")],
        organizations=[org("Biblioteksutveckling Blekinge Kronoberg", "BiBK")],
        meetings=[
            meeting(
                "Chefsmöte",
                "2018-01-24",
                place="Korrö",
                type="directors_meeting",
                minute_taker="Anna Persson",
            ),
            meeting(
                "Styrgruppsmöte",
                "2018-03-15",
                place="Växjö",
                organizer="BiBK",
                type="steering_group",
            ),
        ],
    )
    pred = doc(
        meetings=[  # reverse order: alignment must not go by position
            meeting(
                "Styrgruppsmöte",
                "2018-03-15",
                place="Vaxjo",
                organizer="Biblioteksutveckling Blekinge Kronoberg",
                type="steering_group",
            ),
            meeting("Chefsmote", "2018-01-24", type="directors_meeting", minute_taker="Anna"),
        ]
    )
    score = score_document(gold, pred)
    assert field(score, "meeting.start_date") == (2, 2)
    assert field(score, "meeting.type") == (2, 2)
    assert field(score, "meeting.place") == (1, 2)  # Korrö not predicted
    assert field(score, "meeting.organizer") == (2, 2)  # null == null, BiBK via alias
    assert field(score, "meeting.minute_taker") == (2, 2)  # "Anna" is a gold alias
    end = score.fields["meeting.end_date"]
    assert (end.correct, end.total, end.nonnull_total) == (2, 2, 0)
    place = score.fields["meeting.place"]
    assert (place.nonnull_correct, place.nonnull_total) == (1, 2)
    assert place.accuracy == 0.5


def test_meeting_alignment_prefers_same_start_date() -> None:
    gold = doc(meetings=[meeting("Chefsmöte", "2018-01-24")])
    pred = doc(meetings=[meeting("Chefsmöte", "2018-03-15"), meeting("Chefsmöte", "2018-01-24")])
    score = score_document(gold, pred)
    # the aligned meeting is right; the extra one's start date is wrong (gold has no such
    # meeting), so the field reads 1 of 2
    assert field(score, "meeting.start_date") == (1, 2)
    assert counts(score, "meetings") == (1, 1, 0)
    assert score.lists["meetings"].spurious == ["Chefsmöte 2018-03-15"]


def test_extra_meetings_are_penalised() -> None:
    gold = doc(meetings=[meeting("Styremøte", "2019-10-24", place="Oslo")])
    right = doc(meetings=[meeting("Styremøte", "2019-10-24", place="Oslo")])
    split = doc(meetings=[meeting("Styremøte", "2019-10-24", place="Oslo"),
                          meeting("Sak 3", "2019-11-01"), meeting("Sak 4", None)])
    good, bad = score_document(gold, right), score_document(gold, split)
    assert counts(good, "meetings") == (1, 0, 0)
    assert counts(bad, "meetings") == (1, 2, 0)
    assert bad.lists["meetings"].precision == pytest.approx(1 / 3)
    # only fields the extra meetings fill are counted against them
    assert field(bad, "meeting.start_date") == (1, 2)
    assert field(bad, "meeting.place") == (1, 1)
    assert any("extra meeting Sak 3" in w for w in bad.fields["meeting.start_date"].wrong)


def test_missing_meeting_is_missed_in_the_meetings_list() -> None:
    score = score_document(doc(meetings=[meeting("Chefsmöte", "2018-01-24")]), doc())
    assert counts(score, "meetings") == (0, 0, 1)
    assert score.lists["meetings"].missed == ["Chefsmöte 2018-01-24"]


def test_unaligned_gold_meetings_compare_with_nulls() -> None:
    gold = doc(meetings=[meeting("A", "2018-01-24"), meeting("B", "2018-03-15", place="Växjö")])
    score = score_document(gold, doc())
    assert field(score, "meeting.start_date") == (0, 2)
    assert field(score, "meeting.place") == (1, 2)  # A's null place is right to be null
    assert field(score, "meeting.end_date") == (2, 2)


def test_null_handling_in_fields() -> None:
    gold = doc(
        next_meeting={"date": None, "date_inferred": False, "place": "Växjö"},
        meetings=[meeting("A", "2018-01-24", place="", municipality="Alvesta")],
    )
    pred = doc(
        language=None,
        next_meeting={"date": "2018-03-15", "date_inferred": True, "place": None},
        meetings=[meeting("A", "2018-01-24", place=None, municipality=None)],
    )
    score = score_document(gold, pred)
    date = score.fields["next_meeting.date"]
    # gold null, predicted a date: wrong; but there is no non-null gold value to score
    assert (date.correct, date.total, date.nonnull_total) == (0, 1, 0)
    assert date.nonnull_accuracy == 1.0
    place = score.fields["next_meeting.place"]
    assert (place.correct, place.total, place.nonnull_correct, place.nonnull_total) == (0, 1, 0, 1)
    assert field(score, "meeting.place") == (1, 1)  # "" counts as null
    assert field(score, "meeting.municipality") == (0, 1)
    assert field(score, "document.language") == (0, 1)
    assert field(score, "document.country") == (1, 1)
    assert score_document(gold, {"document": "t.txt", "next_meeting": None}).fields


# --- corpus, pairing, output ------------------------------------------------------------


def test_pair_records_and_micro_averaged_corpus() -> None:
    gold = {
        "a.txt": doc(document="a.txt", persons=[person("Anna Persson"), person("Elin Björkman")]),
        "b.txt": doc(document="b.txt", persons=[person("Sara Wijk")]),
    }
    predicted = [
        doc(document="/runs/out/a.txt", persons=[person("Anna Persson"), person("Okänd")]),
        doc(document="zzz.txt", persons=[person("Sara Wijk")]),  # no gold: ignored
    ]
    pairs = pair_records(gold, predicted)
    assert [g["document"] for g, _ in pairs] == ["a.txt", "b.txt"]
    assert pairs[1][1] == {"document": "b.txt"}  # no prediction: empty record

    corpus = score_corpus(pairs)
    # a: TP 1, FP 1, FN 1; b: FN 1 -> TP 1, FP 1, FN 2: P 1/2, R 1/3, F1 2/(2+1+2) = 0.4
    # (a macro average of the per-document F1s would be (0.5 + 0) / 2 = 0.25)
    assert counts(corpus, "persons") == (1, 1, 2)
    assert prf(corpus, "persons") == pytest.approx((0.5, 1 / 3, 0.4))
    assert set(corpus.documents) == {"a.txt", "b.txt"}
    assert counts(corpus.documents["b.txt"], "persons") == (0, 0, 1)
    assert corpus.lists["persons"].missed == ["a.txt: Elin Björkman", "b.txt: Sara Wijk"]


def test_pair_records_accepts_minutes_records() -> None:
    gold = load_gold_dir(GOLD_DIR)
    predicted = [MinutesRecord.from_dict(g) for g in gold.values()]
    corpus = score_corpus(pair_records(gold, predicted))
    assert all(s.f1 == 1.0 for s in corpus.lists.values())


def test_load_gold_dir_keys_by_document() -> None:
    gold = load_gold_dir(GOLD_DIR)
    assert len(gold) == len(GOLD_FILES) == 5
    assert "se-2018-01-24-bibk-chefsmote.txt" in gold
    assert all(key == g["document"] for key, g in gold.items())


def test_corpus_to_dict_shape_and_table() -> None:
    gold = load_gold_dir(GOLD_DIR)
    corpus = score_corpus(pair_records(gold, []))
    data = json.loads(json.dumps(corpus.to_dict()))
    assert set(data) == {"lists", "fields", "documents"}
    persons = data["lists"]["persons"]
    list_keys = {"tp", "fp", "fn", "precision", "recall", "f1", "missed", "spurious"}
    assert list_keys <= set(persons)
    assert persons["recall"] == 0.0 and persons["fn"] == len(persons["missed"])
    assert {"correct", "total", "accuracy"} <= set(data["fields"]["meeting.start_date"])
    assert set(data["documents"]) == set(gold)
    one = data["documents"]["se-2018-01-24-bibk-chefsmote.txt"]
    assert set(one) == {"lists", "fields"} and set(one["lists"]) == set(data["lists"])

    table = format_table(corpus)
    lines = table.splitlines()
    assert lines[0].split() == ["list", "P", "R", "F1", "TP", "FP", "FN"]
    assert any(line.startswith("persons ") and line.split()[-1] == "58" for line in lines)
    assert any(line.startswith("meeting.start_date") and "0/5" in line for line in lines)


# --- error report -----------------------------------------------------------------------


def test_format_errors_lists_missed_and_invented_with_their_words() -> None:
    from libgraph.evaluate.errors import format_errors

    gold = {"m.txt": doc(document="m.txt", organizations=[org("Ravnsborg bibliotek")],
                         meetings=[meeting("Styremøte", "2019-10-24", place="Ravnsborg")])}
    pred = [doc(document="m.txt", organizations=[org("Kilde Forlag")],
                meetings=[meeting("Styremøte", "2019-10-24", place="Kildevei")])]
    text = ("Styremøte 24.10.2019\nSted: Ravnsborg\nTil stede fra Ravnsborg bibliotek og "
            "fra Kilde Forlag.")
    report = format_errors(score_corpus(pair_records(gold, pred)), {"m.txt": text})
    assert "== organizations: 1 missed, 1 invented" in report
    assert "missed   Ravnsborg bibliotek   «…4.10.2019 Sted: Ravnsborg Til stede fra Ravnsborg " \
        "bibliotek og fra Kilde Forlag.»" in report
    assert "invented Kilde Forlag" in report and "fra Kilde Forlag.»" in report
    assert "== meeting.place: 1 wrong of 1" in report
    assert "gold 'Ravnsborg', predicted 'Kildevei'" in report
    assert "== persons" not in report  # nothing wrong there


def test_format_errors_is_empty_when_all_is_right() -> None:
    from libgraph.evaluate.errors import format_errors

    gold = load_gold_dir(GOLD_DIR)
    assert format_errors(score_corpus(pair_records(gold, list(gold.values())))) == ""


def test_quote_of_pairs_and_absent_items() -> None:
    from libgraph.evaluate.errors import quote_of

    text = "Referent: Ola  Nordmann (sekretær)"
    assert quote_of("Ola Nordmann: sekretær", text, context=5) == "…ent: Ola Nordmann (sek…"
    assert quote_of("Kari Holm", text) == ""


def test_evaluate_cli_errors_option(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from libgraph.cli import main

    (tmp_path / "docs").mkdir()
    (tmp_path / "gold").mkdir()
    (tmp_path / "docs" / "m.txt").write_text(
        "Styremøte i Lindvik bibliotekforening 24. oktober 2019\n\nTil stede: Kari Holm, "
        "Ola Nordmann\n", encoding="utf-8")
    gold = doc(document="m.txt", language="nb", country="NO",
               persons=[person("Kari Holm"), person("Tore Vik")],
               meetings=[meeting("Styremøte", "2019-10-24")])
    (tmp_path / "gold" / "m.json").write_text(json.dumps(gold), encoding="utf-8")
    args = ["evaluate", "--gold", str(tmp_path / "gold"), str(tmp_path / "docs")]
    plain = CliRunner().invoke(main, args)
    result = CliRunner().invoke(main, [*args, "--errors"])
    assert plain.exit_code == result.exit_code == 0, result.output
    assert "missed" not in plain.output
    assert "== persons:" in result.output and "missed   Tore Vik" in result.output
    assert "invented Ola Nordmann   «" in result.output
