"""Matching graduates and job posts: a transparent score out of 100, each point explained.

    专业  40 the post asks for the graduate's major; 20 it takes any major, or a related one (same first two
          characters: 物流管理 ~ 物流工程); 0 otherwise
    学历  20 the graduate's degree meets the post's minimum; below it the post is not a match at all
    城市  25 the post's city is one the graduate prefers; 10 the graduate named no city; 0 otherwise
    行业  10 the employer's industry is one the graduate prefers; 5 the graduate named none; 0 otherwise
    截止   5 at least 7 days left; 2 fewer (apply now); a post past its deadline or not open is not a match

Ties go to the earlier deadline, then the older post. Everything here is plain Python on small tuples, so
that the same code ranks one graduate on a page and 5,000 in the bench.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .models import DEGREE_RANK, Industry

MAJOR_EXACT, MAJOR_NEAR, DEGREE_OK = 40, 20, 20
CITY_MATCH, CITY_ANY, INDUSTRY_MATCH, INDUSTRY_ANY = 25, 10, 10, 5
DEADLINE_FAR, DEADLINE_NEAR, NEAR_DAYS = 5, 2, 7


@dataclass(frozen=True)
class Seeker:
    id: int
    major: str
    degree: str
    cities: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()


@dataclass(frozen=True)
class Post:
    id: int
    majors: tuple[str, ...]
    degree: str
    city: str
    industry: str
    deadline: dt.date


@dataclass(frozen=True)
class Reason:
    label: str
    points: int
    text: str


@dataclass(frozen=True)
class Match:
    seeker_id: int
    post_id: int
    score: int
    reasons: tuple[Reason, ...] = field(default=())


def _near(a: str, b: str) -> bool:
    return len(a) >= 2 and len(b) >= 2 and a[:2] == b[:2]


def _city_match(city: str, preferred: Sequence[str]) -> bool:
    city = city.removesuffix("市")
    return any(city == p.removesuffix("市") for p in preferred)


def _major_points(major: str, wanted: tuple[str, ...]) -> int:
    if not wanted:
        return MAJOR_NEAR
    if major in wanted:
        return MAJOR_EXACT
    return MAJOR_NEAR if any(_near(major, x) for x in wanted) else 0


def score(seeker: Seeker, post: Post, *, today: dt.date, explain: bool = False) -> Match | None:
    """The match of one graduate and one post, or None when the post is closed to them (deadline, degree)."""
    if post.deadline < today or DEGREE_RANK.get(seeker.degree, 0) < DEGREE_RANK.get(post.degree, 0):
        return None
    m = _major_points(seeker.major, post.majors)
    c = CITY_ANY if not seeker.cities else CITY_MATCH if _city_match(post.city, seeker.cities) else 0
    i = INDUSTRY_ANY if not seeker.industries else INDUSTRY_MATCH if post.industry in seeker.industries else 0
    days = (post.deadline - today).days
    d = DEADLINE_FAR if days >= NEAR_DAYS else DEADLINE_NEAR
    total = m + DEGREE_OK + c + i + d
    if not explain:
        return Match(seeker.id, post.id, total)
    wanted = "、".join(post.majors)
    mt = ("不限专业" if not post.majors else f"专业对口（{seeker.major}）" if m == MAJOR_EXACT
          else f"相近专业（岗位要求{wanted}）" if m else f"专业不对口（岗位要求{wanted}）")
    ct = ("未填意向城市" if not seeker.cities else f"意向城市（{post.city}）" if c
          else f"{post.city}不在意向城市（{'、'.join(seeker.cities)}）")
    it = ("未填意向行业" if not seeker.industries else f"意向行业（{Industry(post.industry).label}）" if i
          else "不在意向行业")
    dt_ = (f"距截止还有{days}天" if d == DEADLINE_FAR
           else f"{days}天后截止，请尽快投递" if days else "今天截止，请尽快投递")
    reasons = (Reason("专业", m, mt), Reason("学历", DEGREE_OK, "学历符合要求"), Reason("城市", c, ct),
               Reason("行业", i, it), Reason("截止", d, dt_))
    return Match(seeker.id, post.id, total, reasons)


def _order(match: Match, post: Post) -> tuple:
    # heapq.nlargest: higher score first, then earlier deadline, then older post.
    return (match.score, -post.deadline.toordinal(), -post.id)


def rank_posts(seeker: Seeker, posts: Iterable[Post], *, today: dt.date, limit: int = 10,
               explain: bool = True) -> list[Match]:
    by_id, scored = {}, []
    for p in posts:
        s = score(seeker, p, today=today)
        if s is not None:
            by_id[p.id] = p
            scored.append((_order(s, p), s))
    top = [s for _, s in heapq.nlargest(limit, scored, key=lambda t: t[0])]
    return [score(seeker, by_id[m.post_id], today=today, explain=True) for m in top] if explain else top


def rank_seekers(post: Post, seekers: Iterable[Seeker], *, today: dt.date, limit: int = 20,
                 explain: bool = True) -> list[Match]:
    by_id, scored = {}, []
    for g in seekers:
        s = score(g, post, today=today)
        if s is not None:
            by_id[g.id] = g
            scored.append(((s.score, -g.id), s))
    top = [s for _, s in heapq.nlargest(limit, scored, key=lambda t: t[0])]
    return [score(by_id[m.seeker_id], post, today=today, explain=True) for m in top] if explain else top


def match_all(seekers: Sequence[Seeker], posts: Sequence[Post], *, today: dt.date,
              limit: int = 10) -> dict[int, list[Match]]:
    """Top `limit` posts for every seeker, the same as `rank_posts` gives, without scoring every pair.

    The part of the score that depends only on the major, the degree and the post (major + degree + deadline
    points) is computed once per (major, degree) and the open posts sorted by it. A seeker then walks that list
    adding the city and industry points, and stops as soon as the list's remaining best plus the most the seeker's
    preferences can add cannot reach the current `limit`-th score. Seekers with the same profile share a ranking.
    """
    open_posts = [(p, p.city.removesuffix("市")) for p in posts if p.deadline >= today]
    far = {p.id: DEADLINE_FAR if (p.deadline - today).days >= NEAR_DAYS else DEADLINE_NEAR for p, _ in open_posts}
    lists: dict[tuple[str, str], list[tuple]] = {}
    by_profile: dict[tuple, list[tuple[int, int]]] = {}
    result: dict[int, list[Match]] = {}
    for s in seekers:
        key = (s.major, s.degree, s.cities, s.industries)
        ranked = by_profile.get(key)
        if ranked is None:
            base_key = (s.major, s.degree)
            ordered = lists.get(base_key)
            if ordered is None:
                rank = DEGREE_RANK.get(s.degree, 0)
                ordered = sorted(
                    ((_major_points(s.major, p.majors) + DEGREE_OK + far[p.id], -p.deadline.toordinal(), -p.id,
                      city, p.industry) for p, city in open_posts if DEGREE_RANK.get(p.degree, 0) <= rank),
                    reverse=True)
                lists[base_key] = ordered
            cities = {c.removesuffix("市") for c in s.cities}
            industries = set(s.industries)
            city_else = 0 if cities else CITY_ANY
            ind_else = 0 if industries else INDUSTRY_ANY
            most = (CITY_MATCH if cities else CITY_ANY) + (INDUSTRY_MATCH if industries else INDUSTRY_ANY)
            best: list[tuple[int, int, int]] = []
            for base, neg_deadline, neg_id, city, industry in ordered:
                if len(best) == limit and base + most < best[0][0]:
                    break
                total = (base + (CITY_MATCH if city in cities else city_else)
                         + (INDUSTRY_MATCH if industry in industries else ind_else))
                item = (total, neg_deadline, neg_id)
                if len(best) < limit:
                    heapq.heappush(best, item)
                elif item > best[0]:
                    heapq.heapreplace(best, item)
            ranked = [(-neg_id, total) for total, _, neg_id in sorted(best, reverse=True)]
            by_profile[key] = ranked
        result[s.id] = [Match(s.id, pid, sc) for pid, sc in ranked]
    return result
