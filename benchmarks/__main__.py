"""python -m benchmarks [NAME...]: run every benchmark module (or the named ones) and print their tables."""

import importlib
import sys
import time

from benchmarks import MODULES


def main(names: list[str]) -> None:
    chosen = [m for m in MODULES if not names or m.rsplit(".", 1)[-1] in names]
    for name in chosen:
        started = time.monotonic()
        print(f"\n=== {name} ===", flush=True)
        importlib.import_module(name).run()
        print(f"({name} took {time.monotonic() - started:.0f} s)", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
