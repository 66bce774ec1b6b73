"""Every reason code is documented in docs/concepts/verdicts-and-scores.md, and nothing stale is.

Three sources of codes are compared with the documentation's reason-code table:

* ``REASON_CODES`` (the declaration, with severities);
* the codes ``engine.py`` can emit, read from its source: string literals passed as the first
  argument of ``_reason(...)`` (including both branches of a conditional expression) and the
  literals of the mappings it looks codes up in (``_MISSING_CODE``, the voice-path mapping);
* the deciding codes ``rules._status``/``rules._cap_works`` return.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from _compat_scenarios import scenarios

import bandfit.compat.engine as engine_module
import bandfit.compat.rules as rules_module
from bandfit.compat import REASON_CODES

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "concepts" / "verdicts-and-scores.md"
CODE = re.compile(r"^[a-z]+(?:-[a-z]+)+$")


def documented() -> dict[str, str]:
    """code -> severity, from the rows of the reason-code table (``| `code` | severity | ... |``)."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## Reason codes", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([a-z-]+)` \| (info|warning|error) \|", section, flags=re.M)
    assert len(rows) == len({c for c, _s in rows}), "a code is documented twice"
    return dict(rows)


def _literals(node: ast.AST) -> set[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _literals(node.body) | _literals(node.orelse)
    return set()


def engine_codes() -> set[str]:
    """Codes passed to ``_reason(...)`` in the engine and the explainer (parsed, not run)."""
    codes: set[str] = set()
    for path in (
        Path(engine_module.__file__),
        Path(engine_module.__file__).with_name("explain.py"),
    ):
        codes |= _reason_calls(ast.parse(path.read_text(encoding="utf-8")))
    return codes


def _reason_calls(tree: ast.AST) -> set[str]:
    codes: set[str] = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "_reason"
            and node.args
        ):
            codes |= _literals(node.args[0])
        if isinstance(node, ast.Dict):  # mappings of codes: _MISSING_CODE, the voice-path codes
            values = [
                v for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
            ]
            if (
                values
                and len(values) == len(node.values)
                and all(CODE.match(v.value) for v in values)
            ):
                codes |= {v.value for v in values}
    return codes


def status_codes() -> set[str]:
    tree = ast.parse(Path(rules_module.__file__).read_text(encoding="utf-8"))
    codes: set[str] = set()
    for fn in ast.walk(tree):
        if isinstance(fn, ast.FunctionDef) and fn.name in ("_status", "_cap_works"):
            for node in ast.walk(fn):
                if isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple):
                    codes |= _literals(node.value.elts[1])
    return codes - {"works"}


def test_table_matches_reason_codes_exactly() -> None:
    docs = documented()
    assert set(docs) == set(REASON_CODES), {
        "undocumented": sorted(set(REASON_CODES) - set(docs)),
        "stale": sorted(set(docs) - set(REASON_CODES)),
    }
    for code, severity in docs.items():
        assert severity == REASON_CODES[code][0].value, code


def test_every_code_the_engine_emits_is_declared_and_documented() -> None:
    codes = engine_codes()
    assert len(codes) >= 30  # the parse found the calls (guards against a silent no-op)
    assert codes <= set(REASON_CODES), sorted(codes - set(REASON_CODES))
    assert codes <= set(documented())
    # and the engine emits every declared code somewhere (no dead declarations)
    assert set(REASON_CODES) <= codes, sorted(set(REASON_CODES) - codes)


def test_every_deciding_status_code_is_documented() -> None:
    codes = status_codes()
    assert {"operator-data-missing", "no-common-band", "voice-none", "no-coverage-layer"} <= codes
    assert codes <= set(documented()), sorted(codes - set(documented()))


def test_codes_seen_at_run_time_are_documented() -> None:
    seen = {code for sc in scenarios() for code in sc.verdict().codes}
    assert seen <= set(documented())


def test_status_table_lists_the_thresholds_and_points() -> None:
    text = DOC.read_text(encoding="utf-8")
    from bandfit.compat.network import LAYER_POINTS
    from bandfit.compat.rules import GAPS_MIN_SCORE, WORKS_MIN_SCORE

    for layer, points in LAYER_POINTS.items():
        assert f"| `{layer.value}` | {points} |" in text
    assert f"**{WORKS_MIN_SCORE}**" in text
    assert f"**{GAPS_MIN_SCORE}**" in text
