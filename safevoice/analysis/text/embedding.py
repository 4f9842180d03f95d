"""Sentence vectors on the CPU from the static model in data/model/ (see its README): numpy only, offline."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import numpy as np
from model2vec import StaticModel


def model_path() -> Path:
    return Path(str(resources.files("safevoice.analysis.text").joinpath("data/model")))


@functools.cache
def load_model() -> StaticModel:
    """The distilled model, loaded once per process from the package (a local folder: no Hub request)."""
    return StaticModel.from_pretrained(model_path(), force_download=False)


def embed(texts: Sequence[str]) -> np.ndarray:
    """One unit-length float32 row per text; a blank text gets a row of zeros (it is like nothing)."""
    vectors = np.zeros((len(texts), load_model().dim), dtype=np.float32)
    filled = [i for i, t in enumerate(texts) if t.strip()]
    if filled:
        # Multiprocessing in model2vec starts a pool per call; on 2 cores it costs more than it saves.
        encoded = load_model().encode([texts[i] for i in filled], use_multiprocessing=False)
        encoded = np.asarray(encoded, dtype=np.float32)
        norms = np.linalg.norm(encoded, axis=1, keepdims=True)
        vectors[filled] = encoded / np.where(norms == 0, 1, norms)
    return vectors
