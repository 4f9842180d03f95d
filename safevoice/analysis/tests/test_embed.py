"""Embeddings: offline, from the committed model, similar answers close together."""

from __future__ import annotations

import json
import socket

import numpy as np
import pytest

from safevoice.analysis.text import embedding


def test_similar_answers_are_closer_than_unrelated_ones_and_blanks_are_zero() -> None:
    vectors = embedding.embed(
        ["drug dealing in the park", "people selling drugs by the playground", "the bins", ""]
    )
    assert vectors.dtype == np.float32
    assert vectors.shape == (4, 256)
    assert np.allclose(np.linalg.norm(vectors[:3], axis=1), 1, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2
    assert not vectors[3].any()


def test_the_model_loads_from_the_package_without_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the embedding model tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    embedding.load_model.cache_clear()
    assert embedding.load_model().dim == 256


def test_the_committed_model_matches_its_recorded_build() -> None:
    import hashlib

    folder = embedding.model_path()
    recorded = json.loads((folder / "BUILD.json").read_text())["sha256"]
    for name, digest in recorded.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
