"""Named scenarios on the tiny fixture catalog (plus a few built records), one per rule.

Shared by the rule tests (together they must emit every reason code), the matrix == check test
(the matrix must agree on each, including exact score thresholds) and the snapshot tests.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from _compat_builders import D, catalog_with, dep, host, net, operator, policy, variant

from bandfit.catalog.load import Catalog
from bandfit.catalog.model import Operator, Variant
from bandfit.compat import Verdict, check
from bandfit.testing import tiny_catalog

TODAY = D("2024-01-01")


@dataclass(frozen=True)
class Scenario:
    name: str
    variant: Variant
    operator: Operator
    on: dt.date
    catalog: Catalog

    def verdict(self) -> Verdict:
        return check(self.variant, self.operator, self.on, catalog=self.catalog)


def _lte_op(op_id: str, *deps: object, **kw: object) -> Operator:
    return operator(op_id, deps, networks=[net("lte", voice="volte")], **kw)  # type: ignore[arg-type]


def scenarios() -> list[Scenario]:
    t = tiny_catalog()
    ops = t.operators
    alpha, beta, gamma, sa_net, gone = (
        ops[k] for k in ("xa/alpha", "xa/beta", "xa/gamma-mobile", "xb/sa-net", "xb/gone")
    )
    acme = {v.id: v for v in t.devices["acme/phone-one"].variants}
    zeta = {v.id: v for v in t.devices["zeta/five"].variants}
    out: list[Scenario] = []

    def add(
        name: str, var: Variant, op: Operator, on: dt.date | str = TODAY, cat: Catalog | None = None
    ) -> None:
        out.append(
            Scenario(name, var, op, D(on) if isinstance(on, str) else on, cat or catalog_with(op))
        )

    add("acme-global-on-alpha", acme["global"], alpha, TODAY, t)
    add("acme-global-on-alpha-2019", acme["global"], alpha, "2019-06-01", t)
    add("acme-global-on-gamma-2022", acme["global"], gamma, "2022-06-01", t)
    add("acme-global-on-gamma-2023", acme["global"], gamma, "2023-01-01", t)
    add("acme-global-on-gamma-2014", acme["global"], gamma, "2014-06-01", t)
    add("acme-global-on-gone-2021", acme["global"], gone, "2021-01-01", t)
    add("acme-legacy-on-beta-2022", acme["legacy"], beta, "2022-01-01", t)
    add("acme-legacy-on-beta-2021", acme["legacy"], beta, "2021-06-01", t)
    add("acme-us-on-alpha", acme["us"], alpha, TODAY, t)
    add("zeta-global-on-sa-net", zeta["global"], sa_net, TODAY, t)
    add("zeta-global-on-sa-net-2022", zeta["global"], sa_net, "2022-06-01", t)
    add("zeta-unknown-on-alpha", zeta["unknown-bands"], alpha, TODAY, t)
    add(
        "whitelist-uncertified",
        variant(lte=acme["global"].bands.lte, gsm=(), umts=(), nr=()),
        alpha,
    )
    add("volte-unknown-on-beta", variant(lte=("B1", "B3", "B8"), volte=None), beta, "2022-06-01")
    add("sdl-without-anchor", variant(lte=("B32",), gsm=(), umts=(), nr=()), alpha)
    add(
        "nsa-without-anchor",
        variant(lte=("B1",), nr=("n78",), nr_modes=("nsa", "sa"), gsm=(), umts=()),
        alpha,
    )
    add("sa-uncertified", variant(lte=(), nr=("n71", "n77"), nr_modes=("nsa", "sa")), sa_net)
    add(
        "nsa-only-certified-on-sa-net",
        variant(lte=(), nr=("n71", "n77"), nr_modes=("nsa",), certified_on=("xb/sa-net",)),
        sa_net,
    )
    add(
        "sa-only-variant-on-nsa-net",
        variant(lte=("B3", "B20"), nr=("n78",), nr_modes=("sa",), gsm=(), umts=()),
        alpha,
    )
    add(
        "no-volte-gsm-on-alpha",
        variant(gsm=("GSM900",), umts=(), lte=("B20", "B3", "B7", "B28"), nr=(), volte=False),
        alpha,
    )
    add(
        "no-volte-gsm-on-alpha-2030",
        variant(gsm=("GSM900",), umts=(), lte=("B20", "B3", "B7", "B28"), nr=(), volte=False),
        alpha,
        "2030-01-01",
    )
    add("legacy-only", variant(gsm=("GSM900",), umts=(), lte=(), nr=(), volte=False), alpha)
    add("mfbi-b66-on-b4", variant(lte=("B66",)), _lte_op("xc/a", dep("B4", "coverage")))
    add(
        "mfbi-b17-on-b12-block",
        variant(lte=("B17",)),
        _lte_op("xc/m", dep("B12", "coverage", block=(737000, 746000))),
    )
    th = _lte_op(
        "xc/th",
        dep("B20", "coverage"),
        dep("B3", "capacity", weight=6.0),
        dep("B7", "capacity", weight=1.0),
    )
    add("threshold-0.9-works", variant(lte=("B20", "B3")), th)
    add("threshold-0.4-with-coverage", variant(lte=("B20", "B7")), th)
    add("threshold-0.7-no-coverage", variant(lte=("B3", "B7")), th)
    add("threshold-0.1-limited", variant(lte=("B7",)), th)
    half = _lte_op(
        "xc/half",
        dep("B20", "coverage"),
        dep("B3", "capacity", weight=5.0),
        dep("B7", "capacity", weight=2.0),
    )
    add("threshold-0.5-no-coverage", variant(lte=("B3",)), half)
    add("threshold-0.2-no-coverage", variant(lte=("B7",)), half)
    add(
        "certification",
        variant(lte=("B8",)),
        _lte_op("xc/c", dep("B8", "coverage"), policies=[policy("device-certification")]),
    )
    both = _lte_op(
        "xc/both",
        dep("B8", "coverage"),
        policies=[policy("device-certification"), policy("non-volte-activation-refused")],
    )
    add("certification-and-nonvolte-volte-unknown", variant(lte=("B8",), volte=None), both)
    add("certification-and-nonvolte-volte-true", variant(lte=("B8",), volte=True), both)
    inferred = _lte_op(
        "xc/inf",
        dep("B12", "coverage", confidence="inferred", candidates=["B12", "B13"]),
        dep("B2", "capacity"),
    )
    add("inferred-all-candidates", variant(lte=("B12", "B13", "B2")), inferred)
    add("inferred-some-candidates", variant(lte=("B12",)), inferred)
    add("inferred-some-candidates-plus-b2", variant(lte=("B12", "B2")), inferred)
    add("inferred-no-candidate", variant(lte=("B2",)), inferred)
    add("unknown-coverage-below-half", variant(lte=("B12", "B2")), inferred)  # status rule 10
    one = operator(
        "xc/one",
        [dep("B2", "coverage"), dep("U2", "capacity")],
        networks=[net("umts", voice="cs"), net("lte", voice="volte")],
    )
    add("unknown-legacy-voice", variant(volte=False, lte=("B2",), umts=None), one, "2020-01-01")
    vonr_net = operator(
        "xc/vn",
        [dep("B3"), dep("n78")],
        networks=[net("lte", voice="none"), net("nr", modes=["sa"], voice="vonr")],
    )
    add("unknown-nr-vonr", variant(lte=("B3",), nr=None, nr_modes=("nsa", "sa")), vonr_net)
    nsa_vonr = operator(
        "xc/nv",
        [dep("B3", "coverage"), dep("n78")],
        networks=[net("lte", voice="none"), net("nr", modes=["nsa"], voice="vonr")],
    )
    add("null-nr-closed-gate", variant(lte=("B3",), nr=None, nr_modes=("sa",)), nsa_vonr)
    add(
        "nr-only-without-record",
        variant(lte=(), nr=("n71",), nr_modes=("sa",), vonr=True),
        operator("xc/nr-only", [dep("n71", "coverage")]),
    )
    add(
        "boost-and-sdl-missing",
        variant(lte=("B2",), nr=()),
        operator("xc/x", [dep("B2", "coverage"), dep("n260", "boost"), dep("B29", "supplemental")]),
    )
    add(
        "vonr-on-sa",
        zeta["global"],
        operator(
            "xc/vonr", [dep("n71", "coverage")], networks=[net("nr", modes=["sa"], voice="vonr")]
        ),
    )
    add(
        "capacity-only-network",
        variant(lte=("B1",)),
        _lte_op("xc/cap", dep("B1"), dep("B3"), dep("B7")),
    )
    roamer = operator(
        "xa/roamer",
        [dep("B8", "coverage")],
        networks=[net("lte", voice="volte")],
        hosts=[host("xa/alpha", role="roaming")],
    )
    add("roaming-partner", acme["global"], roamer, TODAY, catalog_with(roamer))
    hybrid = operator(
        "xa/hybrid",
        [dep("n77", "capacity")],
        networks=[net("nr", modes=["sa"], voice="vonr")],
        hosts=[host("xa/alpha")],
    )
    add("hybrid-falls-back-to-host", acme["global"], hybrid, TODAY, catalog_with(hybrid))
    add("hybrid-own-network", zeta["global"], hybrid, TODAY, catalog_with(hybrid))
    add("operator-without-data", acme["global"], operator("xc/empty", []))
    return out
