"""Hypothesis strategies for random but valid catalogs (operators, MVNOs, variants).

The band pool mixes the cases the rules care about: twins across RATs (B71/n71, B5/n5/U5/GSM850/
BC0, B2/n2/U2/GSM1900/BC1), supersets of one RAT (B66 ⊇ B4, B25 ⊇ B2, B26 ⊇ B5, B12 ⊇ B17,
B85 ⊇ B12, B41 ⊇ B38, n77 ⊇ n78), SDL (B29, B32, n75), TDD (B38, B41, B46, B48, n41, n77, n78),
FR2 (n258, n260, n261), and legacy RATs. Deployments get random blocks inside their band, random
layers and weights, dates, statuses and inferred candidates; networks get sunsets, voice and NR
modes; operators get dated policies; MVNOs and hybrid MNOs get dated hosts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from bandfit.bands.model import Duplex, Rat
from bandfit.bands.registry import default_registry
from bandfit.catalog.load import Catalog
from bandfit.catalog.model import (
    BandSet,
    Deployment,
    Device,
    HostAgreement,
    Network,
    Operator,
    Policy,
    PolicyRule,
    Variant,
    Voice,
)

REGISTRY = default_registry()
AS_OF = dt.date(2026, 1, 1)

POOL: dict[Rat, tuple[str, ...]] = {
    Rat.GSM: ("GSM850", "GSM900", "EGSM900", "GSM1800", "GSM1900"),
    Rat.UMTS: ("U1", "U2", "U4", "U5", "U8"),
    Rat.CDMA: ("BC0", "BC1"),
    Rat.LTE: (
        "B2", "B3", "B4", "B5", "B8", "B12", "B13", "B17", "B20", "B25", "B26", "B28",
        "B29", "B32", "B38", "B41", "B46", "B48", "B66", "B71", "B85",
    ),
    Rat.NR: ("n2", "n5", "n25", "n28", "n41", "n66", "n71", "n75", "n77", "n78", "n258", "n260", "n261"),
}  # fmt: skip
ALL_BANDS = tuple(b for bands in POOL.values() for b in bands)

# Dates where things start and stop, and dates to evaluate on (some equal to event dates, since
# `until` is exclusive and boundaries are where bugs live).
EVENT_DATES = tuple(
    dt.date.fromisoformat(d)
    for d in (
        "2015-01-01",
        "2018-06-01",
        "2020-01-01",
        "2021-06-01",
        "2022-02-22",
        "2023-01-01",
        "2025-01-01",
    )
)
EVAL_DATES = tuple(
    dt.date.fromisoformat(d)
    for d in (
        "2014-06-01",
        "2019-01-01",
        "2021-06-01",
        "2022-02-21",
        "2022-02-22",
        "2024-06-01",
        "2026-11-21",
    )
)


@st.composite
def date_span(draw: st.DrawFn, *, p_since: float = 0.3, p_until: float = 0.3) -> dict[str, dt.date]:
    """Optional ``since`` < ``until`` drawn from EVENT_DATES."""
    out: dict[str, dt.date] = {}
    if draw(st.floats(0, 1)) < p_since:
        out["since"] = draw(st.sampled_from(EVENT_DATES[:-1]))
    if draw(st.floats(0, 1)) < p_until:
        later = [d for d in EVENT_DATES if "since" not in out or d > out["since"]]
        out["until"] = draw(st.sampled_from(later))
    return out


@st.composite
def blocks(draw: st.DrawFn, band_id: str) -> dict[str, Any] | None:
    """None, or a random block inside the band (DL only, UL only, or both)."""
    if draw(st.floats(0, 1)) < 0.55:
        return None
    band = REGISTRY.get(band_id)

    def sub(rng: Any) -> tuple[int, int]:
        steps = max((rng.high_khz - rng.low_khz) // 1000, 1)
        a = draw(st.integers(0, steps - 1))
        b = draw(st.integers(a + 1, steps))
        return (rng.low_khz + a * 1000, min(rng.low_khz + b * 1000, rng.high_khz))

    kind = draw(st.sampled_from(("dl", "ul", "both"))) if band.duplex is Duplex.FDD else "dl"
    out: dict[str, Any] = {}
    if kind in ("dl", "both") and band.dl is not None:
        out["dl_khz"] = sub(band.dl)
    if kind in ("ul", "both") and band.ul is not None:
        out["ul_khz"] = sub(band.ul)
    if not out:
        rng = band.dl or band.ul
        out["dl_khz" if band.dl else "ul_khz"] = sub(rng)
    return out


@st.composite
def deployments(draw: st.DrawFn) -> Deployment:
    rat = draw(
        st.sampled_from((Rat.LTE, Rat.LTE, Rat.LTE, Rat.NR, Rat.NR, Rat.UMTS, Rat.GSM, Rat.CDMA))
    )
    band = draw(st.sampled_from(POOL[rat]))
    duplex = REGISTRY.get(band).duplex
    if duplex is Duplex.SDL and draw(st.booleans()):
        layer = "supplemental"
    elif band in ("n258", "n260", "n261") and draw(st.booleans()):
        layer = "boost"
    else:
        layer = draw(
            st.sampled_from(
                ("coverage", "coverage", "capacity", "capacity", "boost", "supplemental")
            )
        )
    raw: dict[str, Any] = {"band": band, "layer": layer, **draw(date_span())}
    raw["block"] = draw(blocks(band))
    if draw(st.floats(0, 1)) < 0.3:
        raw["weight"] = draw(st.sampled_from((0.0, 0.25, 0.5, 1.0, 1.5, 3.0, 10.0)))
    status = draw(st.sampled_from(("live",) * 8 + ("planned", "retired")))
    if status == "retired" and "until" not in raw:
        status = "live"
    raw["status"] = status
    if draw(st.floats(0, 1)) < 0.06:
        others = draw(st.lists(st.sampled_from(POOL[rat]), min_size=1, max_size=2, unique=True))
        raw["confidence"] = "inferred"
        raw["candidates"] = list(dict.fromkeys([band, *others]))
    return Deployment.model_validate(raw)


@st.composite
def networks(draw: st.DrawFn, rats: set[Rat]) -> list[Network]:
    out = []
    for rat in Rat:
        if draw(st.floats(0, 1)) < (0.15 if rat in rats else 0.9):
            continue  # no record: voice/modes unknown for that RAT
        raw: dict[str, Any] = {
            "rat": rat,
            **draw(
                date_span(
                    p_since=0.2, p_until=0.35 if rat in (Rat.GSM, Rat.UMTS, Rat.CDMA) else 0.1
                )
            ),
        }
        legacy = rat in (Rat.GSM, Rat.UMTS, Rat.CDMA)
        status = draw(st.sampled_from(("live",) * (3 if legacy else 10) + ("ended", "planned")))
        if status == "ended" and "until" not in raw:
            status = "live"
        raw["status"] = status
        if rat in (Rat.GSM, Rat.UMTS, Rat.CDMA):
            raw["voice"] = draw(st.sampled_from(("cs", "cs", None)))
        elif rat is Rat.LTE:
            raw["voice"] = draw(st.sampled_from(("volte", "volte", "volte", None, "none")))
        else:
            raw["voice"] = draw(st.sampled_from(("vonr", None, None)))
            raw["modes"] = draw(st.sampled_from((None, ["nsa"], ["sa"], ["nsa", "sa"])))
            if draw(st.booleans()):
                raw["sa_since"] = draw(st.sampled_from(EVENT_DATES))
        if raw.get("voice") and draw(st.floats(0, 1)) < 0.3:
            raw["voice_since"] = draw(st.sampled_from(EVENT_DATES))
        out.append(Network.model_validate(raw))
    return out


@st.composite
def policies(draw: st.DrawFn) -> list[Policy]:
    rules = draw(st.lists(st.sampled_from(list(PolicyRule)), max_size=2, unique=True))
    return [
        Policy.model_validate({"rule": r, **draw(date_span(p_since=0.4, p_until=0.2))})
        for r in rules
    ]


@st.composite
def host_agreements(draw: st.DrawFn, candidates: list[str]) -> list[HostAgreement]:
    chosen = draw(st.lists(st.sampled_from(candidates), min_size=1, max_size=3, unique=True))
    return [
        HostAgreement.model_validate(
            {
                "operator": h,
                "role": draw(st.sampled_from(("primary", "primary", "secondary", "roaming"))),
                **draw(date_span(p_since=0.2, p_until=0.15)),
            }
        )
        for h in chosen
    ]


@st.composite
def mnos(draw: st.DrawFn, op_id: str, host_candidates: list[str]) -> Operator:
    deps = draw(
        st.lists(deployments(), min_size=0 if draw(st.floats(0, 1)) < 0.05 else 1, max_size=9)
    )
    rats = {REGISTRY.get(d.band).rat for d in deps}
    raw: dict[str, Any] = {
        "id": op_id,
        "name": op_id,
        "country": "XA",
        "kind": "MNO",
        "deployments": deps,
        "networks": draw(networks(rats)),
        "policies": draw(policies()),
        "as_of": AS_OF,
    }
    if host_candidates and draw(st.floats(0, 1)) < 0.25:
        raw["hosts"] = draw(host_agreements(host_candidates))  # a hybrid MNO
    if draw(st.floats(0, 1)) < 0.1:
        raw.update(draw(date_span(p_since=0.5, p_until=0.5)))
    return Operator.model_validate(raw)


@st.composite
def mvnos(draw: st.DrawFn, op_id: str, host_candidates: list[str]) -> Operator:
    raw: dict[str, Any] = {
        "id": op_id,
        "name": op_id,
        "country": "XA",
        "kind": "MVNO",
        "hosts": draw(host_agreements(host_candidates)),
        "policies": draw(policies()),
        "as_of": AS_OF,
    }
    return Operator.model_validate(raw)


@st.composite
def variants(draw: st.DrawFn, var_id: str, operator_ids: list[str]) -> Variant:
    bands: dict[str, Any] = {}
    for rat in Rat:
        if draw(st.floats(0, 1)) < 0.08:
            bands[rat.value] = None
        elif draw(st.booleans()):  # a rich phone: most bands of the pool
            bands[rat.value] = [b for b in POOL[rat] if draw(st.floats(0, 1)) < 0.85]
        else:
            bands[rat.value] = draw(
                st.lists(st.sampled_from(POOL[rat]), max_size=len(POOL[rat]), unique=True)
            )
    tri = st.sampled_from((True, True, True, False, None))
    return Variant.model_validate(
        {
            "id": var_id,
            "name": var_id,
            "bands": BandSet.model_validate(bands),
            "nr_modes": draw(st.sampled_from((None, [], ["nsa"], ["sa"], ["nsa", "sa"]))),
            "voice": Voice(volte=draw(tri), vonr=draw(tri)),
            "certified_on": draw(st.lists(st.sampled_from(operator_ids), max_size=2, unique=True)),
            "sources": ["fx"],
            "as_of": AS_OF,
        }
    )


@st.composite
def catalogs(
    draw: st.DrawFn, *, max_mnos: int = 4, max_mvnos: int = 3, max_variants: int = 10
) -> Catalog:
    """A random valid catalog: MNOs (some hybrid), MVNOs on them, and one device of variants."""
    n_mno = draw(st.integers(1, max_mnos))
    mno_ids = [f"xa/m{i}" for i in range(n_mno)]
    ops = [draw(mnos(op_id, [h for h in mno_ids if h != op_id])) for op_id in mno_ids]
    n_mvno = draw(st.integers(0, max_mvnos))
    ops += [draw(mvnos(f"xa/v{i}", mno_ids)) for i in range(n_mvno)]
    ids = [o.id for o in ops]
    n_var = draw(st.integers(1, max_variants))
    vars_ = [draw(variants(f"v{i}", ids)) for i in range(n_var)]
    dev = Device.model_validate(
        {"id": "test/random", "brand": "Test", "name": "Random", "variants": vars_, "as_of": AS_OF}
    )
    return Catalog(ops, [dev], registry=REGISTRY, version="random")
