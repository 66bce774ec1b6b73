"""Golden scenarios on the SHIPPED catalog: real phones on real networks on real dates.

Each test states the facts from ``data/`` it relies on, so a failing assertion says which fact
(or which rule) changed. Numbers are the integer layer points of the engine (coverage 300,
capacity 100, supplemental 50, boost 25; see docs/concepts/verdicts-and-scores.md) summed over
spectrum groups; a score is covered points / total points of the operator on that date.

Operator facts used (data/operators/us/*.yaml, data/operators/gb/ee.yaml):

* us/att — LTE coverage B12+B17 (one 700 MHz group: B12 ⊇ B17), B14 (FirstNet), B5 (+n5 DSS,
  +U5 until 2022-02-22: one 850 MHz group); SDL B29; capacity B2 (+U2), B4+B66, B30; NR n77
  from 2022-01-19; mmWave n260, n261. GSM ended 2017-01-01, UMTS 2022-02-22. VoLTE; a VoLTE
  whitelist policy (no start date). Totals: 1300 points on 2019-06-01, 1400 on 2026-11-21.
* us/verizon — B13 coverage, B5(+n5, +BC0 until 2022-12-31) coverage, B2(+n2, +BC1), B4/B66/n66,
  B48, n77 from 2022-01-19, B46 LAA (supplemental), n260, n261; CDMA ended 2022-12-31; VoLTE;
  device-certification policy. n77 contains B48 but is 6x as wide (1800 vs 300 MHz, DL + UL), more
  than the 4x grouping limit, so C-band and CBRS are two groups. Totals: 1000 (2019-06-01), 1100
  (2026-11-21).
* us/t-mobile — B71+n71 coverage (label "B71/n71": LTE first), B12 coverage, B5 coverage
  *inferred* (candidates B5/B26) with weight 0.5 (50 points; in 2019 it shares a group with GSM850,
  which weighs 300), PCS group (B2/B25/n25 — n25 contains B2 — plus U2 and GSM1900 while live), AWS
  group (B4/B66/n66, +U4), B41+n41 from 2020-04-01, mmWave n258/n260/n261; GSM until 2026-08-03,
  UMTS until 2022-07-01; VoLTE; SA from 2020-08-04; refuses non-VoLTE activations from 2020-08-04.
  Totals: 1175 (2019), 1025 (2026).
* us/cricket — MVNO on us/att since 2014-03-13; refuses non-VoLTE activations from 2020-07-01.
* gb/ee — B20 and B28(+n28, same block: label "B28/n28") coverage, GSM1800 (+B3/n3), B1(+n1),
  B7(+n7), B38, n78;
  GSM live (no end date), UMTS ended 2024-02-26; LTE voice not in the data. Total 1100.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bandfit.catalog import default_catalog
from bandfit.catalog.load import Catalog
from bandfit.catalog.model import Device, Variant
from bandfit.compat import Status, Verdict, check, check_country

pytestmark = pytest.mark.shipped_data

THEN, NOW = "2019-06-01", "2026-11-21"


@pytest.fixture(scope="module")
def cat() -> Catalog:
    return default_catalog()


def verdict(cat: Catalog, query: str, operator: str, on: str) -> Verdict:
    dev, var = cat.resolve(query)
    return check(var, cat.operator(operator), on, catalog=cat, device=dev)


def missing(v: Verdict) -> list[tuple[str, str, float]]:
    return [(m.label, m.layer, m.cost) for m in v.missing]


# ------------------------------------------------------------------------------ Xiaomi Mi 8 (M1803E1A)
# data/devices/xiaomi/mi-8.yaml, variant global-china: GSM 850/900/1800/1900, UMTS U1 U2 U4 U5 U8,
# LTE B1 B2 B3 B4 B5 B7 B8 B12 B17 B20 B34 B38 B39 B40 B41, no NR, CDMA unknown (null), and no
# voice block at all -> VoLTE *unknown*.


def test_mi8_resolves_to_the_global_variant(cat: Catalog) -> None:
    dev, var = cat.resolve("M1803E1A")
    assert (dev.id, var.id) == ("xiaomi/mi-8", "global-china")
    assert var.voice.volte is None
    assert var.bands.cdma is None
    assert "B13" not in var.bands.lte
    assert "B71" not in var.bands.lte
    assert "B14" not in var.bands.lte


def test_mi8_on_att_2019_voice_over_3g(cat: Catalog) -> None:
    """2019: AT&T's 3G is live (until 2022-02-22), so calls go over UMTS (U5/U2) whatever VoLTE does.

    Missing: B14 (300), B30 (100), B29 SDL (50), n260/n261 (25 each) = 500 of 1300 -> 800/1300.
    Not "works": the B14 coverage layer is missing and the score is < 0.9.
    """
    v = verdict(cat, "M1803E1A", "us/att", THEN)
    assert v.status is Status.WORKS_WITH_GAPS
    assert v.radio_score == 800 / 1300
    assert (v.voice.status, v.voice.via) == ("ok", "cs")
    assert missing(v) == [
        ("B14", "coverage", 300 / 1300),
        ("B30", "capacity", 100 / 1300),
        ("B29", "supplemental", 50 / 1300),
        ("n260", "boost", 25 / 1300),
        ("n261", "boost", 25 / 1300),
    ]
    assert {"coverage-layer-missing", "voice-legacy", "network-sunset-ahead"} <= set(v.codes)
    ahead = v.reason("network-sunset-ahead")
    assert ahead.evidence == {"rat": "umts", "until": "2022-02-22"}
    # GSM (which the Mi 8 has) ended in 2017: reported as a sunset.
    assert v.reason("network-sunset").evidence == {"rat": "gsm", "until": "2017-01-01"}


def test_mi8_on_att_today_voice_depends_on_unknown_volte(cat: Catalog) -> None:
    """2026: no 3G any more, so calls need VoLTE — which the catalog does not record for the Mi 8.

    Voice is therefore *unknown* (not ok). n77 (100) is now live and missing too: 800/1400.
    """
    v = verdict(cat, "M1803E1A", "us/att", NOW)
    assert v.status is Status.WORKS_WITH_GAPS
    assert v.radio_score == 800 / 1400
    assert v.voice.status == "unknown"
    assert v.voice.via is None
    assert "voice-unknown" in v.codes
    assert "voice-legacy" not in v.codes
    assert [r.evidence["rat"] for r in v.reasons if r.code == "network-sunset"] == ["gsm", "umts"]
    assert [m.label for m in v.missing] == ["B14", "B30", "n77", "B29", "n260", "n261"]


def test_missing_b14_is_not_called_missing_700mhz(cat: Catalog) -> None:
    """The Mi 8 reaches AT&T's 700 MHz through B12/B17; only the B14 block is missing.

    The SDL B29 is a different layer (700 MHz downlink only), so it keeps the plain wording.
    """
    messages = {m.label: m.message for m in verdict(cat, "M1803E1A", "us/att", NOW).missing}
    assert messages["B14"] == (
        "no B14: AT&T Mobility 700 MHz through B12/B17 only — weaker indoors and rural"
    )
    assert messages["B29"].startswith("no B29: no AT&T Mobility 700 MHz supplemental downlink")
    assert messages["B30"].startswith("no B30: no AT&T Mobility 2300 MHz capacity")


@pytest.mark.parametrize(("on", "total", "extra"), [(THEN, 1000, []), (NOW, 1100, ["n77"])])
def test_mi8_on_verizon_b13_missing_first(
    cat: Catalog, on: str, total: int, extra: list[str]
) -> None:
    """Verizon's primary coverage layer is B13, which the Mi 8 lacks: the costliest missing layer.

    Covered: the 850 MHz group (300, via B5), PCS (100), AWS (100) = 500. CDMA bands are unknown
    (device-bands-unknown, a warning; LTE is the primary RAT so the verdict is not "unknown").
    Status "works with gaps": a coverage layer (850) is usable; in 2026 the score is 500/1100 <
    0.5, yet one usable coverage layer is enough for "works with gaps".
    """
    v = verdict(cat, "M1803E1A", "us/verizon", on)
    assert v.status is Status.WORKS_WITH_GAPS
    assert v.radio_score == 500 / total
    first = v.missing[0]
    assert (first.label, first.layer, first.cost) == ("B13", "coverage", 300 / total)
    assert [m.label for m in v.missing] == ["B13", "B48", *extra, "B46", "n260", "n261"]
    assert v.admission.status == "unverified"
    assert "certification-unverified" in v.codes
    assert v.voice.status == "unknown"
    if on == THEN:
        assert v.reason("device-bands-unknown").evidence == {"rat": "cdma"}
    else:  # CDMA ended 2022-12-31: its unknown bands no longer matter
        assert "device-bands-unknown" not in v.codes


def test_mi8_on_tmobile_2019_missing_600mhz(cat: Catalog) -> None:
    """T-Mobile's 600 MHz (B71 and n71, one group) is missing; 2G/3G carry calls in 2019.

    The inferred B5 deployment (B5 or B26) shares its group with GSM850, which the Mi 8 has, so
    the 850 MHz group is usable anyway. Covered: 1175 - 300 - 3x25 = 800.
    """
    v = verdict(cat, "M1803E1A", "us/t-mobile", THEN)
    assert v.status is Status.WORKS_WITH_GAPS
    assert v.radio_score == 800 / 1175
    assert missing(v)[0] == ("B71/n71", "coverage", 300 / 1175)
    assert [m.label for m in v.missing] == ["B71/n71", "n258", "n260", "n261"]
    assert (v.voice.status, v.voice.via) == ("ok", "cs")
    assert sorted(r.evidence["rat"] for r in v.reasons if r.code == "network-sunset-ahead") == [
        "gsm",
        "umts",
    ]
    assert "inferred-deployment" in v.codes


def test_mi8_on_tmobile_today(cat: Catalog) -> None:
    """2026: GSM and UMTS are gone. B71/n71 still missing; B5 is now alone in its group and
    inferred (B5 or B26, weight 0.5 = 50 points): the Mi 8 has B5 but not B26, so that coverage
    group is *unknown* (not counted, not listed as missing). Covered: B12 (300) + PCS + AWS +
    B41/n41 (100 each) = 600 of 1025.

    T-Mobile refuses non-VoLTE activations and the Mi 8's VoLTE is unknown: admission unknown.
    """
    v = verdict(cat, "M1803E1A", "us/t-mobile", NOW)
    assert v.status is Status.WORKS_WITH_GAPS
    assert v.radio_score == 600 / 1025
    assert [m.label for m in v.missing] == ["B71/n71", "n258", "n260", "n261"]
    assert "B5" not in {b for m in v.missing for b in m.bands}
    assert "cannot be told" in v.reason("inferred-deployment").message
    assert v.admission.status == "unknown"
    assert {"activation-unverified", "voice-unknown"} <= set(v.codes)


# ------------------------------------------------------------------------------ iPhone 15 Pro Max A2849
# data/devices/apple/iphone-15-pro-max.yaml, variant a2849 (US): every US band incl. B13 B14 B29
# B30 B46 B48 B66 B71, n5 n77 n258 n260 n261 ...; NSA+SA; VoLTE true; VoNR unknown; certified_on [].


@pytest.mark.parametrize("operator", ["us/att", "us/verizon", "us/t-mobile"])
def test_us_iphone_covers_every_deployment(cat: Catalog, operator: str) -> None:
    v = verdict(cat, "A2849", operator, NOW)
    assert v.radio_score == 1.0
    assert v.missing == ()
    assert "market-mismatch" not in v.codes


def test_us_iphone_status_caps_explained(cat: Catalog) -> None:
    """Score 1.0 everywhere; what keeps AT&T and Verizon at "works with gaps" is admission data.

    * AT&T: VoLTE whitelist, and the catalog does not document the A2849 as whitelisted (its
      certified_on is empty) -> voice "unverified" (volte-whitelist-unverified).
    * Verizon: device certification, not documented -> admission "unverified".
    * T-Mobile: refuses non-VoLTE devices; the iPhone has VoLTE -> admitted; works.
    """
    att = verdict(cat, "A2849", "us/att", NOW)
    assert att.status is Status.WORKS_WITH_GAPS
    assert (att.voice.status, att.voice.via) == ("unverified", "volte")
    assert "volte-whitelist-unverified" in att.codes
    assert att.admission.status == "ok"
    vz = verdict(cat, "A2849", "us/verizon", NOW)
    assert vz.status is Status.WORKS_WITH_GAPS
    assert (vz.voice.status, vz.voice.via) == ("ok", "volte")
    assert vz.admission.status == "unverified"
    assert "certification-unverified" in vz.codes
    tmo = verdict(cat, "A2849", "us/t-mobile", NOW)
    assert tmo.status is Status.WORKS
    assert (tmo.voice.status, tmo.voice.via) == ("ok", "volte")
    assert tmo.admission.status == "ok"
    # B5 is inferred (B5/B26) at T-Mobile, but the iPhone has both candidates: certain.
    assert "cannot be told" not in tmo.reason("inferred-deployment").message
    for v in (att, vz, tmo):
        assert not [r for r in v.reasons if r.severity.value == "error"]


# ------------------------------------------------------------------------------ no VoLTE, AT&T 3G sunset
OLD_PHONE = """\
schema: bandfit.device/1
id: testco/old-phone
brand: TestCo
name: Old Phone
variants:
  - id: us
    name: "US (no VoLTE)"
    markets: ["US"]
    model_numbers: ["TC-OLD1"]
    bands:
      gsm: [GSM850, GSM1900]
      umts: [U2, U5]
      cdma: []
      lte: [B2, B4, B5, B12, B14, B17, B29, B30, B66]
      nr: []
    nr_modes: []
    voice: {volte: false, vonr: false}
    sources: [t]
    as_of: 2026-01-01
sources:
  t: {title: "test overlay (invented phone)", publisher: "bandfit tests"}
as_of: 2026-01-01
"""


@pytest.fixture(scope="module")
def old_phone(
    tmp_path_factory: pytest.TempPathFactory, cat: Catalog
) -> tuple[Catalog, Device, Variant]:
    root = tmp_path_factory.mktemp("overlay")
    (root / "devices" / "testco").mkdir(parents=True)
    (root / "devices" / "testco" / "old-phone.yaml").write_text(OLD_PHONE, encoding="utf-8")
    overlaid = cat.with_overlay(Path(root))
    dev, var = overlaid.resolve("TC-OLD1")
    return overlaid, dev, var


def test_no_volte_phone_on_att_before_3g_sunset(old_phone: tuple[Catalog, Device, Variant]) -> None:
    """A US phone with every AT&T LTE band but no VoLTE calls over 3G while 3G lives.

    2021-06-01: only mmWave missing (50 of 1300) -> 1250/1300 >= 0.9 with all coverage layers:
    works, calls over UMTS, and the end date of that 3G network is flagged.
    2022-02-21 (the last 3G day): n77 (from 2022-01-19) is missing too -> 1250/1400, gaps.
    """
    cat, dev, var = old_phone
    att = cat.operator("us/att")
    v = check(var, att, "2021-06-01", catalog=cat, device=dev)
    assert (v.status, v.radio_score) == (Status.WORKS, 1250 / 1300)
    assert (v.voice.status, v.voice.via) == ("ok", "cs")
    assert {"voice-legacy", "volte-not-supported", "network-sunset-ahead"} <= set(v.codes)
    last_day = check(var, att, "2022-02-21", catalog=cat, device=dev)
    assert (last_day.status, last_day.radio_score) == (Status.WORKS_WITH_GAPS, 1250 / 1400)
    assert last_day.voice.via == "cs"


def test_no_volte_phone_on_att_after_3g_sunset(old_phone: tuple[Catalog, Device, Variant]) -> None:
    """From 2022-02-22 AT&T has no 3G: no VoLTE and no legacy network -> no voice -> limited.

    The radio score does not change (UMTS shared its groups with B5/B2), only voice does.
    """
    cat, dev, var = old_phone
    v = check(var, cat.operator("us/att"), "2022-02-22", catalog=cat, device=dev)
    assert v.status is Status.LIMITED
    assert v.radio_score == 1250 / 1400
    assert (v.voice.status, v.voice.via) == ("none", None)
    assert {"voice-none", "volte-not-supported"} <= set(v.codes)
    assert v.reason("voice-none").severity.value == "error"
    assert sorted(r.evidence["rat"] for r in v.reasons if r.code == "network-sunset") == [
        "gsm",
        "umts",
    ]


def test_no_volte_phone_refused_by_cricket(old_phone: tuple[Catalog, Device, Variant]) -> None:
    # Cricket (on AT&T) refuses non-VoLTE activations from 2020-07-01: no service, even while
    # AT&T's 3G still runs.
    cat, dev, var = old_phone
    v = check(var, cat.operator("us/cricket"), "2021-06-01", catalog=cat, device=dev)
    assert v.status is Status.NO_SERVICE
    assert v.admission.status == "refused"
    assert v.network_id == "us/att"
    assert "activation-refused" in v.codes


# ------------------------------------------------------------------------------ China-only variant
# data/devices/xiaomi/mi-8-lite.yaml, variant china (M1808D2TE, markets [CN]): LTE B1 B3 B5 B7 B8
# B34 B38 B39 B40 B41 — no B2/B4/B12/B13/B14/B17/B66/B71; no NR.


def test_china_variant_in_the_us(cat: Catalog) -> None:
    dev, var = cat.resolve("M1808D2TE")
    assert var.markets == ("CN",)
    verdicts = {v.operator_id: v for v in check_country(var, "US", NOW, catalog=cat, device=dev)}
    for v in verdicts.values():
        assert "market-mismatch" in v.codes, v.operator_id
    att, vz, tmo = verdicts["us/att"], verdicts["us/verizon"], verdicts["us/t-mobile"]
    # AT&T: both 700 MHz coverage layers missing (B12/B17 and B14), 850 (B5) usable.
    assert [m.label for m in att.missing if m.layer == "coverage"] == ["B12/B17", "B14"]
    assert att.radio_score == 300 / 1400
    # Verizon: B13 missing, 850 usable.
    assert [m.label for m in vz.missing if m.layer == "coverage"] == ["B13"]
    # T-Mobile: neither 600 MHz nor B12, no PCS/AWS band; B41/n41 (100) is the only sure group, so
    # the score is 100/1025 < 0.5 with no coverage layer surely usable. But the inferred B5
    # coverage group (B5 or B26; the phone has B5 only) is *unknown*: it may be usable, so the
    # verdict is "unknown" (rule 10 with an unknown coverage group), not "limited".
    assert tmo.status is Status.UNKNOWN
    assert tmo.radio_score == 100 / 1025
    assert [m.label for m in tmo.missing if m.layer == "coverage"] == ["B12", "B71/n71"]
    # Every US network is at best "works with gaps" for this phone.
    assert all(v.status is not Status.WORKS for v in verdicts.values())


def test_china_variant_on_tmobile_is_not_self_contradictory(cat: Catalog) -> None:
    """The B5 coverage group is unknown for the China Mi 8 Lite (B5 without B26), so no reason may
    call every coverage layer unsupported: the two surely missing ones (B12, B71/n71) each get
    coverage-layer-missing, and inferred-deployment says B5 cannot be told."""
    v = verdict(cat, "M1808D2TE", "us/t-mobile", NOW)
    assert "cannot be told" in v.reason("inferred-deployment").message
    assert "no-coverage-layer" not in v.codes
    assert [r.evidence["bands"] for r in v.reasons if r.code == "coverage-layer-missing"] == [
        ["B12"],
        ["B71", "n71"],
    ]


# ------------------------------------------------------------------------------ UK phone on EE
# data/devices/sony/xperia-5-v.yaml, variant europe (XQ-DE54): GSM 850/900/1800/1900, UMTS,
# LTE incl. B1 B3 B7 B20 B28 B38, NR incl. n1 n3 n7 n28 n78; NSA+SA; voice not in the data.


def test_uk_phone_on_ee(cat: Catalog) -> None:
    """Every EE group is covered: works, 1100/1100.

    EE's LTE voice (VoLTE) is not in the data (operator-volte-unknown), but EE's 2G is live with
    no end date and the Xperia has GSM1800, so calls are "ok" over 2G. 3G ended 2024-02-26.
    """
    v = verdict(cat, "XQ-DE54", "gb/ee", NOW)
    assert (v.status, v.radio_score) == (Status.WORKS, 1.0)
    assert (v.voice.status, v.voice.via) == ("ok", "cs")
    assert {"voice-legacy", "operator-volte-unknown"} <= set(v.codes)
    assert v.reason("network-sunset").evidence == {"rat": "umts", "until": "2024-02-26"}
    assert "network-sunset-ahead" not in v.codes  # EE's 2G has no end date in the data


def test_mi8_on_ee_misses_700mhz(cat: Catalog) -> None:
    # EE's 700 MHz (B28 and n28 share the block 778-788 MHz: one group) is not on the Mi 8; n78 neither.
    v = verdict(cat, "M1803E1A", "gb/ee", NOW)
    assert missing(v) == [("B28/n28", "coverage", 300 / 1100), ("n78", "capacity", 100 / 1100)]
    assert v.radio_score == 700 / 1100


# ------------------------------------------------------------------------------ MVNO
def test_cricket_resolves_to_att(cat: Catalog) -> None:
    """Cricket is an MVNO on AT&T: the verdict is AT&T's radio network, with Cricket's own
    non-VoLTE policy added to AT&T's whitelist."""
    mvno = verdict(cat, "A2849", "us/cricket", NOW)
    mno = verdict(cat, "A2849", "us/att", NOW)
    assert (mvno.operator_id, mvno.network_id) == ("us/cricket", "us/att")
    assert mvno.reason("host-network").evidence == {"host": "us/att", "role": "primary"}
    assert (mvno.status, mvno.radio_score) == (mno.status, mno.radio_score)
    assert mvno.admission.policies == ("non-volte-activation-refused", "volte-whitelist")
    assert [(h.operator_id, h.role, h.used) for h in mvno.hosts] == [("us/att", "primary", True)]
    mi8 = verdict(cat, "M1803E1A", "us/cricket", THEN)
    assert (mi8.network_id, mi8.radio_score, mi8.voice.via) == ("us/att", 800 / 1300, "cs")


# ------------------------------------------------------------------------------ unknown data
def test_unknown_bands_give_unknown(cat: Catalog) -> None:
    """data/devices/samsung/galaxy-s23.yaml, variant usa (SM-S911U): lte/nr are null (unknown).

    LTE is Verizon's primary RAT, so the verdict is "unknown" — never a guess — with one
    device-bands-unknown reason per RAT the network uses.
    """
    dev, var = cat.resolve("SM-S911U")
    assert var.bands.lte is None
    v = check(var, cat.operator("us/verizon"), NOW, catalog=cat, device=dev)
    assert v.status is Status.UNKNOWN
    assert v.radio_score == 0.0
    assert [r.evidence["rat"] for r in v.reasons if r.code == "device-bands-unknown"] == [
        "lte",
        "nr",
    ]
    assert v.missing == ()


def test_every_shipped_variant_yields_a_verdict_on_the_big_three(cat: Catalog) -> None:
    ops = [cat.operator(o) for o in ("us/att", "us/verizon", "us/t-mobile")]
    for dev, var in cat.variants():
        for op in ops:
            v = check(var, op, NOW, catalog=cat, device=dev)
            assert 0.0 <= v.radio_score <= 1.0
            assert v.status in Status


@pytest.mark.parametrize(
    ("on", "status"),
    [("1999-01-01", Status.UNKNOWN), ("2005-01-01", Status.UNKNOWN)],
)
def test_no_lte_before_lte_existed(cat: Catalog, on: str, status: Status) -> None:
    """Deployments without a recorded start are not live before their RAT's first commercial
    launch (LTE: 2009-12-14), so a 1999 check never answers with LTE or VoLTE."""
    v = verdict(cat, "A2849", "us/verizon", on)
    assert v.status is status
    assert v.radio_score == 0.0
    lte = [d for d in v.per_rat if d.rat == "lte"]
    assert not lte or not lte[0].used_bands
    assert v.voice.via != "volte"


def test_volte_not_before_its_first_launch(cat: Catalog) -> None:
    before = verdict(cat, "A2849", "us/verizon", "2011-01-01")
    after = verdict(cat, "A2849", "us/verizon", "2013-01-01")
    assert before.voice.via != "volte"
    assert after.voice.via == "volte"


def test_sa_certification_rule_is_named_for_the_operator_that_has_it(cat: Catalog) -> None:
    """Boost's certified-devices-only standalone 5G is Boost's rule, never its host's."""
    v = verdict(cat, "CPH2415", "us/boost", "2024-06-01")
    reason = v.reason("nr-sa-certification")
    assert reason.message.startswith("Boost Mobile")
    assert "AT&T" not in reason.message
