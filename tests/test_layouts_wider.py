"""Layouts the development corpus lacks, learnt from further public minutes (association
protocols, upper-case Danish fields, Nynorsk board minutes, branches of national
associations). Each document here is written anew: own words, invented bodies and people."""

import pytest

from helpers import record

CASES = [
    # Swedish association protocol: weekday in the definite form, venue and town in the title
    ("sv", "Protokoll\n\nFört vid årsmöte med Lindviks biblioteks vänner tisdagen den 12 mars "
           "2019 i Föreningsrummet, Alvesta\n\nNärvarande cirka 15 medlemmar.\n\n§1 Mötet "
           "öppnades.\n",
     {"start_date": "2019-03-12", "place": "Föreningsrummet", "municipality": "Alvesta",
      "type": "network_meeting"}),
    # Danish committee minutes with upper-case field labels on one line
    ("da", "Ravnsø Bibliotekskreds\nReferat\nForretningsudvalgsmøde TID: onsdag den 13. april "
           "2016, kl. 10-14. MØDESTED: Hotel Fjordly, Horsens\nAfbud: Jens Holm\n",
     {"start_date": "2016-04-13", "place": "Hotel Fjordly", "municipality": "Horsens",
      "type": "steering_group"}),
    # Danish board minutes: "d.15.4. 2013", venue after "på" in the title, body after "i"
    ("da", "Referat af bestyrelsesmøde i Kildeforeningen, mandag d.15.4. 2013 på Vejle "
           "Bibliotek\n\nTilstede: Anne Serup, Kate Holm\n\n1. Anne blev valgt som mødeleder\n",
     {"start_date": "2013-04-15", "place": "Vejle Bibliotek", "municipality": "Vejle",
      "organizer": "Kildeforeningen"}),
    # Norwegian branch of a national association; "Sted:" and "Tid:" fields
    ("nb", "Referat fra styremøte i Norsk Bibliotekforening avd. Nordvest 11. april 2016\n"
           "Sted: Molde katedralskoles bibliotek\nTid: 11. april 2016 16.00 – 17.30\n"
           "Tilstede: Kari Holm, Ola Brekke (referent)\n",
     {"start_date": "2016-04-11", "place": "Molde katedralskoles bibliotek",
      "municipality": "Molde", "organizer": "Norsk Bibliotekforening avd. Nordvest"}),
    # Nynorsk board minutes: "Stad:"
    ("nn", "Referat frå styremøte 27.11.2017\n\nTil stades: Inger Dal, Kari Fjell\n\n"
           "Stad: Litteraturhuset\n\n1. Referatet vart godkjent.\n",
     {"start_date": "2017-11-27", "place": "Litteraturhuset", "type": "steering_group"}),
]


@pytest.mark.parametrize(("language", "text", "expected"), CASES,
                         ids=[c[0] + str(i) for i, c in enumerate(CASES)])
def test_wider_layouts(language: str, text: str, expected: dict) -> None:
    meeting = record(text, language).meetings[0]
    assert {key: getattr(meeting, key) for key in expected} == expected


def test_a_branch_and_its_association_are_two_organisations() -> None:
    rec = record(CASES[3][1], "nb")
    names = {o.name for o in rec.organizations}
    assert {"Norsk Bibliotekforening", "Norsk Bibliotekforening avd. Nordvest"} <= names
