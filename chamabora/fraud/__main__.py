"""`python -m chamabora.fraud train`: what `make model` runs."""
from __future__ import annotations

import sys

from chamabora.fraud.artifact import ARTIFACT, save_artifact
from chamabora.fraud.model import train


def main(argv: list[str]) -> int:
    if argv[:1] != ["train"]:
        print("usage: python -m chamabora.fraud train", file=sys.stderr)
        return 2
    artifact = train()
    path = save_artifact(artifact, ARTIFACT)
    metrics = artifact.meta["metrics"]
    print(f"wrote {path.relative_to(path.parents[3])} ({path.stat().st_size // 1024} KB): "
          f"hold-out {metrics}")  # type: ignore[index]
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
