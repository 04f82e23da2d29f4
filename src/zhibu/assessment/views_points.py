"""Points pages: a member's ledger, a subtree's ranking (and its Excel), the rules in force."""

from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from zhibu.core.models import AuditEntry
from zhibu.orgs import selectors as org_selectors
from zhibu.orgs.models import Org

from . import export, points, selectors
from .forms import YearForm
from .models import PointRule

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 50


@login_required
def ledger(request, member_id: int):
    member = selectors.ledger_member_get_for_user(user=request.user, member_id=member_id)
    year = YearForm(request.GET).year_or_today()
    return render(request, "assessment/ledger.html", {
        "member": member, "year": year, "ledger": points.points_ledger(member=member, year=year),
        "mine": points.member_points(member=member, year=year),
        "oversees": selectors.oversees(request.user, member.org_path),
    })


@login_required
def ranking(request, code: str):
    org = selectors.org_for_oversight(user=request.user, code=code)
    year = YearForm(request.GET).year_or_today()
    page = Paginator(points.PointsRanking(under=org.path, year=year), PAGE_SIZE).get_page(request.GET.get("page"))
    names = dict(Org.objects.filter(pk__in={r.org_id for r in page}).values_list("id", "name"))
    rules = points.rules_for_year(year)
    kinds = [k for k in PointRule.Kind.values if k in rules]
    return render(request, "assessment/ranking.html", {
        "org": org, "year": year, "page": page, "branch_names": names, "rules": [rules[k] for k in kinds],
        "cells": [(r, names.get(r.org_id, ""), [r.rules[k].points if k in r.rules else None for k in kinds])
                  for r in page],
        "can_manage": org_selectors.can_manage(request.user, org.path), "multi": org.kind != Org.Kind.BRANCH,
        "ancestors": org_selectors.org_ancestors(org=org, user=request.user),
    })


@login_required
def ranking_export(request, code: str):
    org = selectors.org_for_oversight(user=request.user, code=code)
    year = YearForm(request.GET).year_or_today()
    rows = points.points_totals(under=org.path, year=year)
    names = dict(Org.objects.filter(pk__in={r.org_id for r in rows}).values_list("id", "name"))
    data = export.ranking_xlsx(rows=rows, year=year, rules=points.rules_for_year(year), branch_names=names)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="points-{org.code}-{year}.xlsx"'
    return response


@login_required
def rules(request):
    year = YearForm(request.GET).year_or_today()
    all_rules = list(PointRule.objects.order_by("kind", "year_from", "id"))
    in_force = points.rules_for_year(year)
    by_id = {str(r.pk): r for r in all_rules}
    entries = AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(PointRule)).select_related(
        "actor")[:30]
    return render(request, "assessment/rules.html", {
        "year": year, "rules": all_rules, "in_force": {r.pk for r in in_force.values()},
        "history": [(by_id.get(e.object_id), e) for e in entries],
    })
