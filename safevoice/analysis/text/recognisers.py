"""Presidio recognisers for the personal details UK residents write in consultation comments.

Each recogniser reports one of the entity types in `ENTITY_TYPES`; the redactor replaces every span with its
type in brackets. What counts as personal here, and why:

- a full postcode (NN1 4DB) points at a handful of households, so it goes; a postcode district (NN16) covers
  thousands and is what the survey itself asks for, so it stays;
- a street name on its own ("fights on Abington Street") is where something happened, which analysts need;
  a house number with it ("12 Abington Street") is where someone lives, so that goes;
- a date is redacted only as a date of birth ("born on 3 March 1990", "DOB 03/03/1990"): when an incident
  happened matters to the analysis;
- towns, "county lines", the police, the council and days of the week are never names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import tldextract
from presidio_analyzer import LocalRecognizer, Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import (
    CreditCardRecognizer,
    EmailRecognizer,
    IbanRecognizer,
    IpRecognizer,
    PhoneRecognizer,
)

POSTCODE = "POSTCODE"
PHONE = "PHONE"
EMAIL = "EMAIL"
NI_NUMBER = "NI_NUMBER"
VEHICLE_REG = "VEHICLE_REG"
ADDRESS = "ADDRESS"
DATE_OF_BIRTH = "DATE_OF_BIRTH"
PERSON = "PERSON"
CREDIT_CARD = "CREDIT_CARD"
IBAN = "IBAN"
IP_ADDRESS = "IP_ADDRESS"

ENTITY_TYPES: tuple[str, ...] = (
    POSTCODE,
    PHONE,
    EMAIL,
    NI_NUMBER,
    VEHICLE_REG,
    ADDRESS,
    DATE_OF_BIRTH,
    PERSON,
    CREDIT_CARD,
    IBAN,
    IP_ADDRESS,
)

# Minimum score per type after context enhancement. Patterns that cannot be anything else score above their
# threshold on their own; the looser ones (older number plates, NI numbers with an unissued prefix) need a
# context word ("reg", "national insurance") nearby to reach it.
THRESHOLDS: dict[str, float] = {
    POSTCODE: 0.5,
    PHONE: 0.4,
    EMAIL: 0.4,
    NI_NUMBER: 0.5,
    VEHICLE_REG: 0.5,
    ADDRESS: 0.5,
    DATE_OF_BIRTH: 0.5,
    PERSON: 0.5,
    # Presidio's own recognisers: a card number passing the Luhn check and an IBAN passing its checksum score
    # 1.0; an IPv4 address scores 0.6 (an IPv6 one 0.6 too).
    CREDIT_CARD: 0.5,
    IBAN: 0.5,
    IP_ADDRESS: 0.5,
}

# Inward code letters never include C, I, K, M, O or V (Royal Mail), which keeps "B4 2AM" out.
_FULL_POSTCODE = (
    r"\b(?:GIR\s?0AA"
    r"|[A-PR-UWYZ][0-9][0-9A-HJKPSTUW]?\s?[0-9][ABD-HJLNP-UW-Z]{2}"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][0-9ABEHMNPRVWXY]?\s?[0-9][ABD-HJLNP-UW-Z]{2})\b"
)

STREET_SUFFIXES: tuple[str, ...] = (
    *("Street", "St", "Road", "Rd", "Avenue", "Ave", "Lane", "Ln", "Close", "Drive", "Dr", "Way", "Crescent"),
    *("Cres", "Grove", "Place", "Pl", "Terrace", "Court", "Ct", "Gardens", "Gdns", "Walk", "Row", "Square"),
    *("Sq", "Mews", "Hill", "Rise", "View", "Green", "Parade", "Fields", "Meadow", "Vale", "End", "Yard"),
)
_STREET_SUFFIX = f"(?:{'|'.join(STREET_SUFFIXES)})"
# Words that make "Victoria Park", "Victoria Station" or "the Lewis Arms" a place, not a person.
PLACE_WORDS: tuple[str, ...] = (
    *STREET_SUFFIXES,
    *(
        "Park",
        "Centre",
        "Center",
        "Station",
        "Estate",
        "School",
        "Academy",
        "College",
        "University",
        "Hospital",
    ),
    *(
        "Church",
        "Hall",
        "House",
        "Retail",
        "Lakes",
        "Lake",
        "Field",
        "Common",
        "Heath",
        "Wood",
        "Pub",
        "Club",
    ),
    *(
        "Arms",
        "Inn",
        "Hotel",
        "Stadium",
        "Ground",
        "Library",
        "Surgery",
        "Market",
        "Bridge",
        "Gate",
        "Recreation",
    ),
)
_PLACE_WORD = f"(?:{'|'.join(PLACE_WORDS)})"
_CAPITALISED_WORD = r"[A-Z][a-z'’]+"
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|"
    r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DATE = (
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?(?:\s+of)?\s+{_MONTH},?\s+\d{{4}}"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    r"|\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2}))"
)
_RELATION = (
    r"(?:son|daughter|brother|sister|mum|mother|dad|father|partner|ex|ex-partner|ex-husband|ex-wife|husband|"
    r"wife|boyfriend|girlfriend|friend|mate|cousin|nephew|niece|grandson|granddaughter|grandad|nan|neighbour|"
    r"uncle|aunt|auntie|stepdad|stepson|support worker|social worker|key worker|carer)"
)
_TITLE = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|PC|PCSO|DC|DS|DI|Sgt|Sergeant|Inspector|Councillor|Cllr)\.?"


@dataclass(frozen=True)
class GroupPattern:
    """A regular expression whose named group `span` is the personal detail; the rest is its context."""

    name: str
    regex: str
    score: float
    flags: int = 0


class GroupPatternRecognizer(LocalRecognizer):
    """Like Presidio's PatternRecognizer, but redacts only the `span` group of each match.

    Needed where the context that makes a detail personal must stay readable: "born on [DATE_OF_BIRTH]",
    "my neighbour [PERSON]".
    """

    def __init__(self, *, entity: str, patterns: list[GroupPattern], name: str) -> None:
        self._compiled = [(p, re.compile(p.regex, p.flags)) for p in patterns]
        self._name = name
        super().__init__(supported_entities=[entity], name=name, supported_language="en")

    def load(self) -> None:
        """Nothing to load: the patterns are compiled in the constructor."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = []
        for pattern, compiled in self._compiled:
            for match in compiled.finditer(text):
                start, end = match.span("span")
                results.append(
                    RecognizerResult(
                        entity_type=self.supported_entities[0],
                        start=start,
                        end=end,
                        score=pattern.score,
                        recognition_metadata={
                            RecognizerResult.RECOGNIZER_NAME_KEY: self._name,
                            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                        },
                    )
                )
        return results


class OfflineEmailRecognizer(EmailRecognizer):
    """Presidio's email recogniser, checking the domain against tldextract's bundled suffix list.

    The stock recogniser calls `tldextract.extract`, which fetches the public suffix list from the internet on
    first use; nothing may be downloaded at run time, so this one uses the snapshot shipped in the wheel.
    """

    _extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

    def validate_result(self, pattern_text: str) -> bool:
        return bool(self._extract(pattern_text).fqdn)


class UkPhoneRecognizer(PhoneRecognizer):
    """Presidio's libphonenumber recogniser, keeping only numbers with a whole number's digits.

    At "possible" leniency libphonenumber also accepts short numbers such as years ("in 2019"); a UK number
    has ten digits after the leading 0 or 44 (nine for a few rural exchanges), so fewer than ten is not one.
    Numbers written the international way (+48 601 234 567, 0040 721 234 567) need nine.
    """

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if sum(c.isdigit() for c in text) < 9:
            return []  # no number of nine digits or more: spare libphonenumber the look
        results = super().analyze(text, entities, nlp_artifacts)  # type: ignore[arg-type]
        kept = []
        for r in results:
            written = text[r.start : r.end]
            digits = sum(c.isdigit() for c in written)
            international = written.lstrip("(").startswith(("+", "00"))
            if digits >= 10 or (international and digits >= 9):
                kept.append(r)
        return kept


# libphonenumber reads a number written the international way (+48 601 234 567, 0048 601 234 567) whatever the
# region; a region only adds the rules for numbers written that country's own way. Each region costs about as much
# as the UK's (34 regions made redaction four times slower), so the UK's alone.
PHONE_REGIONS: tuple[str, ...] = ("GB",)


class DigitsFirstPatternRecognizer(PatternRecognizer):
    """A pattern recogniser whose every pattern needs a digit: texts without one are not searched at all.

    Most comments have no digit, and these patterns (addresses abroad) cost more than the check.
    """

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        if not any(c.isdigit() for c in text):
            return []
        return super().analyze(text, entities, nlp_artifacts, regex_flags)


class QuickCreditCardRecognizer(CreditCardRecognizer):
    """Presidio's card recogniser, run only on texts with a card's 12 digits or more."""

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        if sum(c.isdigit() for c in text) < 12:
            return []
        return super().analyze(text, entities, nlp_artifacts, regex_flags)


class QuickIbanRecognizer(IbanRecognizer):
    """Presidio's IBAN recogniser, run only on texts with an IBAN's digits (13 in the shortest, Norway's)."""

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        if sum(c.isdigit() for c in text) < 12:
            return []
        return super().analyze(text, entities, nlp_artifacts, regex_flags)  # type: ignore[arg-type]


class QuickIpRecognizer(IpRecognizer):
    """Presidio's IP recogniser, run only on texts with something shaped like part of an address ("3.4", "a:b")."""

    _hint = re.compile(r"\d\.\d|[0-9A-Fa-f]:[0-9A-Fa-f]*:")

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        if not self._hint.search(text):
            return []
        return super().analyze(text, entities, nlp_artifacts, regex_flags)


class KnownNameRecognizer(LocalRecognizer):
    """A known first name (with the capitalised surname after it), from data/first_names*.txt.

    Looked up word by word in a set (13,000 names: one regular expression of them all would be slow). Not a
    saint ("St James"), not part of a place's name ("Victoria Park", "Jordan Close"), and the surname is not a
    place word ("Harry Street" is a street).
    """

    _word = re.compile(r"(?<![\w'’\-])[^\W\d_][\w'’\-]*")

    def __init__(self, *, names: frozenset[str], score: float) -> None:
        self._names = names
        self._score = score
        self._place_words = frozenset(PLACE_WORDS)
        super().__init__(supported_entities=[PERSON], name="known_first_name", supported_language="en")

    def load(self) -> None:
        """The names are given to the constructor."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        words = list(self._word.finditer(text))
        results = []
        for i, match in enumerate(words):
            name = match.group().removesuffix("'s").removesuffix("’s")
            if name not in self._names:
                continue
            before = text[max(0, match.start() - 7) : match.start()]
            if re.search(r"\b(?:St\.?|Saint)\s+$", before):
                continue
            end = match.start() + len(name)
            following = words[i + 1 : i + 3]
            adjacent = [w for w in following if w.group()[:1].isupper()]
            # "Victoria Park", "Jordan Close", "Harry Mitchell Leisure Centre": the name of a place.
            if any(w.group() in self._place_words for w in adjacent[:2]) and self._joined(
                text, match, adjacent
            ):
                continue
            if (
                following
                and following[0].group()[:1].isupper()
                and text[end : following[0].start()] in (" ", "\u00a0")
            ):
                surname = following[0].group().removesuffix("'s").removesuffix("’s")
                end = following[0].start() + len(surname)
            results.append(
                RecognizerResult(
                    entity_type=PERSON,
                    start=match.start(),
                    end=end,
                    score=self._score,
                    recognition_metadata={
                        RecognizerResult.RECOGNIZER_NAME_KEY: "known_first_name",
                        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                    },
                )
            )
        return results

    @staticmethod
    def _joined(text: str, first: re.Match[str], following: list[re.Match[str]]) -> bool:
        """Whether the capitalised words run on from the name with only spaces between."""
        position = first.end()
        for word in following:
            if text[position : word.start()].strip():
                return False
            position = word.end()
        return True


def _first_names() -> frozenset[str]:
    """The curated list (data/first_names.txt) and the list of names of many origins (first_names_world.txt)."""
    from importlib import resources

    names: set[str] = set()
    for file in ("data/first_names.txt", "data/first_names_world.txt"):
        text = resources.files("safevoice.analysis.text").joinpath(file).read_text("utf-8")
        names.update(w for line in text.splitlines() if not line.startswith("#") for w in line.split())
    return frozenset(names)


# Addresses written the way other countries write them. A capital in any Latin alphabet ("Łódzka", "Șos.").
_CAP = "[A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽȘȚ]"
_NAME = rf"{_CAP}[^\W\d_]*(?:[.'’\-][^\W\d_]+)*\.?"
# Small words inside street names: "Rue de la Paix", "Strada Ion Luca", "Rua Cidade de Maracajá".
_LINK = r"(?:de|del|della|degli|di|da|do|dos|das|la|le|les|du|des|lui|y|e|van|von|der|den)\b"
# A street's name starts with a capital; after a street word it may start with a small word ("Rue de Tanger").
_STREET_NAME = rf"{_NAME}(?:[\s,]+(?:{_NAME}|{_LINK})){{0,4}}"
_NAME_AFTER_STREET_WORD = rf"(?:{_LINK}\s+)?{_STREET_NAME}"
# A house number: 12, 12a, 12/3, 12-14, "12." (Hungarian).
_HOUSE_NUMBER = r"\d{1,4}[A-Za-z]?(?:[/\-]\d{1,4}[A-Za-z]?)?\.?"
# What a number after a capitalised word often counts instead of a house: "Tesco 24 hours", "Facebook 2 weeks".
_NOT_A_HOUSE = (
    r"(?!\s*(?:%|per\b|years?\b|yrs\b|months?\b|weeks?\b|days?\b|nights?\b|hours?\b|hrs\b|minutes?\b|"
    r"mins\b|times\b|people\b|kids\b|men\b|women\b|[ap]\.?m\b|o'clock|mph\b|miles?\b|metres?\b|yards?\b))"
)
# Words that open a street's name in Polish, Romanian, French, Italian, Spanish, Portuguese, Catalan,
# Russian and Ukrainian (transliterated), Croatian, Slovenian, Czech and Slovak.
_STREET_PREFIXES = (
    r"(?i:ul\.|ulica|ulicy|al\.|aleja|aleje|os\.|osiedle|pl\.|plac|str\.|strada|calea|bd\.|bdul\.?|bulevardul|"
    r"aleea|[șs]oseaua|[șs]os\.|pia[țt]a|rue|avenue|av\.|avda\.?|boulevard|bd|all[ée]e|chemin|impasse|quai|via|"
    r"viale|vicolo|piazza|piazzale|corso|largo|calle|c/|avenida|paseo|plaza|carrer|camino|rua|r\.|travessa|"
    r"pra[çc]a|ulitsa|vulytsia|prospekt|trg|ulice|n[áa]m[ěe]st[íi]|t[řr][íi]da)"
)
# Words that end a street's name run together with it (German, Dutch, Scandinavian, Finnish, Estonian) ...
_STREET_ENDINGS = (
    r"(?:stra[ßs]se|str\.|weg|gasse|platz|allee|damm|chaussee|gatan|v[äa]gen|gr[äa]nd|vej|gade|veien|gata|"
    r"katu|kuja|polku|tie|straat|laan|gracht|plein|singel|kade|t[äa]nav|utca|[úu]tja)"
)
# ... and ones written after it as a word of their own (Hungarian, Turkish, Czech, Lithuanian, Latvian).
_STREET_WORDS_AFTER = (
    r"(?:utca|u\.|[úu]t|t[ée]r|k[öo]r[úu]t|kapu|k[öo]z|sor|sokak|soka[ğg][ıi]|caddesi|cad\.|sk\.|bulvar[ıi]|"
    r"g\.|gatv[ėe]|pr\.|iela|ulice)"
)
# Other countries' English street types (US, Canada, Australia, South Africa, India).
_STREET_SUFFIXES_ABROAD = (
    r"(?:Blvd|Boulevard|Parkway|Pkwy|Highway|Hwy|Circle|Cir|Trail|Trl|Loop|Pike|Plaza|Alley|Route|Rte|Coves?|"
    r"Squares?|Extensions?|Crossing|Ridge|Heights|Point|Pass|Turnpike|Expressway|Freeway|Manor|Springs|"
    r"Junction|Terrace|Villas?|Union|Fork|Forks|Glen|Hollow|Knolls?|Meadows|Orchard|Pines|Run|Shoals|Skyway)"
)


def build_recognisers() -> list[LocalRecognizer]:
    """Every pattern recogniser the redactor runs (names come from `PersonRecognizer` in redaction.py)."""
    postcode = PatternRecognizer(
        supported_entity=POSTCODE,
        name="uk_full_postcode",
        patterns=[Pattern("full postcode", _FULL_POSTCODE, 0.85)],
        context=["postcode", "post code", "address", "live"],
        global_regex_flags=re.IGNORECASE,
    )
    # libphonenumber (through Presidio) knows every UK numbering range; "possible" leniency (0) also accepts
    # numbers not yet issued, such as Ofcom's drama ranges, which residents could equally type.
    phone = UkPhoneRecognizer(
        supported_entity=PHONE,
        supported_regions=PHONE_REGIONS,
        leniency=0,
        context=["phone", "number", "call", "ring", "text", "mobile", "landline", "contact", "whatsapp"],
        name="uk_phone",
    )
    email = OfflineEmailRecognizer(supported_entity=EMAIL, name="email")
    ni_number = PatternRecognizer(
        supported_entity=NI_NUMBER,
        name="uk_ni_number",
        patterns=[
            # HMRC never issues D, F, I, Q, U or V first, nor D, F, I, O, Q, U or V second, nor BG, GB, NK,
            # KN, NT, TN or ZZ.
            Pattern(
                "issued NI number",
                r"\b(?!BG|GB|NK|KN|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b",
                0.6,
            ),
            Pattern("NI number shape", r"\b[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b", 0.3),
        ],
        context=["national insurance", "insurance", "ni", "nino", "ni number"],
        global_regex_flags=re.IGNORECASE,
    )
    vehicle_reg = PatternRecognizer(
        supported_entity=VEHICLE_REG,
        name="uk_vehicle_registration_current",
        # Current format since 2001: two letters, age identifier, three letters (AB12 CDE). With a space it
        # must be in capitals, or a postcode district and a word would match ("nn16 and"); run together
        # ("kx19try") it cannot be anything else.
        patterns=[
            Pattern(
                "current plate",
                r"\b[A-HJ-PR-Y][A-HJ-PR-Y](?:0[1-9]|[1-7][0-9])\s?[A-HJ-PR-Z]{3}\b",
                0.6,
            ),
            Pattern(
                "current plate in lower case",
                r"\b(?i:[a-hj-pr-y][a-hj-pr-y](?:0[1-9]|[1-7][0-9])[a-hj-pr-z]{3})\b",
                0.6,
            ),
        ],
        context=["reg", "registration", "plate", "car", "van", "vehicle", "moped", "motorbike"],
        global_regex_flags=0,
    )
    # 1983-2001 prefix (P123 ABC) and 1963-1983 suffix (ABC 123D) plates look like road numbers and
    # ordinary words in lower case ("the A45 and"), so they must be in capitals.
    vehicle_reg_older = PatternRecognizer(
        supported_entity=VEHICLE_REG,
        name="uk_vehicle_registration_older",
        patterns=[
            Pattern("prefix plate", r"\b[A-HJ-NPR-TV-Y]\d{1,3}\s?[A-HJ-PR-Y][A-HJ-PR-Z]{2}\b", 0.5),
            Pattern("suffix plate", r"\b[A-HJ-PR-Z]{3}\s?\d{1,3}\s?[A-HJ-NPR-TV-Y]\b", 0.3),
        ],
        context=["reg", "registration", "plate", "car", "van", "vehicle", "moped", "motorbike"],
        global_regex_flags=0,
    )
    address = PatternRecognizer(
        supported_entity=ADDRESS,
        name="uk_street_address",
        patterns=[
            Pattern(
                "house number and street",
                rf"(?:\b(?:Flat|Apartment|Apt|Unit|Room)\s+\d+[A-Za-z]?,?\s+)?"
                rf"\b\d{{1,4}}[A-Za-z]?,?\s+(?:{_CAPITALISED_WORD}\s+){{1,3}}{_STREET_SUFFIX}\b",
                0.7,
            ),
            Pattern(
                "house name and street",
                rf"\b(?:The\s+)?(?:{_CAPITALISED_WORD}\s+){{0,2}}"
                rf"(?:Cottage|Barn|Farm|Farmhouse|Lodge|Bungalow|Cottages),\s+"
                rf"(?:{_CAPITALISED_WORD}\s+){{1,3}}{_STREET_SUFFIX}\b",
                0.7,
            ),
        ],
        global_regex_flags=0,
    )
    international_address = DigitsFirstPatternRecognizer(
        supported_entity=ADDRESS,
        name="street_address_abroad",
        patterns=[
            # ul. Słowicza 10, Strada Mihai Eminescu 12, Rue de Tanger 29, Via Roma 5/3
            Pattern(
                "street word, name, house number",
                rf"\b{_STREET_PREFIXES}\s+{_NAME_AFTER_STREET_WORD}\s+{_HOUSE_NUMBER}{_NOT_A_HOUSE}",
                0.7,
            ),
            # 29 Rue de Tanger, 12 via Roma
            Pattern(
                "house number, street word, name",
                rf"\b{_HOUSE_NUMBER},?\s+{_STREET_PREFIXES}\s+{_NAME_AFTER_STREET_WORD}",
                0.7,
            ),
            # Pohlstrasse 9, Koskikatu 25, Hersnapvej 75, Keizersgracht 123
            Pattern(
                "street run together with its word, house number",
                rf"\b{_CAP}[^\W\d_]{{2,}}{_STREET_ENDINGS}\s+{_HOUSE_NUMBER}{_NOT_A_HOUSE}",
                0.7,
            ),
            # Erzsébet tér 19., Kálmán Imre u. 12., Atatürk Caddesi 5, Gedimino pr. 9
            Pattern(
                "name, street word after it, house number",
                rf"\b{_STREET_NAME}\s+(?i:{_STREET_WORDS_AFTER})\s+{_HOUSE_NUMBER}{_NOT_A_HOUSE}",
                0.7,
            ),
            # 1668 Glyn Boulevard, 217 Lovers Pass, 3911 Fourth Avenue Suite 697
            Pattern(
                "house number and a street type used abroad",
                rf"\b\d{{1,5}}[A-Za-z]?,?\s+(?:{_CAPITALISED_WORD}\s+){{1,3}}{_STREET_SUFFIXES_ABROAD}\b",
                0.7,
            ),
            # Apt. 864, Suite 318: a dwelling's own number
            Pattern(
                "flat or suite number", r"\b(?:Apt\.?|Apartment|Suite|Ste\.)\s*#?\d{1,5}[A-Za-z]?\b", 0.6
            ),
        ],
        global_regex_flags=0,
    )
    date_of_birth = GroupPatternRecognizer(
        entity=DATE_OF_BIRTH,
        name="date_of_birth",
        patterns=[
            GroupPattern(
                "date after a birth context",
                rf"(?:\bborn(?:\s+on)?(?:\s+the)?|\bD\.?O\.?B\.?|\bdate\s+of\s+birth(?:\s+is)?|\bbirthday(?:\s+is)?)"
                rf"\s*[:\-]?\s*(?P<span>{_DATE})",
                0.8,
                re.IGNORECASE,
            )
        ],
    )
    person_in_context = GroupPatternRecognizer(
        entity=PERSON,
        name="person_in_context",
        patterns=[
            GroupPattern(
                "title and surname",
                rf"\b(?P<span>{_TITLE}\s+(?:[A-Z][a-z'\-]+\s+)?[A-Z][a-z'\-]+)",
                0.7,
            ),
            GroupPattern(
                "called or named",
                r"\b(?:called|named|name is|name's)\s+(?P<span>[A-Z][a-z'\-]+(?:\s+[A-Z][a-z'\-]+)?)",
                0.6,
            ),
            GroupPattern(
                "relation of name",
                rf"\b(?i:{_RELATION})\s+of\s+(?P<span>[A-Z][a-z'\-]+(?:\s+[A-Z][a-z'\-]+)?)",
                0.6,
            ),
            GroupPattern(
                "relation then name",
                rf"\b(?i:my|our|her|his)\s+(?i:ex[- ]?)?(?i:{_RELATION})\s+(?P<span>[A-Z][a-z'\-]+(?:\s+[A-Z][a-z'\-]+)?)",
                0.6,
            ),
        ],
    )
    # Presidio's own: Luhn-checked card numbers, checksum-validated IBANs (any country's), IPv4 and IPv6.
    credit_card = QuickCreditCardRecognizer(supported_entity=CREDIT_CARD, name="credit_card")
    iban = QuickIbanRecognizer(supported_entity=IBAN, name="iban")
    ip_address = QuickIpRecognizer(supported_entity=IP_ADDRESS, name="ip_address")
    return [
        credit_card,
        iban,
        ip_address,
        KnownNameRecognizer(names=_first_names(), score=0.6),
        international_address,
        postcode,
        phone,
        email,
        ni_number,
        vehicle_reg,
        vehicle_reg_older,
        address,
        date_of_birth,
        person_in_context,
    ]
