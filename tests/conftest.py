"""Shared pytest configuration.

Hypothesis runs derandomised and without deadlines: test outcomes never depend
on timing or on a random seed picked at run time.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "default",
    deadline=None,
    derandomize=True,
    max_examples=200,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "thorough",
    deadline=None,
    max_examples=2000,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("XLSP_HYPOTHESIS_PROFILE", "default"))

# Run by a separate Python that has LibreOffice's ``uno`` module, never imported by pytest.
collect_ignore = ["lo_probe.py"]
