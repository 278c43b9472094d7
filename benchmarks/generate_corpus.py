"""Write a synthetic corpus with its answer key (see geokg.run.synth).

    .venv/bin/python benchmarks/generate_corpus.py -n 1000 --seed 1 -o /tmp/corpus

Each article NAME.txt gets NAME.gold.json beside it (the format of the
evaluation corpus); the same --seed gives the same files.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from geokg.run.synth import generate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100, help="number of articles (default 100)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("-o", "--out", type=Path, required=True, help="output directory")
    args = parser.parse_args()
    paths = generate(args.n, args.out, seed=args.seed)
    print(f"wrote {len(paths)} articles and answer keys to {args.out}")


if __name__ == "__main__":
    main()
