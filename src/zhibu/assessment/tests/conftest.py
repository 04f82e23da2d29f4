"""Fixtures of the assessment tests, on top of the shared cast (see src/zhibu/conftest.py)."""

import pytest

from zhibu.assessment.factories import make_voters

YEAR = 2025


@pytest.fixture
def year():
    return YEAR


@pytest.fixture
def voters(cast):
    """Four more full members of the faculty branch with logins: with the secretary and 周敏, six voters."""
    return make_voters(branch=cast.branch, count=4)
