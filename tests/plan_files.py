"""Plan workbooks for the actions' tests: copies of the template, built once per run."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from xl_salesplan.template.build import template_bytes


@lru_cache(maxsize=2)
def _template(language: str) -> bytes:
    return template_bytes(lang=language)


def plan_copy(folder: Path, name: str = "plan.xlsm", *, language: str = "en") -> Path:
    """A fresh copy of the template (sample company inputs and outputs) at ``folder/name``."""
    path = Path(folder) / name
    path.write_bytes(_template(language))
    return path
