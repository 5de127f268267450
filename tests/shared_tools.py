"""The checking tools kept next to the repository in ``../shared`` (CI has them).

- :func:`ooxml_problems`: ``../shared/tools/ooxml_check.py``, which checks a package the
  way Excel reads it;
- :func:`recalculated_copies`: LibreOffice headless with the profile
  ``../shared/tools/lo_recalc_profile`` (recalculate every formula on load), as an
  application that cannot run our Python would show a workbook.

Tests skip with a message where ``../shared`` is absent, and also where LibreOffice is
missing unless ``XLSP_REQUIRE_LIBREOFFICE=1`` (then they fail).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _shared_folder() -> Path:
    """``../shared`` of the repository (or of a folder above it, for a worktree)."""
    for parent in ROOT.parents:
        if (parent / "shared" / "tools").is_dir():
            return parent / "shared"
    return ROOT.parent / "shared"


SHARED = _shared_folder()
OOXML_CHECK = SHARED / "tools" / "ooxml_check.py"
RECALC_PROFILE = SHARED / "tools" / "lo_recalc_profile"
_TIMEOUT_S = 900


def need(path: Path) -> Path:
    """``path`` under ``../shared``, or skip the test saying what is missing."""
    if not path.exists():
        pytest.skip(f"../shared/{path.relative_to(SHARED)} is not here (../shared is absent)")
    return path


def ooxml_problems(paths: list[Path]) -> str:
    """The checker's lines for ``paths`` ('' when every package passes)."""
    checker = need(OOXML_CHECK)
    done = subprocess.run(
        [sys.executable, str(checker), *map(str, paths)],
        capture_output=True, text=True, check=False, timeout=_TIMEOUT_S,
    )  # fmt: skip
    return "" if done.returncode == 0 else (done.stdout + done.stderr).strip()


def recalculated_copies(paths: list[Path], folder: Path) -> dict[Path, Path]:
    """Each of ``paths`` opened, fully recalculated and saved as .xlsx by LibreOffice."""
    profile = need(RECALC_PROFILE)
    if shutil.which("soffice") is None:
        if os.environ.get("XLSP_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("LibreOffice (soffice) is required but missing")
        pytest.skip("LibreOffice headless (soffice) is not installed")
    stems = [p.stem for p in paths]
    assert len(set(stems)) == len(stems), "the files to convert need distinct names"
    user = folder / "profile"
    shutil.copytree(profile, user)  # LibreOffice writes into its profile: use a copy
    out = folder / "recalculated"
    command = ["soffice", f"-env:UserInstallation={user.as_uri()}", "--headless", "--norestore",
               "--convert-to", "xlsx", "--outdir", str(out), *map(str, paths)]  # fmt: skip
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    ) as process:
        try:
            _, err = process.communicate(timeout=_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise
    copies = {p: out / f"{p.stem}.xlsx" for p in paths}
    missing = [str(p) for p, c in copies.items() if not c.exists()]
    assert not missing, f"LibreOffice did not convert {missing}: {err.decode()[-2000:]}"
    return copies
