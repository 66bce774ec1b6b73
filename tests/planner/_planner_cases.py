"""Planner test helpers: random tiny markets built in memory with the catalog's pydantic models.

Why random markets: the MILP must equal brute force and ``check`` on *every* structure the engine
knows — superset bands (B66 ⊇ B4, B25 ⊇ B2, n77 ⊇ n78), spectrum groups across RATs (B71/n71),
LTE SDL needing an anchor (B29), NR needing NSA anchors or SA, SA limited to certified devices,
coarse-label deployments with several candidate bands, MVNOs on hosts, costs and caps. Seeds keep
every case reproducible (the seed is in the test id).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from bandfit.bands.model import Rat
from bandfit.catalog.load import Catalog
from bandfit.catalog.model import (
    Confidence,
    Deployment,
    HostAgreement,
    Layer,
    Network,
    Operator,
    Policy,
    PolicyRule,
    VoiceTech,
)
from bandfit.planner import Constraints

DAY = dt.date(2024, 6, 1)
AS_OF = dt.date(2024, 1, 1)
UNIVERSE = (
    "B2",
    "B4",
    "B12",
    "B13",
    "B17",
    "B25",
    "B29",
    "B66",
    "B71",
    "n71",
    "n77",
    "n78",
    "n260",
    "GSM850",
)


@dataclass(frozen=True)
class RandomCase:
    """One random market: catalog, market spec (operator ids -> weights) and constraints."""

    seed: int
    catalog: Catalog
    market: dict[str, float]
    constraints: Constraints


def _operator(rng: random.Random, op_id: str, pool: list[str]) -> Operator:
    deps = []
    for band in rng.sample(pool, rng.randint(2, min(6, len(pool)))):
        layer = rng.choice(
            [Layer.COVERAGE, Layer.CAPACITY, Layer.CAPACITY, Layer.BOOST, Layer.SUPPLEMENTAL]
        )
        weight = rng.choice([None, None, None, 0.5, 1.5, 2.0])
        lte = [b for b in pool if b.startswith("B")]
        if band.startswith("B") and len(lte) >= 2 and rng.random() < 0.15:
            cands = tuple(rng.sample(lte, 2))
            deps.append(
                Deployment(
                    band=cands[0],
                    layer=layer,
                    weight=weight,
                    candidates=cands,
                    confidence=Confidence.INFERRED,
                )
            )
        else:
            deps.append(Deployment(band=band, layer=layer, weight=weight))
    modes = rng.choice([("nsa",), ("sa",), ("nsa", "sa"), None])
    has_lte = any(d.band.startswith("B") for d in deps)
    networks = []
    if has_lte:
        networks.append(Network(rat=Rat.LTE, voice=VoiceTech.VOLTE))
    if any(d.band.startswith("n") for d in deps):
        networks.append(Network(rat=Rat.NR, modes=modes))
    policies = (Policy(rule=PolicyRule.SA_CERTIFIED_ONLY),) if rng.random() < 0.25 else ()
    return Operator(
        id=op_id,
        name=op_id.split("/")[1].title(),
        country="XA",
        kind="MNO",
        networks=tuple(networks),
        deployments=tuple(deps),
        policies=policies,
        as_of=AS_OF,
    )


def _constraints(rng: random.Random, pool: list[str], mnos: list[str]) -> Constraints:
    must = frozenset(rng.sample(pool, 1)) if rng.random() < 0.2 else frozenset()
    rest = [b for b in pool if b not in must]
    forbid = frozenset(rng.sample(rest, 1)) if rng.random() < 0.25 else frozenset()
    caps = {Rat.LTE: rng.randint(1, 3)} if rng.random() < 0.3 else {}
    if caps and must and must <= {b for b in pool if b.startswith("B")}:
        caps[Rat.LTE] = max(caps[Rat.LTE], len(must))
    costs = (
        {b: round(rng.uniform(0.0, 0.06), 3) for b in rng.sample(pool, 3)}
        if rng.random() < 0.3
        else {}
    )
    modes = rng.choice([("nsa", "sa"), ("nsa",), ("sa",), ()])
    certified = frozenset(rng.sample(mnos, 1)) if rng.random() < 0.3 else frozenset()
    return Constraints(
        max_bands=caps,
        must=must,
        forbid=forbid,
        costs=costs,
        nr_modes=modes,
        certified_on=certified,
    )


def make_case(seed: int) -> RandomCase:
    """A reproducible random market of 2-4 MNOs (and maybe an MVNO) over ~8 bands."""
    rng = random.Random(seed)
    pool = rng.sample(list(UNIVERSE), 8)
    mnos = [f"xa/op{i}" for i in range(rng.randint(2, 4))]
    ops = [_operator(rng, op_id, pool) for op_id in mnos]
    market = {op_id: rng.choice([1.0, 1.0, 2.0, 0.5]) for op_id in mnos}
    if rng.random() < 0.4:
        hosts = tuple(HostAgreement(operator=h) for h in rng.sample(mnos, 2))
        ops.append(
            Operator(id="xa/mvno", name="Mvno", country="XA", kind="MVNO", hosts=hosts, as_of=AS_OF)
        )
        market["xa/mvno"] = 1.0
    catalog = Catalog(ops, [], version=f"random-{seed}")
    return RandomCase(seed, catalog, market, _constraints(rng, pool, mnos))
