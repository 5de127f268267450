"""Call every Excel function with what Excel may pass, one CPU-time limit per call.

Run as ``python -m reliability.function_fuzz --examples N`` from ``tests/`` (the test
:mod:`reliability.test_function_limits` does, in a child process under a memory limit).
For each function: the calls at its stated limits (:mod:`reliability.function_cases`),
then ``N`` hypothesis examples of arguments as xlwings hands them over: left out, one
cell, ranges, ragged ranges and huge ranges of blanks (None), text, numbers stored as
text, Excel errors (as text and as COM codes), TRUE/FALSE, dates, NaN, infinities,
1e308, 5e-324 and -0.0.

Every call must return a rectangular list of rows of values Excel takes, at most
``MAX_RESULT_CELLS`` cells, and no "please report" text. Before each call the soft
CPU-time limit is set to the CPU time used so far plus ``--call-seconds``: a call that
takes longer is stopped by the kernel (SIGXCPU), whatever the machine's load, and the
last line on stderr names it. The run prints one line per function and ends with ``ok``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import resource
import sys

import xl_salesplan_udfs as udfs
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from xl_salesplan_udfs.result_size import MAX_RESULT_CELLS

from reliability.function_cases import HEAVY_CASES

FUNCTIONS = [name for name in udfs.__all__ if name.isupper()]

# Words the functions choose from, so that fuzzed calls also get past the first checks.
WORDS = [
    "hill", "mm", "log", "power", "linear_cap", "S", "proportional", "even", "percent_change",
    "straight_line", "growth", "error", "normal", "lognormal", "beta", "table", "flags",
    "delta", "outcome", "marginal", "roi", "nelson", "we", "cusum", "xmr", "higher", "lower",
    "relative", "sd", "zh", "en", "annual", "per_period", "cumulative", "linear", "compound",
    "flat", "yearly", "4-4-5", "pace", "plan", "spend", "channel",
]  # fmt: skip
ERRORS = ["#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!"]
COM_ERRORS = [-2146826246, -2146826281, -2146826273, -2146826265]  # #N/A #DIV/0! #VALUE! #REF!
ODD_NUMBERS = [
    math.nan, math.inf, -math.inf, 1e308, -1e308, 1e-308, 5e-324, -0.0, 0.0, 1.0, 12.0,
    1e15, -1.0, 0.5, 2.5,
]  # fmt: skip

excel_cell = st.one_of(
    st.none(),
    st.sampled_from(ODD_NUMBERS),
    st.floats(min_value=-1e7, max_value=1e7, allow_nan=False),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-5, 1_000),
    st.sampled_from(WORDS),
    st.sampled_from(["", "  ", "1,200", "12.5%", "¥1,200", "1,5", "1e308", "-0", "x"]),
    st.sampled_from(ERRORS),
    st.sampled_from(COM_ERRORS),
    st.booleans(),
    st.just(dt.datetime(2025, 1, 1)),
    st.text(max_size=8),
)


#: Huge ranges (value, rows, columns): built once, shared by the calls (none changes them).
HUGE = [
    (1.0, 1_000, 1),
    ("#N/A", 1_000, 1),
    (-0.0, 1, 1_000),
    (1e308, 100_000, 1),
    (0.5, 100_000, 1),
    (1.0, 1, 100_000),
    (None, 1_000_001, 1),  # one cell over the argument limit
    (1.0, 1, 1_000_001),
]
_BUILT: dict[tuple[object, int, int], list[list[object]]] = {}


def _huge(value: object, rows: int, cols: int) -> list[list[object]]:
    key = (value, rows, cols)
    if key not in _BUILT:
        _BUILT[key] = [[value] * cols for _ in range(rows)]
    return _BUILT[key]


@st.composite
def excel_argument(draw: st.DrawFn) -> object:
    """One argument as xlwings passes it with ``ndim=2`` (or a malformed one)."""
    kind = draw(
        st.sampled_from(["missing", "cell", "range", "range", "ragged", "flat", "huge", "bare"])
    )
    if kind == "missing":
        return None
    if kind == "bare":  # not wrapped in rows, as a hand-made call might pass it
        return draw(excel_cell)
    if kind == "cell":
        return [[draw(excel_cell)]]
    if kind == "flat":
        return draw(st.lists(excel_cell, min_size=0, max_size=6))
    if kind == "ragged":
        return draw(st.lists(st.lists(excel_cell, min_size=0, max_size=5), min_size=1, max_size=5))
    if kind == "huge":
        return _huge(*draw(st.sampled_from(HUGE)))
    rows = draw(st.integers(1, 5))
    cols = draw(st.integers(1, 5))
    return [[draw(excel_cell) for _ in range(cols)] for _ in range(rows)]


def _allow_cpu(seconds: int) -> None:
    """Let the next call use ``seconds`` more CPU time; past that the kernel stops it."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = usage.ru_utime + usage.ru_stime
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = math.ceil(used) + seconds
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _describe(args: tuple[object, ...]) -> str:
    def one(arg: object) -> str:
        if isinstance(arg, list) and arg and isinstance(arg[0], list):
            return f"<{len(arg)} rows x {len(arg[0])}: {str(arg[0][:3])[:60]}>"
        return repr(arg)[:60]

    return ", ".join(one(a) for a in args)


def check_call(name: str, args: tuple[object, ...], call_seconds: int) -> None:
    """Call ``name(*args)`` under the CPU limit and check what Excel would receive."""
    print(f"calling {name}({_describe(args)})", file=sys.stderr, flush=True)
    _allow_cpu(call_seconds)
    out = getattr(udfs, name)(*args)
    assert isinstance(out, list) and out, f"{name}: not a list of rows: {out!r}"[:300]
    assert all(isinstance(row, list) for row in out), f"{name}: a row is not a list"
    widths = {len(row) for row in out}
    assert len(widths) == 1 and 0 not in widths, f"{name}: rows of widths {sorted(widths)}"
    assert len(out) * len(out[0]) <= MAX_RESULT_CELLS, f"{name}: {len(out)} rows returned"
    for row in out:
        for item in row:
            if isinstance(item, float):
                assert math.isfinite(item), f"{name}: {item} in the result"
            else:
                assert item is None or isinstance(item, str | bool | dt.datetime), (
                    f"{name}: {type(item).__name__} {item!r} in the result"
                )
    first = out[0][0]
    if isinstance(first, str) and first.startswith("#"):
        assert "please report" not in first, first
        assert "\n" not in first and len(first) <= 255, first


def fuzz(name: str, examples: int, call_seconds: int) -> None:
    """The heavy cases of ``name``, then ``examples`` hypothesis examples."""
    for _, build in HEAVY_CASES.get(name, []):
        check_call(name, build(), call_seconds)
    n_args = len(getattr(udfs, name).__salesplan__.arguments)

    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(st.tuples(*[excel_argument() for _ in range(n_args)]))
    def one_call(args: tuple[object, ...]) -> None:
        check_call(name, args, call_seconds)

    one_call()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=100)
    parser.add_argument("--call-seconds", type=int, default=20)
    parser.add_argument("--functions", nargs="*", default=FUNCTIONS)
    args = parser.parse_args()
    for name in args.functions:
        fuzz(name, args.examples, args.call_seconds)
        print(f"{name}: ok", flush=True)
    print("ok", flush=True)


if __name__ == "__main__":
    main()
