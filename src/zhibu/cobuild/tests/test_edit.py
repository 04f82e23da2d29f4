"""Changing a partnership after it is registered: what may change, who may change it, and its history."""

import pytest
from django.urls import reverse

from zhibu.cobuild.models import Partnership
from zhibu.core.audit import history_for

pytestmark = pytest.mark.django_db


def _post(co, **overrides) -> dict:
    data = {"title": "物流学院与链通物流党支部共建", "external_branch_name": "链通物流有限公司党委",
            "starts_on": "2022-01-10", "ends_on": "2025-01-09", "goals": "技术支持、就业拓展与联合育人",
            "contact-side": ["campus", "partner"], "contact-name": ["陈立华", "孙伟"],
            "contact-title": ["支部书记", "党委书记"], "contact-phone": ["13800138000", ""]}
    data.update(overrides)
    return data


def test_the_secretary_changes_dates_goals_and_contacts_with_history(co, cast, login):
    url = reverse("cobuild:partnership_edit", args=[co.ce.pk])
    page = login(cast.secretary).get(url).content.decode()
    assert "技术支持与就业拓展" in page and "共建机制和双方不能修改" in page
    response = login(cast.secretary).post(url, _post(co))
    assert response.status_code == 302
    p = Partnership.objects.get(pk=co.ce.pk)
    assert (p.title, str(p.ends_on), p.goals) == ("物流学院与链通物流党支部共建", "2025-01-09", "技术支持、就业拓展与联合育人")
    assert p.external_branch_name == "链通物流有限公司党委"
    assert sorted(p.contacts.values_list("name", flat=True)) == ["孙伟", "陈立华"]
    entry = history_for(p).first()
    assert entry.actor == cast.secretary and "goals" in entry.changes


def test_end_before_start_is_refused_and_the_form_keeps_what_was_typed(co, cast, login):
    url = reverse("cobuild:partnership_edit", args=[co.ce.pk])
    response = login(cast.secretary).post(url, _post(co, ends_on="2021-01-01", goals="新的目标"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "结束日期不能早于开始日期" in body and "新的目标" in body
    assert Partnership.objects.get(pk=co.ce.pk).goals == "技术支持与就业拓展"


def test_the_partner_name_field_is_only_for_external_partnerships(co, cast, login):
    page = login(cast.secretary).get(reverse("cobuild:partnership_edit", args=[co.fs.pk])).content.decode()
    assert 'name="external_branch_name"' not in page


@pytest.mark.parametrize("who, status", [("member_user", 403), ("reviewer", 403), ("sibling_secretary", 404)])
def test_only_the_branchs_managers_may_edit(co, cast, login, who, status):
    url = reverse("cobuild:partnership_edit", args=[co.ce.pk])
    assert login(getattr(cast, who)).post(url, _post(co)).status_code == status
    assert Partnership.objects.get(pk=co.ce.pk).goals == "技术支持与就业拓展"
