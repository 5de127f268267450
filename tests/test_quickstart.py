"""The README's quickstart is two commands, and CI runs the second one as written."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def quickstart_commands() -> list[str]:
    """The command lines of the first code block under the README's "Quickstart"."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quickstart", 1)[1]
    block = re.search(r"```bash\n(.*?)```", section, re.DOTALL)
    assert block is not None, "the Quickstart has no bash code block"
    return [line.strip() for line in block.group(1).splitlines() if line.strip()]


def ci_commands() -> list[str]:
    """The command lines of .ci/run, without comments and continuation lines joined."""
    text = (ROOT / ".ci" / "run").read_text(encoding="utf-8").replace("\\\n", " ")
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [line for line in lines if line]


def test_quickstart_is_exactly_two_commands() -> None:
    setup_and_demo, tests = quickstart_commands()
    assert setup_and_demo == "pip install . && xl-salesplan demo"
    assert tests == "bash scripts/test.sh"


def test_ci_runs_the_readme_test_command_as_written() -> None:
    test_command = quickstart_commands()[1]
    assert test_command in ci_commands()
    assert ci_commands()[-1] == test_command  # the last step: its exit code is CI's


def test_ci_installs_libreoffice_and_requires_it() -> None:
    commands = ci_commands()
    assert "set -euo pipefail" in commands
    assert "export XLSP_REQUIRE_LIBREOFFICE=1" in commands
    install = next(c for c in commands if c.startswith("apt-get install"))
    for package in ("libreoffice-calc-nogui", "python3-uno", "poppler-utils", "fonts-noto-cjk"):
        assert package in install.split()


def test_the_demo_command_is_the_installed_console_script() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"]["xl-salesplan"] == "xl_salesplan.cli:main"
