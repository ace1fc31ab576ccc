"""Words that signal structure in Scandinavian minutes, one list per function.

Lists merge Swedish, Norwegian (bokmål and nynorsk) and Danish forms because writers mix them
and because the language detector may be unsure on short documents. Everything is lower case
and matched case-insensitively at word boundaries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

# Headers that introduce people who were present.
PRESENT_HEADERS = (
    "närvarande", "närvarande ledamöter", "övriga närvarande", "deltagare", "deltog",
    "medverkande", "närvarande var", "deltagande", "närvaro",
    "til stede", "til stades", "tilstede", "tilstades", "tilstede var", "til stede var",
    "til stades var", "deltakere", "deltakarar", "deltok", "møtt", "møtte", "frammøtte",
    "fremmøtte", "møtende", "møtande", "tilstedeværende", "deltagere", "deltog", "mødt",
    "til stede var", "til stede fra", "present", "participants",
    # "these attended" / "the following attended": nynorsk, bokmål, Danish, Swedish
    "desse møtte", "disse møtte", "dei som møtte", "de som møtte", "følgjande møtte",
    "følgende møtte", "følgende deltok", "følgende deltog", "följande deltog",
    "följande närvarade", "følgende var til stede", "følgjande var til stades",
)
# Headers that introduce people who sent regrets or were absent.
ABSENT_HEADERS = (
    "anmält förhinder", "anmälda förhinder", "förhinder", "frånvarande", "ej närvarande",
    "anmält frånvaro", "meldt forfall", "forfall", "fråvær", "fråvere", "fravær", "permisjon",
    "ikke møtt", "ikkje møtt", "meldt fråvær", "meldt fråvere", "meld fråvær", "melde forfall",
    "afbud", "afbud fra", "fraværende", "ikke til stede",
    "ikkje til stades", "meldt fravær", "absent", "apologies",
)
# Headers that name the minute taker.
MINUTE_TAKER_HEADERS = (
    "anteckningar", "antecknare", "anteckningar förda av", "vid protokollet", "protokollförare",
    "sekreterare", "mötessekreterare", "sammanställt av", "sammanställda av", "nedtecknat av",
    "minnesanteckningar", "referent", "referat", "skrevet af", "skrevet av", "skrive av",
    "skrivar", "sekretær", "referent var", "referat ved", "referat skrevet af", "ref",
    "protokoll ført av", "protokollfører", "protokollførar", "noter ved",
)
# Headers that name the chair.
CHAIR_HEADERS = (
    "ordförande", "mötesordförande", "ordstyrer", "møteleder", "møteleiar", "mødeleder",
    "ordstyrar", "dirigent", "leder", "leiar", "formand",
)
# Agenda and form words that open lines of minutes; capitalised there, never names.
AGENDA_WORDS = (
    "sak", "saker", "övrigt", "övriga", "eventuelt", "eventuellt", "orientering",
    "orienteringar", "orienteringssaker", "dagordning", "dagsorden", "dagsordning", "sakliste",
    "saksliste", "protokoll", "velkommen", "välkommen", "godkendelse", "godkjenning",
    "godkännande", "diverse", "meddelanden", "information", "informasjon", "beslut",
    "vedtak", "beslutning", "forslag", "bilag", "bilaga", "vedlegg", "plats", "sted", "tid",
    "dato", "datum", "tidspunkt", "mødested", "lokale", "justering", "justeras", "justerare",
    "underskrift", "signatur", "styrelsen", "styret", "bestyrelsen", "suppleanter",
    "suppleant", "styremedlemmer", "varamedlemmer", "ledamöter", "adjungerad", "adjungert",
    "observatør", "gjest", "gjester", "gäster", "inbjudna", "inviterte",
)
# Group headers inside an attendance list: everyone under them was present, and the header
# gives their role on the board ("Suppleanter:" -> "suppleant"), or none ("Från styrelsen:").
GROUP_HEADERS = {
    "suppleanter": "suppleant", "suppleanterne": "suppleant", "varamedlemmer": "varamedlem",
    "varamedlemmar": "varamedlem", "vararepresentanter": "vararepresentant",
    "styremedlemmer": "styremedlem", "styremedlemar": "styremedlem",
    "styrelseledamöter": "styrelseledamot", "bestyrelsesmedlemmer": "bestyrelsesmedlem",
    "observatører": "observatør", "observatörer": "observatör", "adjungerade": "adjungerad",
    "adjungerte": "adjungert", "adjungert": "adjungert", "adjungerede": "adjungeret",
    "från styrelsen": None, "fra styret": None, "frå styret": None, "fra bestyrelsen": None,
    "från kansliet": None, "fra sekretariatet": None,
    "fra administrasjonen": None, "fra adm": None, "sekretariatet": None, "kansliet": None,
    "övriga": None, "ekstern": None, "eksterne": None, "extern": None, "externa": None,
    "gjester": None, "gäster": None, "gæster": None, "inbjudna": None, "inviterte": None,
    "medlemmer": None, "medlemmar": None, "medlemmene": None,
}
# Board positions as headers ("Kasserer: Anna Berg" in an election result): a role, not a
# sign of presence.
ROLE_HEADERS = ("kasserer", "kasserar", "kassör", "kassérer", "styremedlem",
                "styrelseledamot", "bestyrelsesmedlem", "nestleder", "nestleiar",
                "næstformand", "vice ordförande", "vice ordf", "revisor", "revisorer",
                "webredaktør", "webbredaktör", "styreleder", "styreleiar", "varamedlem",
                "vararepresentant")
# Headers of those who check and sign the minutes (they were present).
ADJUSTER_HEADERS = ("justeras", "justerare", "justeringsperson", "justeringspersoner",
                    "protokolljusterare", "justerat", "protokollet justeras av")
# Meeting functions as a role word: what a header or an election names ("justerare").
FUNCTION_ROLES = {"justeras": "justerare", "justerat": "justerare",
                  "protokollet justeras av": "justerare", "justeringspersoner": "justerare",
                  "justeringsperson": "justerare"}
# Verbs in the past tense whose subject took part in the meeting.
SPEECH_VERBS = (
    "berättade", "informerade", "presenterade", "pratade", "redogjorde", "visade", "inledde",
    "talade", "föreläste", "ledde", "rapporterade", "tog upp", "beskrev", "hälsade",
    "fortalte", "informerte", "orienterte", "presenterte", "snakket", "snakka", "innledet",
    "innleidde", "leiet", "ledet", "viste", "la fram", "la frem", "redegjorde", "orienterede",
    "præsenterede", "fortalte", "indledte", "fremlagde", "holdt oplæg", "holdt innlegg",
    "gav en", "gjennomgikk", "gikk gjennom", "gennemgik", "gick igenom", "refererte",
    "var inbjuden", "var idag inbjuden", "var invitert", "var inviteret",
    "spurgte", "spurte", "frågade", "undrade", "uddybede", "utdypet", "utdjupade", "opfordrede",
    "oppfordret", "uppmanade", "svarede", "svarte", "svarade", "kommenterede", "kommenterte",
    "kommenterade", "foreslog", "föreslog", "foreslo", "nævnte", "nevnte", "nämnde",
    "påpegede", "påpekte", "påpekade", "understregede", "understreket", "underströk",
    "tilføjede", "tilføyde", "supplerede", "supplerte", "kompletterade", "efterlyste",
    "etterlyste", "takkede", "takket", "tackade", "bød velkommen", "ønsket velkommen",
    "önskade välkommen", "åbnede mødet", "åpnet møtet", "öppnade mötet", "opna møtet",
    "afsluttede", "avsluttet", "avslutade", "opsummerede", "oppsummerte", "sammanfattade",
    "fortalde", "orienterte om", "gjekk gjennom", "la fram",
)
# Words that make a sentence a decision.
DECISION_WORDS = (
    "beslutade", "beslutades", "beslutas", "beslöt", "beslöts", "beslut:", "enades om",
    "enades", "kom överens om", "var överens om", "var också överens om", "var eniga om",
    "var enige om", "var enig om", "blev enige om", "ble enige om", "valdes", "väljs", "utsågs",
    "godkände", "godkändes",
    "fastställde", "fastställdes", "antogs", "fick i uppdrag", "får i uppdrag",
    "får fortsatt uppdrag", "ges i uppdrag", "uppdrogs", "bildades",
    "vedtak:", "vedtok", "vedtatt", "vedtas", "vedtek", "vedteke", "ble enige om",
    "ble vedtatt", "vart vedteke", "vart samde om", "ble valgt", "vart vald", "godkjente",
    "godkjent", "besluttet", "besluttede", "besluttes", "beslutning:", "godkendte", "godkendt",
    "blev enige om", "blev valgt", "vedtog", "vedtaget", "konklusion:",
)
# Headings alone on their line that introduce the decision under them, as board minutes with
# numbered items print them ("§ 12 Budget" / "Beslut" / "att godkänna budgeten").
DECISION_HEADINGS = (
    "beslut", "beslutning", "beslutninger", "vedtak", "vedtatt", "vedteke", "besluttet",
    "konklusion", "konklusjon", "styrets vedtak", "styrelsens beslut",
    "bestyrelsens beslutning",
)
# Verbs that assign an action item.
ACTION_PATTERNS = (
    r"fick i uppdrag att", r"får i uppdrag att", r"sørger for at", r"sørger for å",
    r"syter for å", r"ser till att", r"ombesörjer", r"får fortsatt uppdrag att",
    r"ges i uppdrag att", r"ansvarar för att", r"ansvarar för", r"ansvarlig for",
    r"ansvarleg for", r"tar kontakt med", r"kollar upp", r"undersöker", r"återkommer med",
    r"sammankallar", r"kallar till", r"skal undersøke", r"skal sjekke", r"sjekker",
    r"følger opp", r"fylgjer opp", r"undersøger", r"vender tilbage", r"kommer tilbake med",
    r"tar ansvar for", r"påtog sig at", r"får ansvar for", r"fikk i oppdrag å",
    r"fekk i oppdrag å", r"skal komma med", r"ska komma med", r"ska ta fram", r"skal lage",
)
# Words that name a project.
PROJECT_WORDS = ("projekt", "projektet", "prosjekt", "prosjektet", "program", "programmet",
                 "satsning", "satsningen", "satsing", "satsinga", "satsningen", "indsats",
                 "indsatsen", "initiativ", "initiativet")
# Words for funding given.
FUNDING_WORDS = (
    "bidrag", "bidraget", "medel", "stöd", "stödet", "anslag", "finansiering", "finansieras",
    "finansierat", "beviljat", "beviljats", "beviljade", "pengar", "pengarna", "tilskudd",
    "tilskot", "midler", "støtte", "bevilget", "bevilga", "bevilling", "tilskud", "støtte",
    "bevilliget", "fonden", "sponsrar", "sponser", "sponsorerer", "finansierer",
)
# Words that mark a price or fee, not a grant.
PRICE_WORDS = (
    "kostar", "kostnad", "kostnaden", "pris", "priset", "avgift", "avgiften", "deltageravgift",
    "kurspris", "koster", "kostnad", "kontingent", "billett", "pr. deltager", "per deltagare",
    "per person", "per film", "per streamad", "per lån", "mva", "moms", "ex moms", "inkl",
    "faktura", "betale", "betala", "ca beroende",
)
# Document-kind words stripped from meeting titles.
TITLE_NOISE = (
    "minnesanteckningar", "mötesanteckningar", "anteckningar", "protokoll", "protokoll fört vid",
    "protokoll från", "protokoll fra", "referat", "referat fra", "referat frå", "referat från",
    "møtereferat", "mødereferat", "dagsorden", "dagordning", "dagsordning", "sakliste",
    "saksliste", "minnesanteckningar från", "anteckningar från", "oppsummering", "sammanfattning",
    "summary", "minutes", "notat", "notater", "notat frå", "referat af", "beslutningsreferat",
)
# Generic words in attendee lists that stand for unnamed people.
GROUP_WORDS = ("samtliga", "alle", "ansatte", "anställda", "medarbetare", "medarbeidere")

# Norwegian/Danish/Swedish connectors inside name lists.
LIST_CONJUNCTIONS = (" och ", " og ", " samt ", " & ", " and ")


@cache
def word_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """One case-insensitive regex matching any of ``words`` at word boundaries."""
    return re.compile(rf"(?<![\w-])(?:{trie_alternation(words)})(?![\w-])", re.IGNORECASE)


def trie_alternation(words: Iterable[str], space: str = r"\s+", *, ignore_case: bool = True
                     ) -> str:
    """The words as one regular expression that matches exactly what their alternation,
    longest word first, matches, factored into a trie of shared prefixes (a space in a word
    stands for ``space``: by default any run of whitespace).

    The engine tries an alternation's branches one by one at every word start, so a flat
    list of sixty words cost sixty attempts there; factored, a word start costs one attempt
    per distinct first letter, and the words sharing it are followed together. The match is
    the same: at a node at most one branch can fit the text (siblings are characters that no
    one character matches both of, also ignoring case unless ``ignore_case`` is false: checked
    here), and a word that ends at a node is tried only after the longer words through it, as
    the longest-first list tries it. (A list in another order gives the same matches where
    the pattern lets only one of two words that begin alike match at a place.)
    """
    root: dict[str, dict] = {}
    for word in set(words):
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_regex(root, space, ignore_case)


def _trie_regex(node: dict[str, dict], space: str, ignore_case: bool) -> str:
    chars = sorted(char for char in node if char)
    for i, one in enumerate(chars):
        for other in chars[i + 1:]:
            if _overlap(one, other, ignore_case):
                raise ValueError(f"{one!r} and {other!r} match the same character")
    branches = [(space if char == " " else re.escape(char))
                + _trie_regex(node[char], space, ignore_case) for char in chars]
    if not branches:
        return ""
    if len(branches) == 1 and "" not in node:
        return branches[0]
    return "(?:" + "|".join(branches) + (")?" if "" in node else ")")


def _overlap(one: str, other: str, ignore_case: bool) -> bool:
    """Whether some character fits both trie edges (a space stands for any whitespace)."""
    if " " in (one, other):
        return (other if one == " " else one).isspace()
    return re.fullmatch(re.escape(one), other, re.IGNORECASE if ignore_case else 0) is not None


# Function words of the three languages: capitalised at a sentence start they are not names.
STOPWORDS = frozenset(
    [
        "och", "i", "att", "det", "som", "en", "på", "är", "av", "för", "med", "till", "den", "har",
        "de", "inte", "om", "ett", "men", "var", "sig", "så", "vi", "kan", "man", "från", "ska",
        "när", "eller", "nu", "efter", "också", "bara", "då", "han", "hon", "där", "här", "alla",
        "vid", "under", "mot", "vad", "hur", "vilka", "vilken", "detta", "dessa", "sedan", "även",
        "samt", "nästa", "mer", "många", "några", "annat", "andra", "dag", "idag", "og", "i", "at",
        "det", "som", "en", "på", "er", "av", "for", "med", "til", "den", "har", "de", "ikke", "om",
        "et", "men", "var", "seg", "så", "vi", "kan", "man", "fra", "skal", "når", "eller", "nå",
        "etter", "også", "bare", "da", "han", "hun", "der", "her", "alle", "ved", "under", "mot",
        "hva", "hvordan", "hvilke", "dette", "disse", "siden", "samt", "neste", "mer", "mange",
        "noen", "annet", "andre", "dag", "idag", "ikkje", "eg", "frå", "kva", "korleis", "berre",
        "vart", "dei", "ho", "me", "og", "i", "at", "det", "som", "en", "på", "er", "af", "for",
        "med", "til", "den", "har", "de", "ikke", "om", "et", "men", "var", "sig", "så", "vi",
        "kan", "man", "fra", "skal", "når", "eller", "nu", "efter", "også", "bare", "da", "han",
        "hun", "der", "her", "alle", "ved", "under", "mod", "hvad", "hvordan", "hvilke", "dette",
        "disse", "siden", "samt", "næste", "mere", "mange", "nogle", "andet", "andre", "dagen",
        "mødet", "møtet", "mötet", "the", "and", "of", "to", "in", "for", "on", "with", "tex",
        "bla", "ca", "ev", "obs", "ps", "mm", "osv", "dvs"
    ]
)
