"""Benchmark: channel number -> frequency for millions of EARFCNs and NR-ARFCNs.

One run measures, for each kind (EARFCN, NR-ARFCN):

(a) bandfit's numpy functions (``earfcn_to_khz_array``, ``nrarfcn_to_khz_array``) on all ``--n``
    numbers, timed in full (best of ``--repeat``);
(b) a per-call Python loop over bandfit's scalar functions (``earfcn_to_khz``, ``nrarfcn_to_khz``);
(c) the PyPI package ``nrarfcn`` per call (``get_frequency_by_lte_earfcn``, ``get_frequency``).

(b) and (c) are timed on a random ``--sample`` of the same numbers and extrapolated to ``--n`` (the
table says so); the three answers are checked to agree on that sample. The target is vectorised at
least 50x faster than nrarfcn; the script exits 1 if it is missed.

Usage: python benchmarks/channels.py [--n 10000000] [--sample 200000] [--repeat 3] [--seed 1]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

# benchmarks/_machine.py: scripts run with their own folder on sys.path
from _machine import describe
from bandfit.bands import default_registry, earfcn_to_khz, nrarfcn_to_khz
from bandfit.bands.channels import NRARFCN_MAX
from bandfit.bands.vectorized import earfcn_to_khz_array, nrarfcn_to_khz_array

TARGET_VS_NRARFCN = 50.0


@dataclass(frozen=True)
class Row:
    kind: str
    method: str
    seconds: float  # for --n numbers (measured or extrapolated)
    measured_on: int

    def rate(self, n: int) -> float:
        return n / self.seconds


def _best_of(repeat: int, func: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def _per_call(func: Callable[[int], object], numbers: Sequence[int]) -> tuple[float, list[object]]:
    start = time.perf_counter()
    out = [func(x) for x in numbers]
    return time.perf_counter() - start, out


def _earfcn_population() -> np.ndarray:
    """Every EARFCN both bandfit and nrarfcn define (nrarfcn lacks B47; B107+ are not in bandfit)."""
    reg = default_registry()
    ranges = [np.arange(r.first, r.last + 1) for r in reg.earfcn if r.band != "B47"]
    return np.unique(np.concatenate(ranges))


def _mhz_to_khz(mhz: float) -> int:
    return round(mhz * 1000)


def run(kind: str, numbers: np.ndarray, sample: np.ndarray, repeat: int) -> list[Row]:
    import nrarfcn

    if kind == "EARFCN":
        array_func, scalar = earfcn_to_khz_array, earfcn_to_khz

        def theirs(n: int) -> float:
            return nrarfcn.get_frequency_by_lte_earfcn(n, release_3gpp=19)
    else:
        array_func, scalar = nrarfcn_to_khz_array, nrarfcn_to_khz

        def theirs(n: int) -> float:
            return nrarfcn.get_frequency(n, release_3gpp=18)

    n, k = numbers.size, sample.size
    array_func(numbers[:1000])  # build lookup tables before timing
    vector_s = _best_of(repeat, lambda: array_func(numbers))
    as_ints = sample.tolist()
    loop_s, ours = _per_call(scalar, as_ints)
    lib_s, lib = _per_call(theirs, as_ints)
    # the three must agree on the sample
    vec = array_func(sample).tolist()
    if not (vec == ours == [_mhz_to_khz(x) for x in lib]):  # type: ignore[arg-type]
        raise SystemExit(f"{kind}: bandfit and nrarfcn disagree on the sample")
    scale = n / k
    return [
        Row(kind, "bandfit vectorised (numpy)", vector_s, n),
        Row(kind, "bandfit scalar, per-call loop", loop_s * scale, k),
        Row(kind, "nrarfcn 2.6.0, per call", lib_s * scale, k),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000_000, help="numbers per kind (default 10M)")
    parser.add_argument(
        "--sample", type=int, default=200_000, help="per-call sample (default 200k)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="vectorised timing: best of N")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    sample_size = min(args.sample, args.n)

    rng = np.random.default_rng(args.seed)
    earfcns = rng.choice(_earfcn_population(), size=args.n)
    nrarfcns = rng.integers(0, NRARFCN_MAX + 1, size=args.n, dtype=np.int64)

    print(f"machine: {describe('numpy', 'nrarfcn', cores_note='; numpy runs these on one')}")
    print(
        f"size: {args.n:,} numbers per kind (uniform over every EARFCN of the common LTE bands / "
        f"over NR-ARFCN 0-{NRARFCN_MAX}); seed {args.seed}"
    )
    print(
        f"note: per-call rows are measured on a random {sample_size:,}-number sample and "
        f"extrapolated linearly to {args.n:,}; vectorised rows are measured on all {args.n:,}\n"
    )
    header = (
        f"{'kind':<9} {'method':<31} {'measured on':>12} {'time for n (s)':>15} {'rate (M/s)':>11}"
    )
    print(header)
    print("-" * len(header))
    verdicts = []
    for kind, numbers in (("EARFCN", earfcns), ("NR-ARFCN", nrarfcns)):
        sample = rng.choice(numbers, size=sample_size, replace=False)
        rows = run(kind, numbers, sample, args.repeat)
        for row in rows:
            est = "" if row.measured_on == args.n else " (extrapolated)"
            print(
                f"{row.kind:<9} {row.method:<31} {row.measured_on:>12,} {row.seconds:>15.3f}"
                f" {row.rate(args.n) / 1e6:>11.3f}{est}"
            )
        vec, loop, lib = (r.seconds for r in rows)
        verdicts.append((kind, loop / vec, lib / vec))
    print()
    ok = True
    for kind, vs_loop, vs_lib in verdicts:
        passed = vs_lib >= TARGET_VS_NRARFCN
        ok &= passed
        print(
            f"{kind:<9} vectorised/loop = {vs_loop:,.0f}x   vectorised/nrarfcn = {vs_lib:,.0f}x   "
            f"(target >= {TARGET_VS_NRARFCN:.0f}x vs nrarfcn: {'met' if passed else 'MISSED'})"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
