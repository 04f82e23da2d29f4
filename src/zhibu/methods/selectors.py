"""Reads of methods, cases, reviews and adoptions, scoped by the acting user.

Who sees a case:
- published and promoted cases: everyone, the public included;
- a draft never submitted: only people with a role at its branch (or in it) — a sibling branch, the
  university and the municipal department do not see it;
- once submitted (any round): also everyone whose scope contains the branch (the university's organisers,
  the superior body's reviewers), even when it is back in draft for revision.
Outside that a case does not exist (404).
"""

from collections import defaultdict

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from zhibu.core import evidence as registry
from zhibu.core.paths import path_ids, subtree_q
from zhibu.meetings.models import Meeting, MeetingKind
from zhibu.meetings.selectors import visible_q as meetings_visible_q
from zhibu.orgs.models import Org
from zhibu.orgs.selectors import scope_for_user

from . import roles, search
from .models import (
    PUBLIC_STATUSES,
    Adoption,
    Case,
    CaseStatus,
    Pillar,
    PillarItem,
    Review,
    Transition,
    WorkMethod,
)

# --- visibility ------------------------------------------------------------------------------------


def case_visible_q(user) -> Q:
    public = Q(status__in=PUBLIC_STATUSES)
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return public
    scope = scope_for_user(user)
    if scope.everything:
        return Q()
    if scope.is_empty:
        return public
    own = Q(org_path__in=sorted(roles.own_paths(user)))
    return public | (scope.q("org_path") & (Q(round__gte=1) | own))


def method_visible_q(user) -> Q:
    public = Q(pk__in=Case.objects.filter(status__in=PUBLIC_STATUSES).values("method_id"))
    scope = scope_for_user(user)
    if scope.everything:
        return Q()
    return public | scope.q("org_path") if not scope.is_empty else public


def _pillars_prefetch(lookup: str = "pillars") -> Prefetch:
    return Prefetch(lookup, queryset=Pillar.objects.order_by("ordinal").prefetch_related(
        Prefetch("items", queryset=PillarItem.objects.order_by("ordinal"))))


# --- methods ---------------------------------------------------------------------------------------


def method_list_for_user(*, user, branch: Org | None = None) -> QuerySet[WorkMethod]:
    qs = WorkMethod.objects.filter(method_visible_q(user))
    if branch is not None:
        qs = qs.filter(branch=branch)
    return (qs.select_related("branch").prefetch_related(_pillars_prefetch())
            .annotate(case_count=Count("cases", filter=Q(cases__deleted_at__isnull=True)))
            .order_by("org_path", "name", "id"))


def method_get_for_user(*, user, method_id: int) -> WorkMethod:
    method = (WorkMethod.objects.filter(method_visible_q(user), pk=method_id).select_related("branch")
              .prefetch_related(_pillars_prefetch()).first())
    if method is None:
        raise Http404("没有找到该工作法")
    return method


def branches_for_author(*, user) -> list[Org]:
    """Branches where the user may write methods and cases."""
    qs = Org.objects.filter(kind=Org.Kind.BRANCH)
    if not user.is_superuser:
        qs = qs.filter(roles__user=user, roles__kind__in=roles.AUTHOR_KINDS)
    return list(qs.distinct().order_by("path")[:200])


# --- cases -----------------------------------------------------------------------------------------


def _case_qs(qs: QuerySet[Case]) -> QuerySet[Case]:
    return qs.select_related("branch", "method").prefetch_related(_pillars_prefetch("method__pillars"))


def case_list_for_user(*, user, status: str | None = None, q: str | None = None,
                       branch: Org | None = None, under: Org | None = None) -> QuerySet[Case]:
    """The cases `user` may see; `under`: only those of branches in that organisation's subtree."""
    qs = Case.objects.filter(case_visible_q(user))
    if status:
        qs = qs.filter(status=status)
    if branch is not None:
        qs = qs.filter(branch=branch)
    if under is not None:
        qs = qs.filter(subtree_q("org_path", under.path))
    if q:
        words = search.query_q(q)
        qs = qs.filter(words | Q(title__icontains=q)) if words is not None else qs.filter(title__icontains=q)
    return _case_qs(qs).annotate(adoption_count=Count("adoptions", distinct=True)).order_by("-updated_at", "-id")


def case_get_for_user(*, user, case_id: int, detail: bool = False) -> Case:
    qs = Case.objects.filter(case_visible_q(user), pk=case_id).select_related("branch", "branch__parent", "method",
                                                                               "created_by")
    if detail:
        qs = qs.prefetch_related(
            _pillars_prefetch("method__pillars"), "honours", "media", "evidence",
        )
    case = qs.first()
    if case is None:
        raise Http404("没有找到该案例")
    return case


def case_timeline(*, case: Case) -> list[Transition]:
    return list(case.transitions.select_related("actor", "actor_org", "meeting").order_by("at", "id"))


def case_reviews(*, case: Case) -> list[Review]:
    return list(case.reviews.select_related("reviewer", "reviewer_org").order_by("round", "at", "id"))


def case_research_meetings(*, case: Case) -> list[Meeting]:
    ids = case.transitions.filter(meeting__isnull=False).values("meeting_id")
    return list(Meeting.objects.filter(pk__in=ids).select_related("org").order_by("starts_at"))


def evidence_choices(*, case: Case, q: str = "", limit: int = 200) -> list[registry.EvidenceRecord]:
    """The branch's own records that may be linked as evidence."""
    return registry.records_for(case.org_path, q=q, limit=limit)


def evidence_links(*, case: Case) -> list[dict]:
    """The case's evidence, each with its type's label and (where the record still exists) its link."""
    rows = list(case.evidence.all())
    by_kind: dict[str, list[int]] = defaultdict(list)
    for e in rows:
        by_kind[e.kind].append(e.record_id)
    urls: dict[tuple[str, int], str] = {}
    for kind, ids in by_kind.items():
        source = registry.source(kind)
        if source is not None:
            urls.update({(kind, r.id): r.url for r in source.records(case.org_path, ids=ids, limit=len(ids))})
    return [{"evidence": e, "label": registry.label(e.kind), "url": urls.get((e.kind, e.record_id), "")}
            for e in rows]


def research_meeting_choices(*, user, case: Case) -> list[Meeting]:
    """Research symposia with the case's branch (hosted by it or co-hosted) that the user can see."""
    branch = case.branch
    qs = Meeting.objects.filter(meetings_visible_q(scope_for_user(user)), kind=MeetingKind.SYMPOSIUM, research=True)
    qs = qs.filter(Q(org_path__startswith=branch.path) | Q(co_hosts=branch)).distinct()
    return list(qs.select_related("org").order_by("-starts_at")[:50])


def research_meeting_get(*, user, case: Case, meeting_id: int) -> Meeting:
    for m in research_meeting_choices(user=user, case=case):
        if m.pk == meeting_id:
            return m
    raise Http404("没有找到该调研座谈会")


# --- the public library ------------------------------------------------------------------------------


def case_library(*, q: str = "", label: str = "", category: str = "") -> QuerySet[Case]:
    """Published cases for everyone: by segmented words, pillar label and branch category."""
    qs = Case.objects.filter(status__in=PUBLIC_STATUSES)
    if q:
        words = search.query_q(q)
        qs = qs.filter(words) if words is not None else qs.none()
    if label:
        qs = qs.filter(method__pillars__label__contains=label).distinct()
    if category:
        qs = qs.filter(branch__category=category)
    return _case_qs(qs).annotate(adoption_count=Count("adoptions", distinct=True)).order_by("-published_at", "-id")


def case_public_get(*, case_id: int) -> Case:
    return case_get_for_user(user=None, case_id=case_id, detail=True)


def pillar_labels() -> list[str]:
    """The labels of published cases' pillars, most used first, for the library's filter."""
    rows = (Pillar.objects.filter(method__cases__status__in=PUBLIC_STATUSES, method__cases__deleted_at__isnull=True)
            .values("label").annotate(n=Count("method", distinct=True)).order_by("-n", "label")[:30])
    return [r["label"] for r in rows]


# --- adoptions and reach -------------------------------------------------------------------------------


def adoption_list(*, case: Case) -> list[Adoption]:
    return list(case.adoptions.select_related("branch", "via__branch").order_by("adopted_on", "id"))


def adoptable_branches(*, user, case: Case) -> list[Org]:
    """Branches the user manages that may record adopting this case (not its own, not already adopted)."""
    if not case.is_public or not getattr(user, "is_authenticated", False):
        return []
    scope = scope_for_user(user)
    qs = Org.objects.filter(scope.full_q("path"), kind=Org.Kind.BRANCH).exclude(pk=case.branch_id)
    qs = qs.exclude(pk__in=case.adoptions.values("branch_id"))
    return list(qs.order_by("path")[:200])


def _ancestor_info(paths: list[str]) -> dict[int, Org]:
    ids = {i for p in paths for i in path_ids(p)}
    return {o.pk: o for o in Org.objects.filter(pk__in=ids).only("id", "name", "short_name", "kind", "category",
                                                                  "city", "path")}


def case_reach(*, case: Case, adoptions: list[Adoption] | None = None) -> dict[str, int]:
    """{"adoptions", "branches", "universities", "cities", "depth"} in two queries.

    universities: the committees of category 高校 above the adopting branches; cities: for each adopting
    branch the city of its nearest node (itself or above) that has one; depth: the longest chain of
    adoptions of adoptions (1 when every adopter learned from the case itself).
    """
    if adoptions is None:
        adoptions = list(case.adoptions.select_related("branch").order_by("adopted_on", "id"))
    orgs = _ancestor_info([a.branch.path for a in adoptions])
    universities, cities = set(), set()
    for a in adoptions:
        chain = [orgs[i] for i in path_ids(a.branch.path) if i in orgs]
        universities.update(o.pk for o in chain if o.kind == Org.Kind.COMMITTEE and o.category == Org.Category.UNIVERSITY)
        city = next((o.city for o in reversed(chain) if o.city), "")
        if city:
            cities.add(city)
    by_id = {a.pk: a for a in adoptions}
    depth_of: dict[int, int] = {}

    def depth(a: Adoption, seen: frozenset = frozenset()) -> int:
        if a.pk not in depth_of:
            parent = by_id.get(a.via_id)
            depth_of[a.pk] = 1 if parent is None or parent.pk in seen else depth(parent, seen | {a.pk}) + 1
        return depth_of[a.pk]

    return {
        "adoptions": len(adoptions),
        "branches": len({a.branch_id for a in adoptions}),
        "universities": len(universities),
        "cities": len(cities),
        "depth": max((depth(a) for a in adoptions), default=0),
    }


def adoption_graph(*, case: Case, adoptions: list[Adoption]) -> dict:
    """Nodes and links of the adoption network for ECharts: the case's branch, who adopted from it (直接借鉴) and
    who adopted from an adopter (再借鉴)."""
    nodes = [{"id": f"b{case.branch_id}", "name": case.branch.display_name, "category": 0, "symbolSize": 30}]
    seen = {case.branch_id}
    links = []
    for a in adoptions:
        if a.branch_id not in seen:
            seen.add(a.branch_id)
            nodes.append({"id": f"b{a.branch_id}", "name": a.branch.display_name, "category": 2 if a.via_id else 1,
                          "symbolSize": 20, "value": a.adopted_on.isoformat()})
        source = a.via.branch_id if a.via_id else case.branch_id
        links.append({"source": f"b{source}", "target": f"b{a.branch_id}"})
    return {"nodes": nodes, "links": links,
            "categories": [{"name": "原案例支部"}, {"name": "直接借鉴"}, {"name": "再借鉴"}]}


def status_counts(*, user, under: Org | None = None) -> dict[str, int]:
    qs = Case.objects.filter(case_visible_q(user))
    if under is not None:
        qs = qs.filter(subtree_q("org_path", under.path))
    rows = qs.values("status").annotate(n=Count("id")).order_by()
    counts = {s: 0 for s in CaseStatus.values}
    for r in rows:
        counts[r["status"]] = r["n"]
    return counts
