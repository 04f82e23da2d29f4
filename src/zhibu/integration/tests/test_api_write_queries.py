"""Integration writes through the API run the same number of queries whatever the data size."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhibu.cobuild.factories import make_major
from zhibu.integration import services

from .test_api_write import JSON, STAGES, _item_body, _stage_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def major(cast):
    return make_major(school=cast.school)


def _grow(cast, major, n: int, tag: str) -> None:
    """n more work items with all four stages, and n more courses with teachers and elements."""
    for i in range(n):
        w = services.work_item_create(
            by=None, org=cast.branch, title=f"事项{tag}{i}", category="other", year=2022
        )
        for j, stage in enumerate(STAGES):
            services.stage_record(
                by=None,
                work_item=w,
                stage=stage,
                occurred_on=dt.date(2022, 3 + j, 1),
                party_side="陈立华",
                business_side="韩磊",
                document_title="纪要",
            )
        c = services.course_create(
            by=None,
            org=cast.branch,
            major=major,
            name=f"课程{i}",
            code=f"X{tag}-{i}",
            teachers="陈立华、周敏、韩磊",
        )
        services.element_add(by=None, course=c, chapter="第一章", element="元素", author="周敏")


def _count(client, method: str, url: str, body=None) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = getattr(client, method)(url, body, content_type=JSON)
    assert response.status_code in (200, 201), response.content
    return len(ctx), response.json()["id"]


def test_writes_run_a_bounded_number_of_queries_at_two_sizes(cast, login, major):
    client = login(cast.secretary)
    client.post("/api/work-items/", _item_body(), content_type=JSON)  # warms Django's content-type cache
    counts: dict[str, list[int]] = {}
    for size in (1, 12):
        _grow(cast, major, 1 if size == 1 else 11, tag=str(size))
        n, iid = _count(client, "post", "/api/work-items/", _item_body(title=f"规模{size}"))
        counts.setdefault("item", []).append(n)
        for i, stage in enumerate(STAGES[:3]):
            n, _ = _count(
                client, "post", f"/api/work-items/{iid}/stages", _stage_body(stage, f"2022-0{3 + i}-01")
            )
        counts.setdefault("stage", []).append(n)
        teachers = [f"教师{k}" for k in range(2 if size == 1 else 20)]
        n, cid = _count(
            client,
            "post",
            "/api/courses/",
            {
                "org": "U1-WL-JG",
                "major": "120601",
                "name": "运筹学",
                "code": f"Y{size}",
                "teachers": teachers,
            },
        )
        counts.setdefault("course", []).append(n)
        for k in range(1 if size == 1 else 15):
            n, eid = _count(
                client,
                "post",
                f"/api/courses/{cid}/elements",
                {"chapter": f"第{k}章", "element": "元素", "author": teachers[k % len(teachers)]},
            )
        counts.setdefault("element", []).append(n)
        n, _ = _count(
            client, "patch", f"/api/courses/{cid}", {"name": "运筹学（新）", "teachers": teachers[::-1]}
        )
        counts.setdefault("course_patch", []).append(n)
    for name, (small, large) in counts.items():
        assert small == large <= 30, (name, counts)
