"""Where the shared corpora of real files are: `../shared/corpora/` beside the checkout
(as on the developers' machines and in CI), or KIVOUCHER_CORPORA."""

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def corpus(name: str) -> Path:
    """The folder of one corpus, e.g. corpus("slurm")."""
    roots = [Path(os.environ["KIVOUCHER_CORPORA"])] if os.environ.get("KIVOUCHER_CORPORA") else []
    roots += [parent / "shared" / "corpora" for parent in REPO.parents]
    for root in roots:
        if (root / name).is_dir():
            return root / name
    raise FileNotFoundError(
        f"corpus {name!r} not found: put shared/corpora beside the checkout or set "
        "KIVOUCHER_CORPORA"
    )
