"""The public case library at /cases/: published cases for everyone, no login."""

from django.core.paginator import Paginator
from django.shortcuts import render

from . import selectors
from .forms import LibraryForm
from .views_cases import media_response

PAGE_SIZE = 12


def library(request):
    form = LibraryForm(request.GET or None)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    cases = selectors.case_library(q=data.get("q", ""), label=data.get("label", ""), category=data.get("category", ""))
    return render(request, "methods/library.html", {
        "form": form, "page": Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page")),
        "labels": selectors.pillar_labels(), "q": data.get("q", ""), "label": data.get("label", ""),
    })


def library_case(request, case_id: int):
    case = selectors.case_public_get(case_id=case_id)
    adoptions = selectors.adoption_list(case=case)
    return render(request, "methods/library_case.html", {
        "case": case, "method": case.method, "evidence": case.evidence.all(),
        "reviews": [r for r in selectors.case_reviews(case=case) if r.decision == "approve"],
        "adoptions": adoptions, "reach": selectors.case_reach(case=case, adoptions=adoptions),
        "graph": selectors.adoption_graph(case=case, adoptions=adoptions),
    })


def library_media(request, case_id: int, media_id: int):
    return media_response(selectors.case_public_get(case_id=case_id), media_id)
