"""The bandfit exception tree.

Why one tree: callers catch :class:`BandfitError` for "anything bandfit refused", or the builtin
each subclass also inherits (``LookupError`` for unknown ids, ``ValueError`` for bad input) as
they would for any Python library. Every error carries

* a stable kebab-case ``code`` shared by the CLI, the HTTP envelope and batch reject files;
* structured ``details`` (the offending value, candidates, suggestions) so adapters never parse
  messages;
* a ``hint`` telling the user what to do next.

Errors pickle (``__reduce__`` rebuilds them from their constructor arguments) because they cross
process boundaries in Spark and multiprocessing.

An incompatible phone is a *result* (a Verdict), never an exception.

Hierarchy::

    BandfitError
    ├── UnknownBandError (LookupError)
    ├── AmbiguousBandError (ValueError)
    ├── ChannelError (ValueError)
    ├── UnknownDeviceError (LookupError)
    ├── AmbiguousDeviceError (ValueError)
    ├── UnknownVariantError (LookupError)
    ├── UnknownOperatorError (LookupError)
    ├── AmbiguousOperatorError (ValueError)
    ├── UnknownCountryError (LookupError)
    ├── InvalidImeiError (ValueError)
    ├── InvalidDateError (ValueError)
    ├── InvalidInputError (ValueError)
    ├── SpecSheetParseError (ValueError)
    ├── CatalogError (ValueError)
    ├── InfeasiblePlanError (ValueError)
    ├── PlanTimeoutError (ValueError)
    ├── BackendUnavailableError (RuntimeError)
    └── ReconciliationError (RuntimeError)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar

__all__ = [
    "AmbiguousBandError",
    "AmbiguousDeviceError",
    "AmbiguousOperatorError",
    "BackendUnavailableError",
    "BandfitError",
    "CatalogError",
    "ChannelError",
    "InfeasiblePlanError",
    "InvalidDateError",
    "InvalidImeiError",
    "InvalidInputError",
    "PlanTimeoutError",
    "ReconciliationError",
    "SpecSheetParseError",
    "UnknownBandError",
    "UnknownCountryError",
    "UnknownDeviceError",
    "UnknownOperatorError",
    "UnknownVariantError",
    "all_error_classes",
]


def _restore(
    cls: type[BandfitError], args: tuple[Any, ...], kwargs: dict[str, Any]
) -> BandfitError:
    return cls(*args, **kwargs)


def _quoted(items: Iterable[str]) -> str:
    return ", ".join(repr(i) for i in items)


class BandfitError(Exception):
    """Base class of every error bandfit raises on purpose."""

    code: ClassVar[str] = "bandfit-error"
    _init_args: tuple[Any, ...]
    _init_kwargs: dict[str, Any]

    def __new__(cls, *args: Any, **kwargs: Any) -> BandfitError:
        self = super().__new__(cls, *args)
        self._init_args = args
        self._init_kwargs = kwargs
        return self

    def __init__(
        self, message: str, *, hint: str | None = None, details: Mapping[str, Any] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.details: dict[str, Any] = dict(details or {})

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore, (type(self), self._init_args, self._init_kwargs))

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message

    def to_dict(self) -> dict[str, Any]:
        """Return the wire form used by the HTTP envelope and batch reject files."""
        details = dict(self.details)
        if self.hint:
            details.setdefault("hint", self.hint)
        return {"code": self.code, "message": self.message, "details": details}


class UnknownBandError(BandfitError, LookupError):
    """A band name or id that is not in the registry."""

    code = "unknown-band"

    def __init__(self, value: str, *, suggestions: Sequence[str] = ()) -> None:
        self.value = value
        self.suggestions = tuple(suggestions)
        hint = (
            f"did you mean {_quoted(self.suggestions)}?"
            if self.suggestions
            else "run `bandfit bands` to list known bands"
        )
        super().__init__(
            f"unknown band {value!r}",
            hint=hint,
            details={"value": value, "suggestions": list(self.suggestions)},
        )


class AmbiguousBandError(BandfitError, ValueError):
    """A name or channel that matches several bands; we list them instead of guessing."""

    code = "ambiguous-band"

    def __init__(self, value: str, *, candidates: Sequence[str], hint: str | None = None) -> None:
        self.value = value
        self.candidates = tuple(candidates)
        super().__init__(
            f"{value!r} is ambiguous: it may be {_quoted(self.candidates)}",
            hint=hint or "name the band explicitly or give a country/region hint",
            details={"value": value, "candidates": list(self.candidates)},
        )


class ChannelError(BandfitError, ValueError):
    """A channel number or frequency outside the valid range or off the raster."""

    code = "invalid-channel"

    def __init__(
        self,
        kind: str,
        value: int | float | str,
        *,
        reason: str,
        valid: str | None = None,
        nearest: Sequence[int | float] = (),
    ) -> None:
        self.kind = kind
        self.value = value
        self.reason = reason
        self.valid = valid
        self.nearest = tuple(nearest)
        hint_parts = []
        if valid:
            hint_parts.append(f"valid: {valid}")
        if self.nearest:
            hint_parts.append("nearest on raster: " + ", ".join(str(n) for n in self.nearest))
        super().__init__(
            f"{kind} {value}: {reason}",
            hint="; ".join(hint_parts) or None,
            details={
                "kind": kind,
                "value": value,
                "reason": reason,
                "valid": valid,
                "nearest": list(self.nearest),
            },
        )


class UnknownDeviceError(BandfitError, LookupError):
    """No device matches the given name, alias, id or model number."""

    code = "unknown-device"

    def __init__(self, value: str, *, suggestions: Sequence[str] = ()) -> None:
        self.value = value
        self.suggestions = tuple(suggestions)
        super().__init__(
            f"no device matches {value!r}",
            hint=(
                f"did you mean {_quoted(self.suggestions)}?"
                if self.suggestions
                else "try `bandfit devices search TEXT`"
            ),
            details={"value": value, "suggestions": list(self.suggestions)},
        )


class AmbiguousDeviceError(BandfitError, ValueError):
    """A device query matching several devices or variants; the caller must choose."""

    code = "ambiguous-device"

    def __init__(self, value: str, *, candidates: Sequence[str]) -> None:
        self.value = value
        self.candidates = tuple(candidates)
        super().__init__(
            f"{value!r} matches {len(self.candidates)} devices/variants: {_quoted(self.candidates)}",
            hint="use a device id (brand/model), add --variant, or give a model number",
            details={"value": value, "candidates": list(self.candidates)},
        )


class UnknownVariantError(BandfitError, LookupError):
    """The device exists but has no variant of that id, name or model number."""

    code = "unknown-variant"

    def __init__(self, device: str, value: str, *, available: Sequence[str] = ()) -> None:
        self.device = device
        self.value = value
        self.available = tuple(available)
        super().__init__(
            f"device {device!r} has no variant {value!r}",
            hint=f"available: {_quoted(self.available)}" if self.available else None,
            details={"device": device, "value": value, "available": list(self.available)},
        )


class UnknownOperatorError(BandfitError, LookupError):
    """No operator matches the given id, name, brand or PLMN."""

    code = "unknown-operator"

    def __init__(self, value: str, *, suggestions: Sequence[str] = ()) -> None:
        self.value = value
        self.suggestions = tuple(suggestions)
        super().__init__(
            f"no operator matches {value!r}",
            hint=(
                f"did you mean {_quoted(self.suggestions)}?"
                if self.suggestions
                else "try `bandfit operators list --country CC`"
            ),
            details={"value": value, "suggestions": list(self.suggestions)},
        )


class AmbiguousOperatorError(BandfitError, ValueError):
    """An operator name or brand used in several countries (Vodafone, Claro...)."""

    code = "ambiguous-operator"

    def __init__(self, value: str, *, candidates: Sequence[str]) -> None:
        self.value = value
        self.candidates = tuple(candidates)
        super().__init__(
            f"{value!r} matches {len(self.candidates)} operators: {_quoted(self.candidates)}",
            hint=f"use an operator id, e.g. {self.candidates[0]}" if self.candidates else None,
            details={"value": value, "candidates": list(self.candidates)},
        )


class UnknownCountryError(BandfitError, LookupError):
    """A country that is neither an ISO 3166-1 alpha-2 or alpha-3 code nor an English name
    bandfit knows.

    A real country with no operators in the catalog is not this error: its operator list is
    empty. ``names`` (code -> country name) shows each suggestion with its name, so a close
    name that is the wrong country is seen as wrong.
    """

    code = "unknown-country"

    def __init__(
        self, value: str, *, suggestions: Sequence[str] = (), names: Mapping[str, str] | None = None
    ) -> None:
        self.value = value
        self.suggestions = tuple(suggestions)
        self.names = dict(names or {})
        shown = ", ".join(
            f"{c!r} ({self.names[c]})" if c in self.names else repr(c) for c in self.suggestions
        )
        hint = (
            f"did you mean {shown}?"
            if self.suggestions
            else "use an ISO 3166-1 code such as US (or USA), GB, CN, or an English name "
            "such as Germany"
        )
        super().__init__(
            f"unknown country {value!r}: bandfit knows no country by that ISO 3166-1 code "
            "or English name",
            hint=hint,
            details={"value": value, "suggestions": list(self.suggestions)},
        )


class InvalidImeiError(BandfitError, ValueError):
    """An IMEI that is not 14-16 digits or fails its Luhn check digit."""

    code = "invalid-imei"

    def __init__(self, value: str, *, reason: str, expected_check_digit: int | None = None) -> None:
        self.value = value
        self.reason = reason
        self.expected_check_digit = expected_check_digit
        hint = (
            f"the Luhn check digit for these 14 digits is {expected_check_digit}"
            if expected_check_digit is not None
            else "an IMEI is 15 digits (14 + Luhn check digit); IMEISV is 16"
        )
        super().__init__(
            f"invalid IMEI {value!r}: {reason}",
            hint=hint,
            details={
                "value": value,
                "reason": reason,
                "expected_check_digit": expected_check_digit,
            },
        )


class InvalidDateError(BandfitError, ValueError):
    """A date that is not ISO 8601 (YYYY-MM-DD), or an ISO-shaped one that is no real day.

    ``reason`` says which part is out of range (``February 2022 has 28 days``) when the format
    was right, so the user is not sent to reread the format; ``hint`` then names the valid
    range or the nearest real day.
    """

    code = "invalid-date"

    def __init__(self, value: str, *, reason: str | None = None, hint: str | None = None) -> None:
        self.value = value
        self.reason = reason
        super().__init__(
            f"invalid date {value!r}: {reason}" if reason else f"invalid date {value!r}",
            hint=hint or "use ISO 8601, e.g. 2022-02-22",
            details={"value": value, "reason": reason},
        )


class InvalidInputError(BandfitError, ValueError):
    """An argument or input file the caller must fix (wrong column, bad option value, ...)."""

    code = "invalid-input"

    def __init__(self, message: str, *, hint: str | None = None, value: object = None) -> None:
        self.value = value
        super().__init__(message, hint=hint, details={"value": value} if value is not None else {})


class SpecSheetParseError(BandfitError, ValueError):
    """Spec-sheet text of which nothing usable could be parsed."""

    code = "specsheet-parse-error"

    def __init__(self, text: str, *, fragments: Sequence[str] = ()) -> None:
        self.text = text
        self.fragments = tuple(fragments)
        super().__init__(
            f"could not parse spec-sheet text {text[:60]!r}",
            hint="expected GSMArena-style band lists such as '1, 3, 7, 20 - Global'",
            details={"text": text, "unparsed_fragments": list(self.fragments)},
        )


class CatalogError(BandfitError, ValueError):
    """Catalog data that failed validation; ``problems`` lists every one, with file and place."""

    code = "invalid-catalog"

    def __init__(self, problems: Sequence[str], *, source: str = "catalog") -> None:
        self.problems = tuple(problems)
        self.source = source
        head = f"{source}: {len(self.problems)} problem(s)"
        shown = "\n".join(f"  - {p}" for p in self.problems[:50])
        more = f"\n  ... and {len(self.problems) - 50} more" if len(self.problems) > 50 else ""
        super().__init__(
            f"{head}\n{shown}{more}",
            hint="run `bandfit data validate` for the full report",
            details={"source": source, "problems": list(self.problems)},
        )


class InfeasiblePlanError(BandfitError, ValueError):
    """Planner constraints that no band set can satisfy; ``conflicts`` names them."""

    code = "infeasible-plan"

    def __init__(self, conflicts: Sequence[str]) -> None:
        self.conflicts = tuple(conflicts)
        super().__init__(
            "no band set satisfies the constraints: " + "; ".join(self.conflicts),
            hint="relax one of the conflicting constraints",
            details={"conflicts": list(self.conflicts)},
        )


class PlanTimeoutError(BandfitError, ValueError):
    """A planner solve that hit its time limit before finding any band set (not infeasibility).

    A ``ValueError`` like :class:`InfeasiblePlanError`: the limit is the caller's argument, and
    raising it is the fix (HTTP 422).
    """

    code = "plan-timeout"

    def __init__(self, time_limit: float, *, solver_message: str = "") -> None:
        self.time_limit = time_limit
        self.solver_message = solver_message
        super().__init__(
            f"the MILP solver reached its time limit of {time_limit:g} s per solve before "
            "finding any band set",
            hint="raise time_limit (seconds per MILP solve; CLI --time-limit) or plan a smaller market",
            details={"time_limit": time_limit, "solver_message": solver_message},
        )


class BackendUnavailableError(BandfitError, RuntimeError):
    """An optional engine (DuckDB, Spark, SciPy, FastAPI...) is not installed or cannot start."""

    code = "backend-unavailable"

    def __init__(self, backend: str, *, reason: str, install: str | None = None) -> None:
        self.backend = backend
        self.reason = reason
        self.install = install
        super().__init__(
            f"{backend} is unavailable: {reason}",
            hint=f"install it with: pip install {install}" if install else None,
            details={"backend": backend, "reason": reason},
        )


class ReconciliationError(BandfitError, RuntimeError):
    """A batch job whose counts do not add up (input rows != accepted + rejected)."""

    code = "reconciliation-failed"

    def __init__(self, *, input_rows: int, accepted: int, rejected: int) -> None:
        self.input_rows = input_rows
        self.accepted = accepted
        self.rejected = rejected
        super().__init__(
            f"input rows {input_rows} != accepted {accepted} + rejected {rejected}",
            hint="this is a bug in bandfit; please report it with the input",
            details={"input_rows": input_rows, "accepted": accepted, "rejected": rejected},
        )


def all_error_classes() -> tuple[type[BandfitError], ...]:
    """Return every concrete error class (for docs and the HTTP/CLI mapping tests)."""
    found: list[type[BandfitError]] = []
    stack: list[type[BandfitError]] = [BandfitError]
    while stack:
        cls = stack.pop()
        found.append(cls)
        stack.extend(cls.__subclasses__())
    return tuple(sorted(found, key=lambda c: c.__name__))
