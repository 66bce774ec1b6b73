"""The exception tree: stable codes, the right builtins, structured details, and pickling.

Errors cross process boundaries (Spark, multiprocessing), so every class must survive
``pickle.loads(pickle.dumps(e))`` with its message, details and fields intact.
"""

from __future__ import annotations

import json
import pickle
import re

import pytest

import bandfit.errors as errors_module
from bandfit.errors import (
    AmbiguousBandError,
    AmbiguousDeviceError,
    AmbiguousOperatorError,
    BackendUnavailableError,
    BandfitError,
    CatalogError,
    ChannelError,
    InfeasiblePlanError,
    InvalidDateError,
    InvalidImeiError,
    InvalidInputError,
    PlanTimeoutError,
    ReconciliationError,
    SpecSheetParseError,
    UnknownBandError,
    UnknownCountryError,
    UnknownDeviceError,
    UnknownOperatorError,
    UnknownVariantError,
    all_error_classes,
)

# The builtin each class must also be (None: only Exception, via BandfitError).
BUILTIN: dict[str, type[Exception] | None] = {
    "BandfitError": None,
    "UnknownBandError": LookupError,
    "AmbiguousBandError": ValueError,
    "ChannelError": ValueError,
    "UnknownDeviceError": LookupError,
    "AmbiguousDeviceError": ValueError,
    "UnknownVariantError": LookupError,
    "UnknownOperatorError": LookupError,
    "AmbiguousOperatorError": ValueError,
    "UnknownCountryError": LookupError,
    "InvalidImeiError": ValueError,
    "InvalidDateError": ValueError,
    "InvalidInputError": ValueError,
    "SpecSheetParseError": ValueError,
    "CatalogError": ValueError,
    "InfeasiblePlanError": ValueError,
    "PlanTimeoutError": ValueError,
    "BackendUnavailableError": RuntimeError,
    "ReconciliationError": RuntimeError,
}

# Representative instances: every constructor argument used, including the optional ones.
SAMPLES: dict[str, list[BandfitError]] = {
    "BandfitError": [BandfitError("something failed", hint="try again", details={"value": 1})],
    "UnknownBandError": [
        UnknownBandError("B99", suggestions=["B9", "n99"]),
        UnknownBandError("xyz"),
    ],
    "AmbiguousBandError": [
        AmbiguousBandError("PCS", candidates=["GSM1900", "B2", "n2"], hint="give rat="),
        AmbiguousBandError("ARFCN 512", candidates=("GSM1800", "GSM1900")),
    ],
    "ChannelError": [
        ChannelError("EARFCN", 262_144, reason="not assigned to any E-UTRA band", valid="0-262143"),
        ChannelError(
            "NR-ARFCN", 24_250_005, reason="off the 15 kHz global raster", nearest=[2_016_666]
        ),
        ChannelError(
            "GSCN", 2373.76, reason="not an SS raster frequency", valid=None, nearest=(5934,)
        ),
    ],
    "UnknownDeviceError": [
        UnknownDeviceError("Pixel 99", suggestions=["google/pixel"]),
        UnknownDeviceError("x"),
    ],
    "AmbiguousDeviceError": [
        AmbiguousDeviceError(
            "galaxy s24", candidates=["samsung/galaxy-s24", "samsung/galaxy-s24-plus"]
        )
    ],
    "UnknownVariantError": [
        UnknownVariantError("apple/iphone-15", "A9999", available=["A2846", "A3090"]),
        UnknownVariantError("apple/iphone-15", "A9999"),
    ],
    "UnknownOperatorError": [UnknownOperatorError("us/foo", suggestions=["us/att"])],
    "AmbiguousOperatorError": [
        AmbiguousOperatorError("Vodafone", candidates=["gb/vodafone", "de/vodafone"]),
        AmbiguousOperatorError("Claro", candidates=[]),
    ],
    "UnknownCountryError": [
        UnknownCountryError("XX", suggestions=("XK",)),
        UnknownCountryError("Narnia"),
        UnknownCountryError("USA", suggestions=["US"], names={"US": "United States"}),
        UnknownCountryError("XXX"),
    ],
    "InvalidImeiError": [
        InvalidImeiError("35390406123456", reason="check digit missing", expected_check_digit=7),
        InvalidImeiError("12ab", reason="not digits"),
    ],
    "InvalidDateError": [
        InvalidDateError("2022-13-45"),
        InvalidDateError(
            "2022-02-30",
            reason="February 2022 has 28 days",
            hint="the last day of February 2022 is 2022-02-28",
        ),
    ],
    "InvalidInputError": [
        InvalidInputError(
            "column 'imei' is missing", hint="name a column --imei-column", value="tac"
        ),
        InvalidInputError("bad option"),
    ],
    "SpecSheetParseError": [SpecSheetParseError("LTE: lots of bands", fragments=["lots of bands"])],
    "CatalogError": [
        CatalogError(["data/devices/x.yaml:3: unknown band B99"], source="devices"),
        CatalogError([f"problem {i}" for i in range(60)]),
    ],
    "InfeasiblePlanError": [InfeasiblePlanError(["must have B12", "forbid B12"])],
    "PlanTimeoutError": [PlanTimeoutError(0.5, solver_message="Time limit reached")],
    "BackendUnavailableError": [
        BackendUnavailableError("duckdb", reason="not installed", install="duckdb"),
        BackendUnavailableError("spark", reason="no JVM"),
    ],
    "ReconciliationError": [ReconciliationError(input_rows=10, accepted=7, rejected=2)],
}

CLASSES = all_error_classes()
CASES = [(type(e).__name__, e) for samples in SAMPLES.values() for e in samples]


def test_every_class_has_expectations_and_samples() -> None:
    names = {c.__name__ for c in CLASSES}
    assert names == set(BUILTIN), "add new error classes to BUILTIN (and SAMPLES) in this test"
    assert names == set(SAMPLES)
    assert all(type(e).__name__ == name for name, samples in SAMPLES.items() for e in samples)


def test_all_error_classes_are_exported_and_documented() -> None:
    for cls in CLASSES:
        assert cls.__name__ in errors_module.__all__
        assert cls.__name__ in (errors_module.__doc__ or ""), (
            f"{cls.__name__} missing from the hierarchy docstring"
        )
        assert cls.__doc__, f"{cls.__name__} has no docstring"


def test_codes_are_unique_kebab_case() -> None:
    codes = [cls.code for cls in CLASSES]
    assert len(codes) == len(set(codes)), codes
    for cls in CLASSES:
        assert re.fullmatch(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*", cls.code), cls.__name__
        assert "code" in vars(cls), f"{cls.__name__} inherits its code instead of defining one"


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_inherits_the_builtin_it_means(cls: type[BandfitError]) -> None:
    assert issubclass(cls, BandfitError)
    assert issubclass(cls, Exception)
    builtin = BUILTIN[cls.__name__]
    if builtin is not None:
        assert issubclass(cls, builtin)
    for other in {LookupError, ValueError, RuntimeError} - {builtin}:
        assert not issubclass(cls, other), f"{cls.__name__} is also a {other.__name__}"


def _fields(err: BaseException) -> dict[str, object]:
    return {k: v for k, v in vars(err).items() if not k.startswith("_")}


@pytest.mark.parametrize(("name", "err"), CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_pickles_round_trip(name: str, err: BandfitError, protocol: int) -> None:
    back = pickle.loads(pickle.dumps(err, protocol=protocol))
    assert type(back) is type(err)
    assert back.message == err.message
    assert back.details == err.details
    assert back.hint == err.hint
    assert str(back) == str(err)
    assert back.args == err.args
    assert back.code == err.code
    assert _fields(back) == _fields(err)
    assert back.to_dict() == err.to_dict()


@pytest.mark.parametrize(("name", "err"), CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_wire_form(name: str, err: BandfitError) -> None:
    wire = err.to_dict()
    assert set(wire) == {"code", "message", "details"}
    assert wire["code"] == err.code
    assert wire["message"] == err.message
    json.dumps(wire)  # the HTTP envelope and reject files are JSON
    if err.hint:
        assert wire["details"]["hint"] == err.hint
    assert str(err).startswith(err.message)
    with pytest.raises(BandfitError):
        raise err


def test_structured_fields() -> None:
    err = ChannelError(
        "NR-ARFCN", 24_250_005, reason="off raster", valid="0-3279165", nearest=[2_016_666]
    )
    assert (err.kind, err.value, err.reason, err.valid, err.nearest) == (
        "NR-ARFCN", 24_250_005, "off raster", "0-3279165", (2_016_666,),
    )  # fmt: skip
    assert err.details["nearest"] == [2_016_666]
    assert "nearest on raster: 2016666" in str(err)
    amb = AmbiguousBandError("PCS", candidates=["B2", "n2"])
    assert amb.candidates == ("B2", "n2")
    assert "'B2', 'n2'" in amb.message
    unknown = UnknownBandError("B99", suggestions=["B9"])
    assert "did you mean 'B9'?" in str(unknown)
    catalog = CatalogError([f"p{i}" for i in range(60)])
    assert "and 10 more" in catalog.message
    assert len(catalog.details["problems"]) == 60


# ------------------------------------------------------------------ as_date: say what is wrong
@pytest.mark.parametrize(
    ("text", "reason", "hint"),
    [
        ("2022-02-30", "February 2022 has 28 days", "2022-02-28"),
        ("2023-02-29", "February 2023 has 28 days", "2023-02-28"),
        ("2024-02-30", "February 2024 has 29 days", "2024-02-29"),
        ("2022-04-31", "April 2022 has 30 days", "2022-04-30"),
        ("20220230", "February 2022 has 28 days", "2022-02-28"),
        ("2022-13-01", "month 13 is not 01-12", "did you mean 2022-01-13?"),
        ("2022-31-02", "month 31 is not 01-12", "months run 01-12"),  # 2022-02-31 no day either
        ("2022-00-10", "month 00 is not 01-12", "01-12"),
        ("2022-01-00", "day 00 is not a day of the month", "2022-01-01"),
        ("0000-01-01", "year 0000 is not 0001-9999", "0001-9999"),
        ("2022-W53-1", "2022 has 52 ISO weeks", "2022-W52"),
        ("2022-W00-1", "week 00 is not 01-52", "2022-W52"),
        ("2022-W08-8", "weekday 8 is not 1-7", "Monday"),
    ],
)
def test_as_date_says_which_part_is_out_of_range(text: str, reason: str, hint: str) -> None:
    """`--on 2022-02-30` used to say only "invalid date" with an ISO 8601 hint: the format was
    right, the day does not exist, so the message now says which part is out of range."""
    from bandfit._types import as_date

    with pytest.raises(InvalidDateError) as info:
        as_date(text)
    err = info.value
    assert err.message == f"invalid date {text!r}: {reason}"
    assert err.value == text
    assert err.details["reason"] == reason
    assert hint in (err.hint or "")
    assert "ISO 8601" not in (err.hint or "")  # the format was right


@pytest.mark.parametrize(
    "text", ["yesterday", "2022/02/22", "22-02-2022", "2022-2-3", "", "2022-0230"]
)
def test_as_date_not_iso_shaped_keeps_the_format_hint(text: str) -> None:
    from bandfit._types import as_date

    with pytest.raises(InvalidDateError) as info:
        as_date(text)
    assert info.value.message == f"invalid date {text!r}"
    assert info.value.hint == "use ISO 8601, e.g. 2022-02-22"


@pytest.mark.parametrize(
    "text", ["2022-02-28", "20220228", "2022-W08-1", "2022W081", "2022-W08", " 2024-02-29 "]
)
def test_as_date_accepted_formats_are_unchanged(text: str) -> None:
    import datetime as dt

    from bandfit._types import as_date

    assert as_date(text) == dt.date.fromisoformat(text.strip())
