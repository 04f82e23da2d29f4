"""Precision on real clean reports, recall on real and planted injections (see evaluation.py)."""

import pytest

from zhibu.textguard.tests.evaluation import evaluate


@pytest.fixture(scope="module")
def report():
    return evaluate()


def test_clean_reports_have_no_findings_at_all(report):
    assert report.clean_files >= 24
    assert report.clean_alarms == []
    assert report.clean_precision == 1.0


def test_recall_on_the_injected_corpus(report):
    assert len(report.planted) >= 100
    assert report.recall >= 0.95, [f"{p.file}: {p.needle}" for p in report.misses()]


def test_every_replaced_organisation_name_is_reported_as_such(report):
    assert report.org_recall >= 0.95, [f"{p.file}: {p.needle}" for p in report.misses() if p.org_expected]


def test_no_findings_outside_what_was_planted(report):
    assert [(name, f.category, f.phrase) for name, f in report.injected_alarms] == []
