"""Progress on stderr: nothing for a quick command; for a long one what it reads and
writes, in the command's language, at most a line a second (driven by a fake clock)."""

from __future__ import annotations

import functools
import io
import itertools
import re
import threading
import time
from pathlib import Path

import pytest
from plan_files import plan_copy

from xl_salesplan import cli, progress
from xl_salesplan.layout import SHEETS, blocks_of
from xl_salesplan.messages import Text
from xl_salesplan.progress import DELAY, HEARTBEAT, TICK, ProgressReport


class FakeClock:
    """A clock that moves only when told to."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_quick_command_shows_nothing() -> None:
    clock, out = FakeClock(), io.StringIO()
    report = ProgressReport(out, mode="lines", clock=clock)
    for step in range(10):
        clock.now += (DELAY - 0.1) / 10
        report(step / 10, "cli.progress.reading_part", part="History", megabytes=3)
    report.close()
    assert out.getvalue() == ""


def test_lines_say_each_step_once_then_a_heartbeat_while_it_lasts() -> None:
    clock, out = FakeClock(), io.StringIO()
    report = ProgressReport(out, mode="lines", clock=clock)
    report(0.0, "cli.progress.reading_part", part="History", megabytes=26)
    for tick in range(1, 121):  # 12 s in steps of 0.1 s, reading then writing
        clock.now = 100.0 + tick / 10
        label = "cli.progress.reading_part" if tick <= 60 else "cli.progress.writing_part"
        report(tick / 120, label, part="History", megabytes=26)
    lines = out.getvalue().splitlines()
    assert lines[0] == "[  2 s]  17% reading History (26 MB)…"
    assert next(line for line in lines if "writing" in line).startswith("[  6 s]")
    times = [float(line[1:4]) for line in lines]
    assert all(later - earlier >= 1 for earlier, later in itertools.pairwise(times))
    assert len(lines) <= 12 / 1 and len(lines) >= 12 / HEARTBEAT  # at most one a second


def test_the_bar_redraws_in_place_and_is_wiped() -> None:
    clock, out = FakeClock(), io.StringIO()
    report = ProgressReport(out, mode="bar", clock=clock, width=10, language="zh-CN")
    report(0.0, "cli.progress.writing_part", part="历史", megabytes=3)
    clock.now += DELAY
    report(0.5, "cli.progress.writing_part", part="历史", megabytes=3)
    report(0.6, "cli.progress.writing_part", part="历史", megabytes=3)  # same instant: kept
    assert out.getvalue() == "\r[#####.....]  50% 正在写入 历史(3 MB)…"
    report.close()
    assert out.getvalue().endswith("\r") and "\n" not in out.getvalue()


def test_the_ticker_shows_a_long_step_at_the_delay_and_stops_when_closed() -> None:
    # One step that goes on (one large table being read): nothing calls the report, the
    # background thread repeats the step, so its line appears once the delay has passed.
    clock, out = FakeClock(), io.StringIO()
    report = ProgressReport(out, mode="lines", clock=clock, ticking=True)
    threads = threading.active_count()
    report(0.3, "cli.progress.reading_part", part="History", megabytes=26)
    assert threading.active_count() == threads + 1
    clock.now += DELAY + 1
    for _ in range(600):  # the thread looks every TICK seconds; wait for it, up to a minute
        if out.getvalue():
            break
        time.sleep(0.1)
    report.close()
    assert out.getvalue() == "[  3 s]  30% reading History (26 MB)…\n"
    assert threading.active_count() == threads
    clock.now += HEARTBEAT * 2
    time.sleep(2 * TICK)
    assert out.getvalue() == "[  3 s]  30% reading History (26 MB)…\n"  # nothing after close


def test_an_unknown_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="mode must be one of"):
        ProgressReport(io.StringIO(), mode="loud")


def test_share_reports_the_sheets_it_reads_and_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    clock = FakeClock()

    def ticking() -> float:  # every look at the clock is a second later
        clock.now += 1.0
        return clock.now

    monkeypatch.setattr(progress.time, "monotonic", ticking)
    plan = plan_copy(tmp_path)
    code = cli.main(["share", str(plan), "-o", str(tmp_path / "s.xlsx"), "--progress", "lines"])
    err = capsys.readouterr().err
    assert code == 0
    assert "reading Targets (" in err and "writing " in err  # the sheets with formulas
    assert all(line.startswith("[") for line in err.splitlines())
    assert cli.main(["share", str(plan), "-o", str(tmp_path / "t.xlsx")]) == 0
    assert capsys.readouterr().err == ""  # not a terminal: nothing unless asked


# ---------------------------------------------------------------- every long command's steps


def _run_with_progress_shown(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str]
) -> tuple[str, str]:
    """Run ``xl-salesplan ARGS --progress lines`` with no delay and a clock that moves a
    second at every look (so every step's line shows); return (stdout, stderr)."""
    clock = FakeClock()

    def ticking() -> float:
        clock.now += 1.0
        return clock.now

    monkeypatch.setattr(progress.time, "monotonic", ticking)
    monkeypatch.setattr(cli, "ProgressBar", functools.partial(ProgressReport, delay=0))
    code = cli.main([*args, "--progress", "lines"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert err and all(line.startswith("[") for line in err.splitlines())
    return out, err


def _sheets(action: str, language: str) -> set[str]:
    return {SHEETS[block.sheet].name(language) for block in blocks_of(action)}


#: command -> (what it reads, what it computes, the action whose sheets it writes)
STEPS = {
    "validate": ("tblReps", None, None),
    "plan": ("tblHistory", "progress.computing_plan", "build_plan"),
    "budget": ("tblChannels", "progress.fitting", "optimise_budget"),
    "kpi": ("tblKpis", "progress.computing_kpis", "flag_kpis"),
    "replan": ("tblActuals", "progress.replanning", "replan"),
}


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_every_long_command_reports_reading_checking_computing_writing_and_saving(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    language: str,
) -> None:
    plan = plan_copy(tmp_path, language=language)
    say = ProgressReport(None, language=language).text
    for command, (table_read, computing, writes) in STEPS.items():
        args = [command, str(plan)]
        if command == "replan":
            args += ["--snapshot", str(tmp_path / "before.xlsx")]
        _, err = _run_with_progress_shown(monkeypatch, capsys, args)
        expected = [
            say(Text("progress.reading_table", {"name": table_read})),
            say(Text("progress.checking")),
        ]
        if computing:
            expected.append(say(Text(computing)))
        if writes:
            expected += [say(Text("progress.writing_sheet", {"sheet": sheet}))
                         for sheet in _sheets(writes, language)]  # fmt: skip
            expected.append(say(Text("cli.progress.saving")))
        for words in expected:
            assert any(line.endswith(f"% {words}") for line in err.splitlines()), (command, words)
        if language == "zh-CN":  # nothing English but the tables' own names
            text = err.replace(table_read, "")
            assert not re.search(r"\b(reading|writing|checking|saving|computing)\b", text), text


def test_upgrade_reports_reading_carrying_and_saving(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    old = Path(__file__).parent / "fixtures" / "plan_previous_release.xlsm"
    args = ["upgrade", str(old), "-o", str(tmp_path / "new.xlsm")]
    _, err = _run_with_progress_shown(monkeypatch, capsys, args)
    for words in ("reading the workbook", "writing the current template",
                  "carrying over tblReps", "saving"):  # fmt: skip
        assert any(line.endswith(f"% {words}") for line in err.splitlines()), words


def test_a_command_within_the_delay_prints_exactly_what_it_printed_without_progress(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The clock never passes the 2 s delay: nothing on stderr, the same result on stdout.
    monkeypatch.setattr(progress.time, "monotonic", lambda: 100.0)
    for command in ("validate", "plan"):
        plan = plan_copy(tmp_path, f"{command}.xlsm")
        assert cli.main([command, str(plan), "--progress", "lines"]) == 0
        shown = capsys.readouterr()
        plan = plan_copy(tmp_path, f"{command}_quiet.xlsm")
        assert cli.main([command, str(plan), "--quiet"]) == 0
        quiet = capsys.readouterr()
        assert shown.err == "" and quiet.err == ""
        assert shown.out == quiet.out.replace(f"{command}_quiet", command)
