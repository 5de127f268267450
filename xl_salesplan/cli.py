"""The ``xl-salesplan`` command line: every ribbon action on workbook files, without Excel.

Each command opens the workbook file, runs the same action as the ribbon button
and saves the file atomically (only the cells the action owns change). Output is a
short summary, or one JSON object with ``--json``. A problem is one line on stderr
and a non-zero exit code (a traceback only with ``--debug``); a refused import adds
one indented line per problem it found.

Exit codes: 0 success, 1 error, 2 bad command line, 3 the inputs have problems
(``validate`` found some, or another command stopped on one).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from xl_salesplan.actions.actuals_records import RefusedRows
from xl_salesplan.actions.result import ActionResult, json_safe
from xl_salesplan.command_language import (
    argparse_language,
    current_language,
    environment_language,
    requested_language,
    words_in,
)
from xl_salesplan.errors import PlanningError
from xl_salesplan.messages import LANGUAGES, Text, language_code, localized
from xl_salesplan.messages import message as _message
from xl_salesplan.ooxml.file_guard import LOCK_WAIT_SECONDS
from xl_salesplan.progress import MODES as PROGRESS_MODES
from xl_salesplan.progress import ProgressReport

__all__ = [
    "EXIT_ERROR",
    "EXIT_INVALID_INPUT",
    "EXIT_OK",
    "EXIT_USAGE",
    "ProgressBar",
    "build_parser",
    "main",
]

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_INVALID_INPUT = 0, 1, 2, 3
PROG = "xl-salesplan"
DEMO_FILE = "sales_plan_demo.xlsm"
TEMPLATE_FILE = "workbook_template.xlsm"


def _say(key: str, /, **params: object) -> str:
    return _message(key, current_language(), **params)


ProgressBar = ProgressReport
"""The progress of a command on stderr (:mod:`xl_salesplan.progress`)."""


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 3600:
        raise argparse.ArgumentTypeError(_say("cli.bad_seconds", text=text))
    return value


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, _say("cli.usage_error", prog=self.prog, problem=message) + "\n")


# --------------------------------------------------------------------------- commands


def _open(path: str) -> Any:
    from xl_salesplan.workbook.editing import read_workbook

    return read_workbook(path)


def _save(book: Any, bar: ProgressBar, start: float = 0.8) -> None:
    book.save(on_progress=lambda done, total: bar(start + (1 - start) * done / max(total, 1),
                                                    Text("cli.progress.saving")))  # fmt: skip


def _workbook_action(action: Callable[..., ActionResult], **options: Any) -> Callable[..., Any]:
    def run(args: argparse.Namespace, bar: ProgressBar) -> ActionResult:
        from xl_salesplan.workbook.editing import edit_workbook

        bar(0.0, Text("progress.reading_workbook"))  # the clock of the 2 s delay starts here
        with edit_workbook(args.workbook, wait=args.wait) as book:
            result = action(book, save=False, progress=bar.part(0.0, 0.8), **options)
            _save(book, bar)
        return result

    return run


def _cmd_plan(args: argparse.Namespace, bar: ProgressBar) -> ActionResult:
    from xl_salesplan.actions.plan import build_plan

    return _workbook_action(build_plan)(args, bar)


def _cmd_budget(args: argparse.Namespace, bar: ProgressBar) -> ActionResult:
    from xl_salesplan.actions.budget import optimise_budget

    return _workbook_action(optimise_budget)(args, bar)


def _cmd_kpi(args: argparse.Namespace, bar: ProgressBar) -> ActionResult:
    from xl_salesplan.actions.kpi import flag_kpis

    return _workbook_action(flag_kpis)(args, bar)


def _cmd_actuals(args: argparse.Namespace, bar: ProgressBar) -> ActionResult:
    from xl_salesplan.actions.actuals import import_actuals

    mapping = list(args.map or [])
    run = _workbook_action(
        lambda book, **kw: import_actuals(
            book,
            args.source,
            mapping or None,
            sheet=args.sheet,
            decimal=args.decimal,
            replace_all=args.replace_all,
            kpi_file=args.kpi or None,
            **kw,
        )
    )
    return run(args, bar)


def _cmd_validate(args: argparse.Namespace, bar: ProgressBar) -> ActionResult:
    from xl_salesplan.actions.validate import validate_inputs

    bar(0.0, Text("progress.reading_workbook"))
    book = _open(args.workbook)
    try:
        return validate_inputs(book, progress=bar.part(0.05, 1.0))
    finally:
        book.close()


def _cmd_share(args: argparse.Namespace, bar: ProgressBar) -> ActionResult:
    from xl_salesplan.actions.share import share_copy
    from xl_salesplan.ooxml.file_guard import check_not_open_elsewhere

    check_not_open_elsewhere(args.workbook)
    bar(0.0, "cli.progress.share")
    return share_copy(
        args.workbook, args.output, keep_hidden=args.keep_hidden_sheets, progress=bar.part(0, 1)
    )


def _cmd_snapshot(args: argparse.Namespace, bar: ProgressBar) -> ActionResult:
    import datetime as dt

    from xl_salesplan.actions.versions import default_snapshot_path, snapshot_version

    target = args.output or default_snapshot_path(args.workbook, dt.datetime.now())
    bar(0.1, Text("progress.reading_plan"))
    book = _open(args.workbook)
    try:
        return snapshot_version(
            book,
            target,
            label=args.label or "",
            source=Path(args.workbook).name,
            workbook_path=args.workbook,
            progress=bar.part(0.1, 1.0),
        )
    finally:
        book.close()


def _cmd_replan(args: argparse.Namespace, bar: ProgressBar) -> ActionResult:
    import datetime as dt

    from xl_salesplan.actions.replan import replan_plan
    from xl_salesplan.actions.versions import default_snapshot_path

    snapshot = args.snapshot or default_snapshot_path(args.workbook, dt.datetime.now())
    run = _workbook_action(
        lambda book, **kw: replan_plan(
            book, snapshot_path=snapshot, catch_up=args.catch_up, workbook_path=args.workbook, **kw
        )
    )
    return run(args, bar)


def _catch_up(text: str) -> str | float:
    """``keep``, ``rebase`` or a share such as ``0.5`` or ``50%``."""
    word = text.strip().lower()
    if word in ("keep", "rebase"):
        return word
    try:
        return float(word[:-1]) / 100 if word.endswith("%") else float(word)
    except ValueError:
        raise argparse.ArgumentTypeError(_say("cli.bad_catch_up", text=text)) from None


def _cmd_diff(args: argparse.Namespace, bar: ProgressBar) -> ActionResult:
    from xl_salesplan.actions.version_diff import diff_versions

    bar(0.1, Text("cli.progress.comparing"))
    return diff_versions(args.before, args.after, limit=args.limit, language=args.language)


def _build_template(path: Path, language: str, standalone: bool) -> Path:
    try:
        from xl_salesplan.template.build import build_template
    except ImportError:
        raise PlanningError.of("cli.no_template_builder", code="missing") from None
    return Path(build_template(path, lang=language, standalone=standalone))


def _check_target(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise PlanningError.of("cli.file_exists", code="exists", path=str(path))
    if path.suffix.lower() != ".xlsm":
        raise PlanningError.of("cli.not_xlsm", code="wrong_file_type", path=str(path))


def _cmd_template(args: argparse.Namespace, bar: ProgressBar) -> ActionResult:
    language = args.lang or "en"
    default = TEMPLATE_FILE if language == "en" else f"workbook_template_{language}.xlsm"
    path = Path(args.output or default)
    _check_target(path, force=True)
    bar(0.2, Text("cli.progress.template"))
    _build_template(path, language, args.standalone)
    kind = ", standalone" if args.standalone else ""
    return ActionResult.of("template", "cli.template_written",
                           {"path": str(path), "language": f"{language}{kind}"},
                           {"path": str(path), "language": language,
                            "standalone": args.standalone})  # fmt: skip


def _cmd_new(args: argparse.Namespace, bar: ProgressBar) -> ActionResult:
    path = Path(args.workbook)
    _check_target(path, args.force)
    bar(0.2, Text("cli.progress.workbook"))
    language = args.lang or "en"
    _build_template(path, language, args.standalone)
    return ActionResult.of(
        "new",
        "cli.new_written",
        {"path": str(path)},
        {"path": str(path), "language": language, "standalone": args.standalone},
    )


def _cmd_upgrade(args: argparse.Namespace, bar: ProgressBar) -> ActionResult:
    from xl_salesplan.actions.upgrade import upgrade_target, upgrade_workbook

    target = upgrade_target(args.workbook, args.output, force=args.force)
    return upgrade_workbook(args.workbook, target,
                            lambda path, language: _build_template(path, language, False),
                            language=args.language, progress=bar)  # fmt: skip


def _cmd_doctor(args: argparse.Namespace, bar: ProgressBar) -> ActionResult:
    from xl_salesplan.doctor import diagnose, doctor_report, finding_json, problems
    from xl_salesplan.doctor.gather import gather_facts
    from xl_salesplan.messages import message

    bar(0.1, Text("progress.checking"))
    args.lang = args.language
    findings = diagnose(gather_facts(args.workbook))
    found = len(problems(findings))
    summary = (
        message("doctor.summary_problems", args.lang, problems=found)
        if found
        else message("doctor.summary_ok", args.lang, count=len(findings))
    )
    data = {"problems": found, "findings": [finding_json(f, args.lang) for f in findings]}
    lines = [f"  {line}" for line in doctor_report(findings, args.lang)]
    return ActionResult("doctor", summary, data, ok=not found, lines=lines)


def _cmd_demo(args: argparse.Namespace, bar: ProgressBar) -> ActionResult:
    from xl_salesplan.demo import run_demo

    path = Path(args.output or DEMO_FILE)
    _check_target(path, force=True)
    return run_demo(path, language=args.lang or "en", progress=bar)


# --------------------------------------------------------------------------- parser


def _common(default: object) -> argparse.ArgumentParser:
    """The options every command takes (before or after the command's name).

    The main parser's copy defaults to False; the commands' copies leave the value
    alone (``SUPPRESS``) so that an option given before the command name counts.
    """
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", default=default,
                        help=_say("cli.help.json"))  # fmt: skip
    common.add_argument("--debug", action="store_true", default=default,
                        help=_say("cli.help.debug"))  # fmt: skip
    common.add_argument("-q", "--quiet", action="store_true", default=default,
                        help=_say("cli.help.quiet"))  # fmt: skip
    common.add_argument(
        "--progress",
        choices=("auto", *PROGRESS_MODES),
        default=None if default is False else default,
        help=_say("cli.help.progress"),
    )
    common.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None if default is False else default,
        help=_say("cli.help.lang"),
    )
    return common


def _count(text: str) -> int:
    """A whole number of 0 or more, for options that count (``--limit``).

    Examples
    --------
    >>> _count("5")
    5
    >>> _count("-5")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: '-5' is not a count: use a whole number of 0 or more
    """
    try:
        number = int(text)
    except ValueError:
        number = -1
    if number < 0:
        raise argparse.ArgumentTypeError(_say("cli.bad_count", text=text))
    return number


def build_parser(language: str = "en") -> argparse.ArgumentParser:
    """The argument parser of the command line, its help in ``language``.

    Build it inside :func:`argparse_language` for argparse's own words in that language.
    """
    with words_in(language):
        return _parser()


def _parser() -> argparse.ArgumentParser:
    common = _common(argparse.SUPPRESS)
    parser = _Parser(prog=PROG, description=_say("cli.help.description"),
                     parents=[_common(False)],
                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                parser_class=_Parser)  # fmt: skip

    def add(name: str, func: Callable[..., ActionResult]) -> argparse.ArgumentParser:
        text = _say(f"cli.help.{name}")
        command = sub.add_parser(name, help=text, description=text, parents=[common])
        command.set_defaults(func=func)
        return command

    def workbook(command: argparse.ArgumentParser) -> None:
        command.add_argument("workbook", metavar="WORKBOOK", help=_say("cli.help.workbook"))

    def writes(command: argparse.ArgumentParser) -> None:
        workbook(command)
        wait = _say("cli.help.wait", default=f"{LOCK_WAIT_SECONDS:g}")
        command.add_argument("--wait", type=_seconds, default=LOCK_WAIT_SECONDS,
                             metavar="SECONDS", help=wait)  # fmt: skip

    demo = add("demo", _cmd_demo)
    demo.add_argument("-o", "--output", help=_say("cli.help.demo_output", default=DEMO_FILE))
    new = add("new", _cmd_new)
    new.add_argument("workbook", metavar="WORKBOOK", help=_say("cli.help.new_workbook"))
    new.add_argument("--force", action="store_true", help=_say("cli.help.force"))
    new.add_argument("--standalone", action="store_true", help=_say("cli.help.standalone"))
    writes(add("plan", _cmd_plan))
    writes(add("budget", _cmd_budget))
    actuals = add("actuals", _cmd_actuals)
    writes(actuals)
    actuals.add_argument("source", metavar="SOURCE", help=_say("cli.help.source"))
    actuals.add_argument("--map", action="append", metavar="COLUMN=HEADER",
                         help=_say("cli.help.map"))  # fmt: skip
    actuals.add_argument("--kpi", action="store_true", help=_say("cli.help.kpi_file"))
    actuals.add_argument("--sheet", help=_say("cli.help.sheet"))
    actuals.add_argument("--decimal", choices=(".", ","), help=_say("cli.help.decimal"))
    actuals.add_argument("--replace-all", action="store_true", help=_say("cli.help.replace_all"))
    writes(add("kpi", _cmd_kpi))
    share = add("share", _cmd_share)
    workbook(share)
    share.add_argument("-o", "--output", help=_say("cli.help.share_output"))
    share.add_argument("--keep-hidden-sheets", action="store_true",
                       help=_say("cli.help.keep_hidden"))  # fmt: skip
    snapshot = add("snapshot", _cmd_snapshot)
    workbook(snapshot)
    snapshot.add_argument("-o", "--output", help=_say("cli.help.snapshot_output"))
    snapshot.add_argument("--label", help=_say("cli.help.label"))
    replan = add("replan", _cmd_replan)
    writes(replan)
    replan.add_argument("--catch-up", type=_catch_up, default=None, metavar="keep|rebase|SHARE",
                        help=_say("cli.help.catch_up"))  # fmt: skip
    replan.add_argument("--snapshot", metavar="PATH", help=_say("cli.help.replan_snapshot"))
    diff = add("diff", _cmd_diff)
    diff.add_argument("before", metavar="BEFORE", help=_say("cli.help.before"))
    diff.add_argument("after", metavar="AFTER", help=_say("cli.help.after"))
    diff.add_argument("--limit", type=_count, default=40, help=_say("cli.help.limit"))
    workbook(add("validate", _cmd_validate))
    upgrade = add("upgrade", _cmd_upgrade)
    upgrade.add_argument("workbook", metavar="OLD", help=_say("cli.help.old_workbook"))
    upgrade.add_argument("-o", "--output", metavar="NEW", help=_say("cli.help.upgrade_output"))
    upgrade.add_argument("--force", action="store_true", help=_say("cli.help.force"))
    doctor = add("doctor", _cmd_doctor)
    doctor.add_argument("workbook", metavar="BOOK", nargs="?", help=_say("cli.help.book"))
    template = add("template", _cmd_template)
    template.add_argument("-o", "--output",
                          help=_say("cli.help.template_output", default=TEMPLATE_FILE))  # fmt: skip
    template.add_argument("--standalone", action="store_true", help=_say("cli.help.standalone"))
    return parser


# --------------------------------------------------------------------------- main


def _workbook_language(path: object) -> str | None:
    """The language the workbook at ``path`` is set to (its ``Language`` input), if any.

    A snapshot keeps no defined names: its sheets' names (the template's in Chinese) tell.
    """
    if not isinstance(path, str) or not Path(path).is_file():
        return None
    try:
        from xl_salesplan.layout import SHEETS
        from xl_salesplan.ooxml.workbook_errors import WorkbookError
        from xl_salesplan.workbook.book import FileBook

        with FileBook.open(path) as book:
            try:
                sheet, ref = book.name_range("Language")
            except WorkbookError:
                chinese = {s.name("zh-CN") for s in SHEETS.values()} - {
                    s.name() for s in SHEETS.values()
                }
                return "zh-CN" if chinese & set(book.sheet_names()) else None
            return language_code(book.read_value(sheet, ref.replace("$", "")))
    except Exception:  # any unreadable file: its command reports the problem itself
        return None


def _language(args: argparse.Namespace) -> str:
    """``--lang``, else the language of the command's (first) workbook, else the system's, else
    English."""
    given = getattr(args, "lang", None)
    if given:
        return str(given)
    workbook = _workbook_language(getattr(args, "workbook", None) or getattr(args, "before", None))
    return workbook or environment_language() or "en"


def _progress_mode(args: argparse.Namespace) -> str:
    """``bar`` on a terminal, ``off`` otherwise or with ``--quiet``, unless ``--progress``."""
    chosen = getattr(args, "progress", None) or "auto"
    if args.quiet:
        return "off"
    if chosen == "auto":
        return "bar" if sys.stderr.isatty() else "off"
    return chosen


def _print_result(result: ActionResult, args: argparse.Namespace, language: str) -> None:
    if args.json:
        payload = {"command": args.command, **result.to_json_dict(language)}
        print(json.dumps(json_safe(payload), ensure_ascii=False, indent=2))
    else:
        print(result.text(language))


def _error(
    args: argparse.Namespace, message: str, code: str, exit_code: int, lines: Sequence[str] = ()
) -> int:
    line = " ".join(message.split())
    shown = _message("cli.error_line", args.lang or "en", prog=PROG, command=args.command,
                     line=line)  # fmt: skip
    print(shown, file=sys.stderr)
    for problem in lines:
        print(f"  {' '.join(problem.split())}", file=sys.stderr)
    if args.json:
        payload: dict[str, object] = {"command": args.command, "ok": False, "error": line,
                                      "code": code}  # fmt: skip
        if lines:
            payload["problems"] = list(lines)
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    return exit_code


def _stdout_closed() -> int:
    """Point standard output at the null device after its reader closed it; exit code 141.

    Without this, the interpreter's last flush at exit prints a ``BrokenPipeError``
    traceback under output piped into ``head``. 141 is what a shell reports for a
    command ended by SIGPIPE.
    """
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, sys.stdout.fileno())
    os.close(null)
    return 141


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from xl_salesplan.demo import sample_plan
    >>> path = sample_plan(pathlib.Path(tempfile.mkdtemp()) / "plan.xlsm")
    >>> main(["validate", str(path)])
    Inputs are valid: no problems found.
    0
    """
    words = requested_language(sys.argv[1:] if argv is None else argv)
    with argparse_language(words):
        parser = build_parser(words)
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:
            return int(exc.code or 0)
    creates = args.command in ("demo", "new", "template")  # --lang is the new workbook's
    language = (args.lang or environment_language() or "en") if creates else _language(args)
    if not creates:
        args.lang = language
    args.language = language
    bar = ProgressBar(sys.stderr, mode=_progress_mode(args), language=language, ticking=True)
    try:
        with warnings.catch_warnings():
            if not args.debug:  # a planner reads one line, never a numpy RuntimeWarning
                warnings.simplefilter("ignore", RuntimeWarning)
            result = args.func(args, bar)
    except PlanningError as exc:
        bar.close()
        if args.debug:
            raise
        exit_code = EXIT_INVALID_INPUT if exc.code == "invalid_input" else EXIT_ERROR
        problems = exc.in_language(language).lines if isinstance(exc, RefusedRows) else ()
        return _error(args, localized(exc, language), exc.code, exit_code, problems)
    except KeyboardInterrupt:
        bar.close()
        return _error(args, _message("cli.interrupted", language), "interrupted", 130)
    except BrokenPipeError:  # the reader went away (`| head`): the work is done, stop quietly
        bar.close()
        return _stdout_closed()
    except OSError as exc:
        bar.close()
        if args.debug:
            raise
        where = f"{exc.filename}: " if exc.filename else ""
        return _error(args, f"{where}{exc.strerror or exc}", "os_error", EXIT_ERROR)
    except Exception as exc:
        bar.close()
        if args.debug:
            raise
        detail = f"{type(exc).__name__}: {exc}"
        return _error(args, _message("cli.internal", language, detail=detail), "internal",
                      EXIT_ERROR)  # fmt: skip
    bar.close()
    try:
        _print_result(result, args, language)
        sys.stdout.flush()
    except BrokenPipeError:
        return _stdout_closed()
    if not result.ok:
        return EXIT_INVALID_INPUT
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
