"""Publishing's fixtures: a published news article of the faculty branch, and its case write-up."""

from types import SimpleNamespace

import pytest

from zhibu.methods.factories import make_case, walk
from zhibu.publishing import services
from zhibu.publishing.factories import make_article, publish


@pytest.fixture
def news(cast):
    """The symposium news, written by the branch secretary and approved by the university's organiser."""
    return publish(
        make_article(org=cast.branch, by=cast.secretary), by=cast.secretary, approver=cast.organiser
    )


@pytest.fixture
def writeup(cast):
    case = walk(make_case(branch=cast.branch, by=cast.secretary), cast, to="published")
    article = services.case_writeup_create(by=cast.secretary, case_id=case.pk)
    publish(article, by=cast.secretary, approver=cast.organiser)
    return SimpleNamespace(case=case, article=article)
