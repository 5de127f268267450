"""Use LibreOffice (headless) as an independent spreadsheet application in tests.

``lo_inspect(path)`` opens a file in LibreOffice through UNO (in a separate
system Python that has ``uno``) and returns what LibreOffice shows: sheets,
cell values/formulas/texts, charts and the VBA modules it imported.
``lo_convert_pdf(path, outdir)`` converts a file to PDF.

Tests that need it carry the ``requires_libreoffice`` marker: they are skipped
when LibreOffice is missing, unless ``XLSP_REQUIRE_LIBREOFFICE=1`` (as in CI),
where a missing LibreOffice is a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

__all__ = [
    "libreoffice_available",
    "lo_convert_pdf",
    "lo_inspect",
    "lo_inspect_many",
    "requires_libreoffice",
]

_PROBE = Path(__file__).with_name("lo_probe.py")
_UNO_PYTHON = os.environ.get("XLSP_UNO_PYTHON", "/usr/bin/python3")
_TIMEOUT_S = 600


def libreoffice_available() -> bool:
    """True if ``soffice`` and a Python with ``uno`` are installed."""
    if shutil.which("soffice") is None or not Path(_UNO_PYTHON).exists():
        return False
    probe = subprocess.run(
        [_UNO_PYTHON, "-c", "import uno"], capture_output=True, check=False, timeout=60
    )
    return probe.returncode == 0


def _required() -> bool:
    return os.environ.get("XLSP_REQUIRE_LIBREOFFICE") == "1"


def _skip_or_fail_marker() -> pytest.MarkDecorator:
    if libreoffice_available() or _required():
        # When required and missing, the tests run and fail loudly in lo_inspect.
        return pytest.mark.libreoffice
    return pytest.mark.skip(reason="LibreOffice headless (soffice + python3-uno) is not installed")


requires_libreoffice = _skip_or_fail_marker()


def lo_inspect_many(paths: list[str | os.PathLike[str]]) -> dict[str, dict]:
    """Open each file in one LibreOffice run; return ``{str(path): report}``."""
    if not libreoffice_available():
        raise RuntimeError("LibreOffice headless (soffice + python3-uno) is required but missing")
    args = [str(Path(p).resolve()) for p in paths]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    done = subprocess.run(
        [_UNO_PYTHON, str(_PROBE), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=_TIMEOUT_S,
        env=env,
    )
    if done.returncode != 0:
        raise RuntimeError(f"LibreOffice probe failed: {done.stderr.strip()[-2000:]}")
    files = json.loads(done.stdout)["files"]
    return {orig: files[resolved] for orig, resolved in zip(map(str, paths), args, strict=True)}


def lo_inspect(path: str | os.PathLike[str]) -> dict:
    """Open one file in LibreOffice and return what it shows (see module docs)."""
    report = lo_inspect_many([path])[str(path)]
    if "error" in report:
        raise AssertionError(f"LibreOffice could not open {path}: {report['error']}")
    return report


def lo_convert_pdf(path: str | os.PathLike[str], outdir: str | os.PathLike[str]) -> Path:
    """Convert ``path`` to PDF in ``outdir`` with LibreOffice; return the PDF path."""
    if not libreoffice_available():
        raise RuntimeError("LibreOffice headless (soffice + python3-uno) is required but missing")
    with tempfile.TemporaryDirectory(prefix="xlsp-lo-profile-") as profile:
        done = subprocess.run(
            [
                "soffice",
                "--headless",
                "--norestore",
                f"-env:UserInstallation=file://{profile}",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outdir),
                str(path),
            ],
            capture_output=True,
            text=True,
            check=False,
            timeout=_TIMEOUT_S,
        )
    pdf = Path(outdir) / (Path(path).stem + ".pdf")
    if done.returncode != 0 or not pdf.exists():
        raise RuntimeError(f"PDF conversion failed: {done.stderr.strip()[-2000:]}")
    return pdf
