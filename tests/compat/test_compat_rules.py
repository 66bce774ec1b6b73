"""One test (or a few) per rule of the compatibility engine, on the tiny fixture catalog.

Records are the fixture catalog's (``tests/fixtures/catalog``, see its README) plus, where a rule
needs a record shaped just so, operators/variants built in the test with the real pydantic models
(``_compat_builders``). Assertions are on reason *codes*, statuses and integer points, not prose;
docs/concepts/verdicts-and-scores.md explains each rule.

Fixture facts used below (from the fixture README and YAML):

* ``xa/alpha``: GSM900 coverage (network until 2030), U1 (3G ended 2021-01-01), LTE B20 coverage
  (block 791-801 MHz), B3/B7 capacity, B28 coverage from 2021-06-01, B32 SDL, NR n28 coverage from
  2021-06-01 and n78 capacity from 2020, NSA only; VoLTE from 2016; VoLTE whitelist from 2020.
* ``xa/beta``: LTE only, B8 coverage, B1/B3 capacity; VoLTE; refuses non-VoLTE from 2022-01-01.
* ``xa/gamma-mobile``: MVNO on alpha 2015..2023-01-01, then on beta.
* ``xb/sa-net``: NR-only SA network from 2023 (n71 coverage, n77), VoNR, sa-certified-only.
* ``xb/gone``: ceased 2020-06-30.
* ``acme/phone-one``: ``global`` (GSM900/1800, U1/U8, LTE B1 B3 B7 B8 B20 B28 B32, no NR, VoLTE,
  certified on xa/alpha), ``legacy`` (GSM900, U1, B3 B20, no VoLTE), ``us`` (US bands).
* ``zeta/five``: ``global`` (LTE+NR n28 n71 n77 n78, NSA+SA, VoLTE+VoNR, certified on xb/sa-net),
  ``unknown-bands`` (only GSM900 known).
"""

from __future__ import annotations

import datetime as dt

import pytest
from _compat_builders import D, catalog_with, dep, host, net, operator, policy, variant
from _compat_scenarios import scenarios

from bandfit.bands.model import Rat
from bandfit.catalog.load import Catalog
from bandfit.catalog.model import Layer, Operator, Variant
from bandfit.compat import REASON_CODES, Status, Verdict, check
from bandfit.compat.network import LAYER_POINTS, coverage_class, network_view
from bandfit.compat.rules import GAPS_MIN_SCORE, WORKS_MIN_SCORE, gate
from bandfit.testing import tiny_catalog

T = tiny_catalog()
ALPHA, BETA, GAMMA = T.operators["xa/alpha"], T.operators["xa/beta"], T.operators["xa/gamma-mobile"]
SA_NET, GONE = T.operators["xb/sa-net"], T.operators["xb/gone"]
ACME = {v.id: v for v in T.devices["acme/phone-one"].variants}
ZETA = {v.id: v for v in T.devices["zeta/five"].variants}
TODAY = D("2024-01-01")


def groups_of(op, on=TODAY, cat: Catalog = T) -> list[tuple[tuple[str, ...], int, Layer]]:
    view = network_view(op, D(on) if isinstance(on, str) else on, cat.registry)
    return [(g.bands, g.points, g.layer) for g in view.groups]


def run(var: Variant, op, on: str | dt.date = TODAY, cat: Catalog | None = None) -> Verdict:
    cat = cat or catalog_with(op)
    return check(var, op, on, catalog=cat)


# ------------------------------------------------------------------------------ layer points
def test_default_layer_points_are_integers_300_100_50_25() -> None:
    # Integer points keep check() and the numpy matrix bit-identical (same numerator/denominator).
    assert LAYER_POINTS == {
        Layer.COVERAGE: 300,
        Layer.CAPACITY: 100,
        Layer.SUPPLEMENTAL: 50,
        Layer.BOOST: 25,
    }
    assert (WORKS_MIN_SCORE, GAPS_MIN_SCORE) == (0.9, 0.5)


def test_weight_overrides_layer_points() -> None:
    # weight 2.5 -> round(2.5 * 100) = 250 points, whatever the layer; weight 0 counts nothing.
    op = operator(
        "xc/w",
        [dep("B3", "capacity", weight=2.5), dep("B7", "coverage", weight=0.0)],
        networks=[net("lte", voice="volte")],
    )
    assert sorted(p for _b, p, _l in groups_of(op)) == [0, 250]
    v = run(variant(lte=("B3",)), op)
    assert v.radio_score == 1.0  # 250 / 250: the zero-weight B7 costs nothing in the score


def test_zero_weight_coverage_layer_still_required() -> None:
    # The "all coverage layers usable" condition counts groups, not points: a 0-weight coverage
    # group the phone lacks keeps the verdict at "works with gaps" even at score 1.0.
    op = operator(
        "xc/w",
        [dep("B3", "capacity", weight=2.5), dep("B7", "coverage", weight=0.0)],
        networks=[net("lte", voice="volte")],
    )
    v = run(variant(lte=("B3",)), op)
    assert v.radio_score == 1.0
    assert v.status is Status.WORKS_WITH_GAPS
    # B7 is the only coverage layer, so the reason is "no-coverage-layer" (an error), even though
    # the score is 1.0 and the status "works with gaps" (score >= 0.5).
    assert "no-coverage-layer" in v.codes
    assert v.missing[0].cost == 0.0


# ------------------------------------------------------------------------------ spectrum groups
def test_same_band_listed_twice_is_one_group_weighing_as_its_heaviest_member() -> None:
    # B3 listed as capacity (100) and as coverage (300) without blocks: the same spectrum, so one
    # group of 300 points whose layer is coverage.
    op = operator(
        "xc/g", [dep("B3", "capacity"), dep("B3", "coverage")], networks=[net("lte", voice="volte")]
    )
    assert groups_of(op) == [(("B3",), 300, Layer.COVERAGE)]
    assert run(variant(lte=("B3",)), op).radio_score == 1.0


def test_same_band_with_disjoint_blocks_is_two_groups() -> None:
    # Two different 1800 MHz blocks of the same operator are different spectrum.
    op = operator(
        "xc/g",
        [
            dep("B3", "capacity", block=(1805000, 1825000)),
            dep("B3", "capacity", block=(1850000, 1870000)),
        ],
        networks=[net("lte", voice="volte")],
    )
    assert [(b, p) for b, p, _l in groups_of(op)] == [(("B3",), 100), (("B3",), 100)]


def test_twins_across_rats_are_one_group() -> None:
    # B71 and n71 have identical ranges (617-652 / 663-698 MHz): T-Mobile's 600 MHz listed twice
    # is one group of 300 points, usable by a phone with either band.
    op = operator(
        "xc/t",
        [dep("B71", "coverage"), dep("n71", "coverage"), dep("B2", "capacity")],
        networks=[net("lte", voice="volte"), net("nr", modes=["nsa"])],
    )
    assert groups_of(op)[0] == (("B71", "n71"), 300, Layer.COVERAGE)
    lte_only = run(variant(lte=("B71", "B2"), nr=()), op)
    assert lte_only.radio_score == 1.0
    lacking = run(variant(lte=("B2",), nr=()), op)
    assert [m.label for m in lacking.missing] == ["B71/n71"]  # LTE first, then NR, in the label
    assert lacking.missing[0].cost == pytest.approx(300 / 400)


def test_group_label_order_is_lte_nr_umts_cdma_gsm_then_band_number() -> None:
    # MissingBand.label lists LTE, then NR, UMTS, CDMA, GSM; within a RAT by band number. All five
    # 850 MHz listings are twins (869-894 / 824-849 MHz); B26 (859-894 / 814-849) contains them
    # and is at most 4x as wide, so it joins the group too.
    op = operator(
        "xc/l",
        [dep(b, "coverage") for b in ("GSM850", "BC0", "U5", "n5", "B26", "B5")],
        networks=[net("lte", voice="volte")],
    )
    assert groups_of(op) == [(("B5", "B26", "n5", "U5", "BC0", "GSM850"), 300, Layer.COVERAGE)]
    v = run(variant(lte=("B3",), nr=(), umts=(), cdma=(), gsm=()), op)
    assert [m.label for m in v.missing] == ["B5/B26/n5/U5/BC0/GSM850"]


def test_superset_bands_of_one_rat_share_a_group() -> None:
    # AT&T-style 700 MHz: B12 and B17 (B12 ⊇ B17) without blocks are one group; B4 and B66 too.
    op = operator(
        "xc/m",
        [
            dep("B12", "coverage"),
            dep("B17", "coverage"),
            dep("B4", "capacity"),
            dep("B66", "capacity"),
        ],
        networks=[net("lte", voice="volte")],
    )
    assert [(b, p) for b, p, _l in groups_of(op)] == [(("B12", "B17"), 300), (("B4", "B66"), 100)]


# ------------------------------------------------------------------------------ coverage classes
def test_mfbi_block_inside_subset_band_is_covered_by_the_subset_band() -> None:
    # A B12 deployment whose block (DL 737-746 MHz, UL derived 707-716) lies inside B17 is
    # reachable by a B17-only phone (multi-band indicator); a block in the lower A block
    # (DL 729-734 MHz, outside B17) is not.
    reg = T.registry
    inside = dep("B12", "coverage", block=(737000, 746000))
    outside = dep("B12", "coverage", block=(729000, 734000))
    assert "B17" in coverage_class(reg, inside).alternatives[0]
    assert "B17" not in coverage_class(reg, outside).alternatives[0]
    op = operator("xc/mfbi", [inside], networks=[net("lte", voice="volte")])
    v = run(variant(lte=("B17",)), op)
    assert v.status is Status.WORKS
    mfbi = v.reason("via-multi-band-indicator")
    assert mfbi is not None
    assert mfbi.evidence == {"deployment": "B12", "via": ["B17"]}
    op2 = operator("xc/mfbi", [outside], networks=[net("lte", voice="volte")])
    assert run(variant(lte=("B17",)), op2).status is Status.NO_SERVICE


def test_superset_band_covers_a_subset_deployment_but_not_the_reverse() -> None:
    # B66 ⊇ B4: a B66 phone uses a B4 deployment ("via multi-band indicator"); a B4-only phone
    # cannot use a B66 deployment (B66 reaches spectrum B4 lacks).
    op4 = operator("xc/a", [dep("B4", "coverage")], networks=[net("lte", voice="volte")])
    v = run(variant(lte=("B66",)), op4)
    assert v.radio_score == 1.0
    assert v.reason("via-multi-band-indicator").evidence == {"deployment": "B4", "via": ["B66"]}
    op66 = operator("xc/b", [dep("B66", "coverage")], networks=[net("lte", voice="volte")])
    assert run(variant(lte=("B4",)), op66).status is Status.NO_SERVICE
    # A direct match emits no MFBI reason.
    assert "via-multi-band-indicator" not in run(variant(lte=("B4",)), op4).codes


@pytest.mark.parametrize(
    ("bands", "state"),
    [
        (frozenset({"B12", "B13"}), True),  # every candidate covered
        (frozenset({"B5"}), False),  # none covered
        (frozenset({"B12"}), None),  # some covered: cannot be told
        (frozenset({"B13", "B85"}), True),  # B85 ⊇ B12: a superset counts for its candidate
    ],
)
def test_inferred_deployment_state_is_tri_state(bands: frozenset[str], state: bool | None) -> None:
    # "LTE 700" resolved to candidates B12/B13: usable for sure only when the phone has a band for
    # every candidate, surely unusable when it has none, unknown in between.
    d = dep("B12", "coverage", confidence="inferred", candidates=["B12", "B13"])
    assert coverage_class(T.registry, d).state(bands) is state


def inferred_coverage_operator() -> Operator:
    """A B12-or-B13 coverage layer known only from a coarse label, plus a sure B2 layer."""
    return operator(
        "xc/inf",
        [
            dep("B12", "coverage", confidence="inferred", candidates=["B12", "B13"]),
            dep("B2", "capacity"),
        ],
        networks=[net("lte", voice="volte")],
    )


def test_inferred_deployment_in_a_verdict() -> None:
    op = inferred_coverage_operator()
    sure = run(variant(lte=("B12", "B13", "B2")), op)
    assert (sure.status, sure.radio_score) == (Status.WORKS, 1.0)
    assert sure.reason("inferred-deployment").evidence == {"candidates": ["B12", "B13"]}
    partial = run(variant(lte=("B12",)), op)
    # B12 alone: the coverage group is unknown, B2 is missing -> no group surely usable, one
    # unknown -> the verdict is "unknown", never a guess.
    assert partial.status is Status.UNKNOWN
    assert "inferred-deployment" in partial.codes
    assert "cannot be told" in partial.reason("inferred-deployment").message
    # Unknown groups are not listed as missing (only groups surely unusable are).
    assert [m.label for m in partial.missing] == ["B2"]
    none = run(variant(lte=("B2",)), op)
    assert [m.label for m in none.missing] == ["B12"]


def test_unknown_coverage_layer_is_not_reported_as_unsupported() -> None:
    # B2 (capacity, 100) is surely usable; the only coverage group (B12 or B13, 300) is unknown for
    # a B12-only phone. Score 100/400 = 0.25 < 0.5 and no coverage group surely usable, but one may
    # be: the status is *unknown* (deciding code device-bands-unknown), not *limited* — and no
    # reason claims the coverage layer is unsupported.
    op = inferred_coverage_operator()
    v = run(variant(lte=("B12", "B2")), op)
    assert (v.status, v.radio_score) == (Status.UNKNOWN, 100 / 400)
    assert not {"no-coverage-layer", "coverage-layer-missing"} & set(v.codes)
    assert v.missing == ()  # the unknown group is not missing; B2 is used
    assert "cannot be told" in v.reason("inferred-deployment").message
    assert (v.voice.status, v.voice.via) == ("ok", "volte")  # B2 is a sure LTE anchor
    # When every coverage group is surely unusable the same score is "limited" with the error.
    none = run(variant(lte=("B2",)), op)
    assert (none.status, none.radio_score) == (Status.LIMITED, 100 / 400)
    assert "no-coverage-layer" in none.codes


def test_unknown_verdict_from_an_inferred_deployment_is_explained_by_a_warning() -> None:
    op = inferred_coverage_operator()
    v = run(variant(lte=("B12", "B2")), op)
    assert v.status is Status.UNKNOWN
    assert any(r.severity.value in ("warning", "error") for r in v.reasons), v.codes


# ------------------------------------------------------------------------------ gates
def test_gate_kinds() -> None:
    view = network_view(ALPHA, TODAY, T.registry)
    gates = {d.band.id: gate(d) for d in view.deployments}
    assert gates == {
        "GSM900": "always",
        "B20": "always",
        "B3": "always",
        "B7": "always",
        "B28": "always",
        "B32": "lte-anchor",
        "n28": "nr",
        "n78": "nr",
    }


def test_sdl_needs_an_lte_anchor() -> None:
    # B32 is supplemental downlink on alpha: a phone with B32 alone cannot use it.
    alone = run(variant(lte=("B32",), gsm=(), umts=(), nr=()), ALPHA)
    assert alone.status is Status.NO_SERVICE
    assert "supplemental-needs-anchor" in alone.codes
    lte = next(r for r in alone.per_rat if r.rat == "lte")
    assert "B32" in lte.missing_bands
    anchored = run(variant(lte=("B3", "B32"), gsm=(), umts=(), nr=()), ALPHA)
    assert "B32" in next(r for r in anchored.per_rat if r.rat == "lte").used_bands
    assert "supplemental-needs-anchor" not in anchored.codes


def test_nsa_5g_needs_an_lte_anchor() -> None:
    # alpha's 5G is NSA only: n78 without any LTE band alpha runs is unusable.
    no_anchor = run(
        variant(lte=("B1",), nr=("n78",), nr_modes=("nsa", "sa"), gsm=(), umts=()), ALPHA
    )
    assert "nr-needs-lte-anchor" in no_anchor.codes
    assert next(r for r in no_anchor.per_rat if r.rat == "nr").used_bands == ()
    anchored = run(variant(lte=("B3",), nr=("n78",), nr_modes=("nsa",), gsm=(), umts=()), ALPHA)
    assert next(r for r in anchored.per_rat if r.rat == "nr").used_bands == ("n78",)
    # 100 (B3) + 100 (n78) of alpha's 1250 points on 2024-01-01.
    assert anchored.radio_score == 200 / 1250
    # Unknown NR modes count as NSA-capable (every commercial 5G phone does NSA).
    unknown_modes = run(variant(lte=("B3",), nr=("n78",), nr_modes=None, gsm=(), umts=()), ALPHA)
    assert unknown_modes.radio_score == 200 / 1250


def test_sa_only_network_with_sa_certified_only_policy() -> None:
    # zeta/five global: SA capable and certified on xb/sa-net -> works, calls over VoNR.
    ok = check(ZETA["global"], SA_NET, TODAY, catalog=T)
    assert (ok.status, ok.radio_score) == (Status.WORKS, 1.0)
    assert (ok.voice.status, ok.voice.via) == ("ok", "vonr")
    assert "certified" in ok.codes
    # The same bands and SA, but not certified: native SA is refused -> no usable band at all.
    uncertified = run(variant(lte=(), nr=("n71", "n77"), nr_modes=("nsa", "sa"), vonr=True), SA_NET)
    assert uncertified.status is Status.NO_SERVICE
    assert "nr-sa-certification" in uncertified.codes
    # Certified but NSA only: an NR-only network is standalone, so NSA is useless.
    nsa_only = run(
        variant(lte=(), nr=("n71", "n77"), nr_modes=("nsa",), certified_on=("xb/sa-net",)), SA_NET
    )
    assert nsa_only.status is Status.NO_SERVICE
    assert "nr-sa-required" in nsa_only.codes
    # Before 2023 sa-net has no live deployment: no data -> unknown.
    early = check(ZETA["global"], SA_NET, "2022-06-01", catalog=T)
    assert early.status is Status.UNKNOWN
    assert early.codes == ("operator-data-missing",)


def test_nsa_only_uncertified_variant_on_sa_network_is_told_it_lacks_sa() -> None:
    # sa-net is NR-only (standalone) with sa-certified-only. An uncertified NSA-only phone lacks
    # SA, so certification would not help: the NR reason is nr-sa-required, not
    # nr-sa-certification (which is for an SA phone the policy blocks, see the test above).
    v = run(variant(lte=(), nr=("n71", "n77"), nr_modes=("nsa",)), SA_NET)
    assert (v.status, v.radio_score) == (Status.NO_SERVICE, 0.0)
    assert [c for c in v.codes if c.startswith("nr-")] == ["nr-sa-required"]
    # Unknown NR modes count as "not known to support SA": the same reason.
    unknown_modes = run(variant(lte=(), nr=("n71", "n77"), nr_modes=None), SA_NET)
    assert [c for c in unknown_modes.codes if c.startswith("nr-")] == ["nr-sa-required"]


def test_nr_only_network_without_network_record_is_standalone() -> None:
    # Live NR deployments and no LTE: standalone (sa_live) whether or not the operator has an NR
    # network record. An SA phone uses n71 (score 1.0). With no NR record, VoNR is not in the data,
    # which counts as *no VoNR* (see docs: VoNR must be sourced), and there is no LTE or 2G/3G:
    # voice "none" -> limited. An NSA-only phone gets no service with nr-sa-required.
    op = operator("xc/nr-only", [dep("n71", "coverage")])
    assert network_view(op, TODAY, T.registry).sa_live
    v = run(variant(lte=(), nr=("n71",), nr_modes=("sa",), vonr=True), op)
    assert (v.status, v.radio_score) == (Status.LIMITED, 1.0)
    assert v.voice.status == "none"
    assert "voice-none" in v.codes
    assert not [c for c in v.codes if c.startswith("nr-")]
    assert next(r for r in v.per_rat if r.rat == "nr").used_bands == ("n71",)
    nsa = run(variant(lte=(), nr=("n71",), nr_modes=("nsa",), vonr=True), op)
    assert (nsa.status, nsa.radio_score) == (Status.NO_SERVICE, 0.0)
    assert "nr-sa-required" in nsa.codes
    # With an NR record that sources VoNR, the SA phone works and calls over VoNR.
    vonr = operator("xc/nr-only", [dep("n71", "coverage")], networks=[net("nr", voice="vonr")])
    ok = run(variant(lte=(), nr=("n71",), nr_modes=("sa",), vonr=True), vonr)
    assert (ok.status, ok.voice.status, ok.voice.via) == (Status.WORKS, "ok", "vonr")


def test_sa_only_variant_on_nsa_network_is_not_told_it_lacks_an_anchor() -> None:
    v = run(variant(lte=("B3", "B20"), nr=("n78",), nr_modes=("sa",), gsm=(), umts=()), ALPHA)
    assert next(r for r in v.per_rat if r.rat == "nr").used_bands == ()
    assert "nr-needs-lte-anchor" not in v.codes


# ------------------------------------------------------------------------------ voice and admission
def test_volte_whitelist_unverified_vs_certified() -> None:
    certified = check(ACME["global"], ALPHA, TODAY, catalog=T)
    assert (certified.status, certified.voice.status, certified.voice.via) == (
        Status.WORKS,
        "ok",
        "volte",
    )
    assert "certified" in certified.codes
    # acme global's LTE bands, no 2G/3G, not certified: VoLTE depends on an undocumented
    # whitelist -> voice "unverified", and the otherwise "works" verdict is capped.
    lte = ACME["global"].bands.lte
    uncertified = run(variant(lte=lte, gsm=(), umts=(), nr=()), ALPHA)
    # alpha on 2024-01-01: 1250 points; lacking GSM900 (300) and n78 (100) leaves 850.
    assert uncertified.radio_score == 850 / 1250
    assert (uncertified.voice.status, uncertified.voice.via) == ("unverified", "volte")
    assert "volte-whitelist-unverified" in uncertified.codes
    # With 2G the same uncertified phone calls over GSM instead (voice ok via cs).
    with_2g = run(variant(lte=lte, gsm=("GSM900",), umts=(), nr=()), ALPHA)
    assert (with_2g.voice.status, with_2g.voice.via) == ("ok", "cs")
    assert "volte-whitelist-unverified" in with_2g.codes
    # Before the policy (2020-01-01) the uncertified phone calls over VoLTE without question.
    before = run(variant(lte=lte, gsm=(), umts=(), nr=()), ALPHA, "2019-06-01")
    assert (before.voice.status, before.voice.via) == ("ok", "volte")
    assert "volte-whitelist-unverified" not in before.codes


def test_whitelist_caps_works() -> None:
    op = operator(
        "xc/wl",
        [dep("B8", "coverage"), dep("B3")],
        networks=[net("lte", voice="volte")],
        policies=[policy("volte-whitelist")],
    )
    uncertified = run(variant(lte=("B8", "B3")), op)
    assert (uncertified.radio_score, uncertified.status) == (1.0, Status.WORKS_WITH_GAPS)
    certified = run(variant(lte=("B8", "B3"), certified_on=("xc/wl",)), op)
    assert (certified.radio_score, certified.status) == (1.0, Status.WORKS)


def test_non_volte_activation_refused_and_unknown_volte() -> None:
    # beta refuses non-VoLTE devices from 2022-01-01; acme legacy has B3 (beta capacity) but no VoLTE.
    refused = check(ACME["legacy"], BETA, "2022-01-01", catalog=T)
    assert refused.status is Status.NO_SERVICE
    assert refused.admission.status == "refused"
    assert "activation-refused" in refused.codes
    # The day before the policy: admitted, but an LTE-only network without VoLTE support on the
    # phone means no way to call.
    before = check(ACME["legacy"], BETA, "2021-12-31", catalog=T)
    assert before.status is Status.LIMITED
    assert before.voice.status == "none"
    assert {"voice-none", "volte-not-supported"} <= set(before.codes)
    # VoLTE unknown: admission cannot be decided -> "unknown", and voice is unknown too.
    unknown = run(variant(lte=("B1", "B3", "B8"), volte=None), BETA, "2022-06-01")
    assert unknown.radio_score == 1.0
    assert unknown.admission.status == "unknown"
    assert unknown.voice.status == "unknown"
    assert unknown.status is Status.WORKS_WITH_GAPS
    assert {"activation-unverified", "voice-unknown"} <= set(unknown.codes)


def test_device_certification_policy() -> None:
    op = operator(
        "xc/cert",
        [dep("B8", "coverage")],
        networks=[net("lte", voice="volte")],
        policies=[policy("device-certification")],
    )
    uncertified = run(variant(lte=("B8",)), op)
    assert (uncertified.admission.status, uncertified.status) == (
        "unverified",
        Status.WORKS_WITH_GAPS,
    )
    assert "certification-unverified" in uncertified.codes
    certified = run(variant(lte=("B8",), certified_on=("xc/cert",)), op)
    assert (certified.admission.status, certified.status) == ("ok", Status.WORKS)


def test_voice_paths_legacy_and_sunset_ahead() -> None:
    # A non-VoLTE phone with GSM900 on alpha: calls over 2G until the GSM network ends (2030).
    v = run(
        variant(gsm=("GSM900",), umts=(), lte=("B20", "B3", "B7", "B28"), nr=(), volte=False), ALPHA
    )
    assert (v.voice.status, v.voice.via) == ("ok", "cs")
    assert {"voice-legacy", "volte-not-supported", "network-sunset-ahead"} <= set(v.codes)
    assert v.reason("network-sunset-ahead").evidence == {"rat": "gsm", "until": "2030-01-01"}
    after = run(
        variant(gsm=("GSM900",), umts=(), lte=("B20", "B3", "B7", "B28"), nr=(), volte=False),
        ALPHA,
        "2030-01-01",
    )
    assert after.voice.status == "none"
    assert after.status is Status.LIMITED
    assert "network-sunset" in after.codes


def test_network_sunset_reason_needs_bands_of_that_rat() -> None:
    # alpha's 3G ended 2021-01-01: reported to a U1 phone, not to a phone without 3G.
    with_3g = check(ACME["global"], ALPHA, TODAY, catalog=T)
    assert with_3g.reason("network-sunset").evidence == {"rat": "umts", "until": "2021-01-01"}
    without_3g = run(variant(gsm=(), umts=(), lte=("B20",), nr=()), ALPHA)
    assert "network-sunset" not in without_3g.codes


def test_sunset_ahead_only_for_networks_the_variant_uses() -> None:
    # GSM ends 2030 and UMTS 2029; the non-VoLTE phone has U2 but no GSM band, so calls depend on
    # 3G only: one network-sunset-ahead, for UMTS.
    op = operator(
        "xc/two",
        [dep("B2", "coverage"), dep("U2", "capacity"), dep("GSM1900", "capacity")],
        networks=[
            net("gsm", voice="cs", until="2030-01-01"),
            net("umts", voice="cs", until="2029-01-01"),
            net("lte", voice="volte"),
        ],
    )
    v = run(variant(gsm=(), umts=("U2",), lte=("B2",), volte=False), op, "2020-01-01")
    assert (v.voice.status, v.voice.via) == ("ok", "cs")
    ahead = [r.evidence for r in v.reasons if r.code == "network-sunset-ahead"]
    assert ahead == [{"rat": "umts", "until": "2029-01-01"}]
    # With GSM1900 too, both legacy networks carry calls and both end dates are reported.
    both = run(variant(gsm=("GSM1900",), umts=("U2",), lte=("B2",), volte=False), op, "2020-01-01")
    assert sorted(r.evidence["rat"] for r in both.reasons if r.code == "network-sunset-ahead") == [
        "gsm",
        "umts",
    ]


def test_unknown_legacy_bands_make_voice_unknown_not_none() -> None:
    # A non-VoLTE phone whose 3G bands are null, on a network with live 3G: whether it can call over
    # U2 cannot be told, so voice is "unknown" (not "none" -> limited). B2 and U2 are twins (one
    # group), reached via B2: score 1.0, every coverage group usable -> rule 8, capped at
    # "works with gaps" by the unknown voice.
    op = operator(
        "xc/one",
        [dep("B2", "coverage"), dep("U2", "capacity")],
        networks=[net("umts", voice="cs"), net("lte", voice="volte")],
    )
    v = run(variant(volte=False, lte=("B2",), umts=None), op, "2020-01-01")
    assert (v.voice.status, v.voice.via) == ("unknown", None)
    assert (v.status, v.radio_score) == (Status.WORKS_WITH_GAPS, 1.0)
    assert {"voice-unknown", "volte-not-supported"} <= set(v.codes)
    assert "voice-none" not in v.codes
    assert v.reason("device-bands-unknown").evidence == {"rat": "umts"}
    # Known to lack 3G: no voice path at all -> limited with voice-none.
    without = run(variant(volte=False, lte=("B2",), umts=()), op, "2020-01-01")
    assert (without.voice.status, without.status) == ("none", Status.LIMITED)
    assert "voice-none" in without.codes


def test_voice_unknown_message_names_the_unknown_that_decides_it() -> None:
    op = operator(
        "xc/one",
        [dep("B2", "coverage"), dep("U2", "capacity")],
        networks=[net("umts", voice="cs"), net("lte", voice="volte")],
    )
    v = run(variant(volte=False, lte=("B2",), umts=None), op, "2020-01-01")
    assert v.voice.status == "unknown"
    assert "VoLTE support that the catalog does not record" not in v.reason("voice-unknown").message
    assert "VoLTE support unknown" not in v.voice.note


def test_unknown_nr_bands_make_vonr_unknown() -> None:
    # LTE without VoLTE plus standalone NR with VoNR; the phone's LTE is known (B3) but its NR bands
    # are null. VoLTE is "no" (the network offers none), no 2G/3G, and whether VoNR is reached
    # depends on the unknown NR bands: voice "unknown" rather than "none". Score 100/200 (B3; n78
    # is unknown, not counted); the network has no coverage layer and 0.5 < 0.9, so rule 9
    # (score >= 0.5) gives "works with gaps".
    op = operator(
        "xc/vonr",
        [dep("B3"), dep("n78")],
        networks=[net("lte", voice="none"), net("nr", modes=["sa"], voice="vonr")],
    )
    v = run(variant(lte=("B3",), nr=None, nr_modes=("nsa", "sa"), vonr=True), op)
    assert (v.voice.status, v.voice.via) == ("unknown", None)
    assert (v.status, v.radio_score) == (Status.WORKS_WITH_GAPS, 100 / 200)
    assert v.reason("device-bands-unknown").evidence == {"rat": "nr"}
    # The phone says no VoNR: no path at all -> limited with voice-none.
    no_vonr = run(variant(lte=("B3",), nr=None, nr_modes=("nsa", "sa"), vonr=False), op)
    assert (no_vonr.voice.status, no_vonr.status) == ("none", Status.LIMITED)
    # NR bands known and reached: VoNR yes.
    known = run(variant(lte=("B3",), nr=("n78",), nr_modes=("nsa", "sa"), vonr=True), op)
    assert (known.voice.status, known.voice.via, known.status) == ("ok", "vonr", Status.WORKS)


def test_null_nr_bands_do_not_matter_when_the_nr_gate_is_surely_closed() -> None:
    op = operator(
        "xc/n",
        [dep("B3", "coverage"), dep("n78")],
        networks=[net("lte", voice="none"), net("nr", modes=["nsa"], voice="vonr")],
    )
    completions = [
        run(variant(lte=("B3",), nr=nr, nr_modes=("sa",), vonr=True), op) for nr in (("n78",), ())
    ]
    assert {(c.status, c.voice.status) for c in completions} == {(Status.LIMITED, "none")}
    unknown = run(variant(lte=("B3",), nr=None, nr_modes=("sa",), vonr=True), op)
    assert (unknown.status, unknown.voice.status) == (Status.LIMITED, "none")


def test_operator_volte_unknown() -> None:
    op = operator(
        "xc/nv",
        [dep("B8", "coverage"), dep("GSM900", "coverage")],
        networks=[net("gsm", voice="cs")],
    )
    v = run(variant(lte=("B8",), gsm=("GSM900",), volte=True), op)
    assert "operator-volte-unknown" in v.codes
    assert (v.voice.status, v.voice.via) == ("ok", "cs")
    no_gsm = run(variant(lte=("B8",), gsm=(), volte=True), op)
    assert no_gsm.voice.status == "unknown"
    assert no_gsm.status is Status.WORKS_WITH_GAPS  # score 300/600, capped anyway
    assert "voice-unknown" in no_gsm.codes


# ------------------------------------------------------------------------------ status rules
def test_status_thresholds() -> None:
    # B20 coverage 300 + B3 weight 6.0 (600) + B7 weight 1.0 (100) = 1000 points.
    op = operator(
        "xc/th",
        [
            dep("B20", "coverage"),
            dep("B3", "capacity", weight=6.0),
            dep("B7", "capacity", weight=1.0),
        ],
        networks=[net("lte", voice="volte")],
    )
    cases = {
        ("B20", "B3"): (0.9, Status.WORKS),  # exactly 0.9 with every coverage layer -> works
        ("B20", "B7"): (0.4, Status.WORKS_WITH_GAPS),  # below 0.5 but a coverage layer is usable
        ("B3", "B7"): (0.7, Status.WORKS_WITH_GAPS),  # >= 0.5 without coverage layer
        ("B7",): (0.1, Status.LIMITED),  # < 0.5 and no coverage layer
    }
    for bands, (score, status) in cases.items():
        v = run(variant(lte=bands), op)
        assert (v.radio_score, v.status) == (pytest.approx(score), status), bands
    assert "no-coverage-layer" in run(variant(lte=("B7",)), op).codes
    assert run(variant(lte=("B20", "B3")), op).radio_score == 900 / 1000


def test_works_needs_every_coverage_layer_even_at_high_score() -> None:
    # B20 coverage (300) + B8 coverage with weight 0.5 (50) + B3 capacity with weight 10 (1000):
    # without B8 the score is 1300/1350 = 0.963 >= 0.9, yet a coverage layer is missing, so the
    # verdict is "works with gaps".
    op = operator(
        "xc/cov",
        [
            dep("B20", "coverage"),
            dep("B8", "coverage", weight=0.5),
            dep("B3", "capacity", weight=10.0),
        ],
        networks=[net("lte", voice="volte")],
    )
    v = run(variant(lte=("B20", "B3")), op)
    assert v.radio_score == 1300 / 1350
    assert v.status is Status.WORKS_WITH_GAPS
    assert [m.label for m in v.missing] == ["B8"]
    assert v.missing[0].cost == 50 / 1350
    assert "coverage-layer-missing" in v.codes


def test_legacy_only() -> None:
    # GSM900 only on alpha (which runs LTE/NR): usable, but only 2G -> limited.
    v = run(variant(gsm=("GSM900",), umts=(), lte=(), nr=(), volte=False), ALPHA)
    assert v.status is Status.LIMITED
    assert "legacy-only" in v.codes
    assert (v.voice.status, v.voice.via) == ("ok", "cs")


def test_no_common_band() -> None:
    v = check(ACME["us"], ALPHA, TODAY, catalog=T)
    assert (v.status, v.radio_score) == (Status.NO_SERVICE, 0.0)
    assert "no-common-band" in v.codes
    assert "market-mismatch" in v.codes  # US variant in XA
    assert "market-mismatch" not in check(ACME["global"], ALPHA, TODAY, catalog=T).codes


def test_unknown_device_bands() -> None:
    # zeta unknown-bands knows only GSM900: alpha's primary RAT (LTE) is unknown -> unknown.
    # Its 3G bands are unknown too, but alpha's 3G has ended, so only LTE and NR are reported.
    v = check(ZETA["unknown-bands"], ALPHA, TODAY, catalog=T)
    assert v.status is Status.UNKNOWN
    assert [r.evidence["rat"] for r in v.reasons if r.code == "device-bands-unknown"] == [
        "lte",
        "nr",
    ]


def test_limited_verdict_is_explained_by_a_warning_or_error() -> None:
    # Three capacity layers, no coverage layer: B1 alone is 100/300 < 0.5 -> limited, decided and
    # explained by low-radio-score (an error; evidence: the score rounded to 4 decimals), not by
    # no-coverage-layer (there is no coverage layer to miss).
    op = operator("xc/cap", [dep("B1"), dep("B3"), dep("B7")], networks=[net("lte", voice="volte")])
    v = run(variant(lte=("B1",)), op)
    assert (v.status, v.radio_score) == (Status.LIMITED, 100 / 300)
    low = v.reason("low-radio-score")
    assert (low.severity.value, low.evidence) == ("error", {"score": 0.3333})
    assert not {"no-coverage-layer", "coverage-layer-missing"} & set(v.codes)
    assert [r.code for r in v.reasons if r.severity.value != "info"] == ["low-radio-score"]
    # Two of three layers reach 0.5: works with gaps, no low-radio-score.
    two = run(variant(lte=("B1", "B3")), op)
    assert (two.status, two.radio_score) == (Status.WORKS_WITH_GAPS, 200 / 300)
    assert "low-radio-score" not in two.codes


# ------------------------------------------------------------------------------ dates
def test_operator_not_operating_names_its_successor() -> None:
    gone = check(ACME["global"], GONE, "2021-01-01", catalog=T)
    assert (gone.status, gone.codes) == (Status.NO_SERVICE, ("operator-not-operating",))
    assert "ceased on 2020-06-30" in gone.reasons[0].message
    merged = GONE.model_copy(update={"successor": "xa/alpha"})
    v = run(ACME["global"], merged, "2021-01-01")
    assert "customers moved to xa/alpha" in v.reasons[0].message
    assert v.reasons[0].evidence["successor"] == "xa/alpha"
    future = operator("xc/new", [dep("B3")], since="2030-01-01")
    early = run(ACME["global"], future, "2029-12-31")
    assert "started 2030-01-01" in early.reasons[0].message
    # On its last day the operator still runs (until is exclusive).
    assert check(ACME["global"], GONE, "2020-06-29", catalog=T).codes != ("operator-not-operating",)


def test_deployment_and_network_dates() -> None:
    # alpha's B28/n28 start 2021-06-01; 3G ends 2021-01-01 (until is exclusive).
    def bands(day: str) -> set[str]:
        return {d.band.id for d in network_view(ALPHA, D(day), T.registry).deployments}

    assert "U1" in bands("2020-12-31")
    assert "U1" not in bands("2021-01-01")
    assert "B28" not in bands("2021-05-31")
    assert {"B28", "n28"} <= bands("2021-06-01")


# ------------------------------------------------------------------------------ MVNO / hosts
def test_mvno_host_switches_by_date() -> None:
    on_alpha = check(ACME["global"], GAMMA, "2022-12-31", catalog=T)
    assert (on_alpha.operator_id, on_alpha.network_id) == ("xa/gamma-mobile", "xa/alpha")
    assert on_alpha.reason("host-network").evidence == {"host": "xa/alpha", "role": "primary"}
    on_beta = check(ACME["global"], GAMMA, "2023-01-01", catalog=T)
    assert on_beta.network_id == "xa/beta"
    assert on_beta.reason("host-network").evidence == {"host": "xa/beta", "role": "primary"}
    # The MVNO verdict is the host verdict (plus the MVNO's own policies): same score.
    assert on_beta.radio_score == check(ACME["global"], BETA, "2023-01-01", catalog=T).radio_score
    # Before any agreement: no host in effect -> no service (and the phone, released 2019-03,
    # did not exist yet: the verdict says so).
    none = check(ACME["global"], GAMMA, "2014-06-01", catalog=T)
    assert (none.status, none.codes) == (Status.NO_SERVICE, ("no-host-on-date", "not-released"))


def test_a_phone_checked_before_its_release_gets_a_what_if_note() -> None:
    """acme/phone-one is released 2019-03: the band answer stands, with an info reason."""
    before = check(ACME["global"], BETA, "2019-02-28", catalog=T)
    on_day = check(ACME["global"], BETA, "2019-03-01", catalog=T)
    note = before.reason("not-released")
    assert note is not None
    assert note.severity == "info"
    assert note.evidence == {"released": "2019-03", "first_day": "2019-03-01"}
    assert on_day.reason("not-released") is None
    assert (before.status, before.radio_score) == (on_day.status, on_day.radio_score)


def test_certification_on_the_host_counts_for_the_mvno() -> None:
    # acme global is certified on xa/alpha: on gamma-mobile (hosted by alpha) VoLTE is whitelisted.
    v = check(ACME["global"], GAMMA, "2022-06-01", catalog=T)
    assert (v.voice.status, v.voice.via) == ("ok", "volte")
    assert "certified" in v.codes


def test_hybrid_mno_uses_its_best_network() -> None:
    # An MNO with its own SA-only NR network and a primary host (Boost-style): a phone its own
    # network rejects is evaluated on the host; both are listed.
    hybrid = operator(
        "xa/hybrid",
        [dep("n77", "capacity")],
        networks=[net("nr", modes=["sa"], voice="vonr")],
        hosts=[host("xa/alpha")],
    )
    cat = catalog_with(hybrid)
    v = check(ACME["global"], hybrid, TODAY, catalog=cat)
    assert v.network_id == "xa/alpha"
    assert [(h.operator_id, h.role, h.used) for h in v.hosts] == [
        ("xa/hybrid", "own", False),
        ("xa/alpha", "primary", True),
    ]
    assert v.hosts[0].status is Status.NO_SERVICE  # why the host was used
    sa_phone = check(ZETA["global"], hybrid, TODAY, catalog=cat)
    # zeta on its own network: n77 SA, VoNR -> works 1.0, better than alpha -> own network used.
    assert sa_phone.network_id == "xa/hybrid"
    assert sa_phone.status is Status.WORKS
    assert [(h.operator_id, h.used) for h in sa_phone.hosts] == [
        ("xa/hybrid", True),
        ("xa/alpha", False),
    ]
    # an operator with no host lists no network rows at all (its own is the verdict itself)
    assert check(ACME["global"], ALPHA, TODAY, catalog=T).hosts == ()


def test_roaming_partner_is_shown_not_scored() -> None:
    op = operator(
        "xa/roamer",
        [dep("B8", "coverage")],
        networks=[net("lte", voice="volte")],
        hosts=[host("xa/alpha", role="roaming")],
    )
    cat = catalog_with(op)
    v = check(ACME["global"], op, TODAY, catalog=cat)
    assert v.network_id == "xa/roamer"
    assert [(h.operator_id, h.used) for h in v.hosts] == [("xa/alpha", False)]
    assert v.reason("roaming-partner").evidence == {"host": "xa/alpha"}
    # An MVNO with only a roaming agreement is evaluated on it.
    mvno = operator("xa/roam-only", kind="MVNO", hosts=[host("xa/beta", role="roaming")])
    assert check(ACME["global"], mvno, TODAY, catalog=catalog_with(mvno)).network_id == "xa/beta"


def test_mno_without_data_is_unknown() -> None:
    op = operator("xc/empty", [])
    v = run(ACME["global"], op)
    assert (v.status, v.codes) == (Status.UNKNOWN, ("operator-data-missing",))


# ------------------------------------------------------------------------------ every code reachable
def test_every_reason_code_is_reachable() -> None:
    emitted = {code for sc in scenarios() for code in sc.verdict().codes}
    assert emitted == set(REASON_CODES), sorted(set(REASON_CODES) ^ emitted)


def test_reasons_carry_their_declared_severity() -> None:
    for sc in scenarios():
        for r in sc.verdict().reasons:
            assert r.severity is REASON_CODES[r.code][0]


def test_rat_detail_counts() -> None:
    v = check(ACME["global"], ALPHA, TODAY, catalog=T)
    per = {d.rat: d for d in v.per_rat}
    assert per["umts"].network == "ended"
    assert per["umts"].note == "switched off on 2021-01-01"
    assert per["gsm"].note == "ends on 2030-01-01"
    assert (per["lte"].usable, per["lte"].deployments) == (5, 5)
    assert (per["nr"].usable, per["nr"].deployments) == (0, 2)  # no NR on acme global
    assert per["nr"].device_bands == ()
    assert [d.rat for d in v.per_rat] == [r.value for r in Rat if r is not Rat.CDMA]  # RAT order


def test_cross_rat_superset_shares_a_group() -> None:
    # PCS listed as LTE B2 and NR n25 (n25 = B25's ranges, which contain B2's; 130 vs 120 MHz):
    # one group whether or not B25 is listed too (shipped: us/t-mobile; likewise ca/videotron
    # B4 + n66, mx/att B4/U4 + n66, GSM900 + B8 at many European operators).
    bridged = operator(
        "xc/p", [dep("B2"), dep("B25"), dep("n25")], networks=[net("lte"), net("nr", modes=["nsa"])]
    )
    assert groups_of(bridged) == [(("B2", "B25", "n25"), 100, Layer.CAPACITY)]
    direct = operator(
        "xc/p", [dep("B2"), dep("n25")], networks=[net("lte"), net("nr", modes=["nsa"])]
    )
    assert groups_of(direct) == [(("B2", "n25"), 100, Layer.CAPACITY)]
    # B8 (925-960 / 880-915 MHz) contains GSM900 (935-960 / 890-915): one 900 MHz group.
    gsm = operator(
        "xc/g", [dep("GSM900", "coverage"), dep("B8", "coverage")], networks=[net("lte")]
    )
    assert groups_of(gsm) == [(("B8", "GSM900"), 300, Layer.COVERAGE)]


@pytest.mark.parametrize(
    ("bands", "groups"),
    [
        # outer width (DL + UL MHz) vs inner width: grouped when outer <= 4x inner
        (("n77", "n78"), [("n77", "n78")]),  # 1800 vs 1000: 1.8x
        (("B41", "B38"), [("B38", "B41")]),  # 388 vs 100: 3.88x
        (("n77", "B48"), [("B48",), ("n77",)]),  # 1800 vs 300 (CBRS): 6x -> two groups
        (("n77", "n48"), [("n48",), ("n77",)]),  # 6x
        (("B50", "B32"), [("B32",), ("B50",)]),  # B50 contains B32, 3.9x, but TDD vs SDL
        (("n75", "B32"), [("B32", "n75")]),  # both SDL, 85 vs 44 MHz
    ],
)
def test_containment_groups_need_same_duplex_and_at_most_4x_width(
    bands: tuple[str, ...], groups: list[tuple[str, ...]]
) -> None:
    # Without licence blocks, containment means "the same carriers under another label" only when
    # the outer band is not much wider: n77 (3.3-4.2 GHz) beside CBRS B48 (3.55-3.7 GHz) is two
    # different blocks (Verizon runs both), while n77 beside n78 is the same C-band spectrum.
    op = operator("xc/w", [dep(b) for b in bands])
    assert sorted(b for b, _p, _l in groups_of(op)) == groups


def test_width_rule_is_pairwise_and_groups_are_its_transitive_closure() -> None:
    # n78 (1000) contains B48 (300) within 4x, and n77 contains n78: n77 + n78 + B48 is ONE group,
    # although n77 + B48 alone is two (the 4x rule applies to pairs, union-find joins chains).
    op = operator("xc/w", [dep("n77"), dep("n78"), dep("B48")])
    assert [b for b, _p, _l in groups_of(op)] == [("B48", "n77", "n78")]
    # Licence blocks decide instead: disjoint blocks are different spectrum whatever the bands.
    blocks = operator(
        "xc/w",
        [dep("n77", block=(3700000, 3800000)), dep("B48", block=(3550000, 3600000))],
    )
    assert len(groups_of(blocks)) == 2


def test_unknown_lte_bands_give_unknown_voice() -> None:
    # LTE bands null on an LTE-only network: the status is unknown (primary RAT unknown) and so is
    # the VoLTE path (an LTE anchor may or may not be reached) — never "none".
    v = run(variant(lte=None, volte=True), BETA, "2020-01-01")
    assert (v.status, v.radio_score) == (Status.UNKNOWN, 0.0)
    assert (v.voice.status, v.voice.via) == ("unknown", None)
    assert "voice-unknown" in v.codes
    assert "voice-none" not in v.codes
    assert v.reason("device-bands-unknown").evidence == {"rat": "lte"}
