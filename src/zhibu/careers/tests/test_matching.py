"""Matching order on hand-made examples, and the fast path agreeing with scoring every pair."""

import datetime as dt
import random

from zhibu.careers import matching
from zhibu.careers.matching import Post, Seeker

TODAY = dt.date(2022, 6, 15)


def post(pid, majors=("物流管理",), degree="bachelor", city="北京", industry="logistics", days=30):
    return Post(pid, tuple(majors), degree, city, industry, TODAY + dt.timedelta(days=days))


def test_it_ranks_major_then_city_then_industry():
    li = Seeker(1, "物流管理", "bachelor", ("北京",), ("logistics",))
    posts = [
        post(1, majors=("会计学",), city="北京"),                 # unrelated major, right city: 20+25+10+5 = 60
        post(2, majors=("物流管理",), city="上海"),               # own major, other city: 40+20+0+10+5 = 75
        post(3, majors=("物流管理",), city="北京市"),             # own major, own city: 100
        post(4, majors=(), city="北京", industry="it"),          # any major, city, other industry: 20+20+25+0+5 = 70
        post(5, majors=("物流工程",), city="北京"),               # related major: 20+20+25+10+5 = 80
    ]
    ranked = matching.rank_posts(li, posts, today=TODAY)
    assert [m.post_id for m in ranked] == [3, 5, 2, 4, 1]
    assert [m.score for m in ranked] == [100, 80, 75, 70, 60]
    texts = [r.text for r in ranked[0].reasons]
    assert "专业对口（物流管理）" in texts and "意向城市（北京市）" in texts


def test_it_excludes_past_deadlines_and_higher_degrees():
    li = Seeker(1, "物流管理", "bachelor")
    posts = [post(1, days=-1), post(2, degree="master"), post(3, days=0)]
    ranked = matching.rank_posts(li, posts, today=TODAY)
    assert [m.post_id for m in ranked] == [3]
    assert ranked[0].reasons[-1].text == "今天截止，请尽快投递"
    assert matching.score(Seeker(2, "物流管理", "doctor"), post(2, degree="master"), today=TODAY) is not None


def test_it_prefers_the_earlier_deadline_on_ties_and_flags_near_deadlines():
    li = Seeker(1, "物流管理", "bachelor")
    ranked = matching.rank_posts(li, [post(1, days=40), post(2, days=20), post(3, days=3)], today=TODAY)
    assert [m.post_id for m in ranked] == [2, 1, 3]  # 3 has fewer than 7 days: 2 points instead of 5
    assert ranked[2].score == ranked[0].score - 3


def test_no_preferences_score_in_the_middle():
    anyone = Seeker(1, "物流管理", "bachelor")
    m = matching.score(anyone, post(1), today=TODAY, explain=True)
    assert m.score == 40 + 20 + 10 + 5 + 5
    assert [r.text for r in m.reasons][2:4] == ["未填意向城市", "未填意向行业"]


def test_graduates_for_a_post_rank_by_fit():
    p = post(1, city="天津")
    seekers = [Seeker(1, "会计学", "bachelor", ("天津",)), Seeker(2, "物流管理", "bachelor", ("北京",)),
               Seeker(3, "物流管理", "master", ("天津",)), Seeker(4, "物流管理", "associate", ("天津",))]
    ranked = matching.rank_seekers(p, seekers, today=TODAY)
    assert [m.seeker_id for m in ranked] == [3, 2, 1]  # 4 lacks the degree


def test_match_all_agrees_with_scoring_every_pair():
    rnd = random.Random(7)
    majors = ["物流管理", "物流工程", "会计学", "市场营销", "电子商务", "工商管理"]
    cities = ["北京", "天津", "上海", "廊坊", "石家庄"]
    industries = ["logistics", "it", "finance", "trade"]
    degrees = ["associate", "bachelor", "master"]
    posts = [Post(i, tuple(rnd.sample(majors, rnd.choice([0, 1, 1, 2]))), rnd.choice(degrees), rnd.choice(cities),
                  rnd.choice(industries), TODAY + dt.timedelta(days=rnd.randint(-10, 60))) for i in range(1, 301)]
    seekers = [Seeker(i, rnd.choice(majors), rnd.choice(degrees), tuple(rnd.sample(cities, rnd.randint(0, 2))),
                      tuple(rnd.sample(industries, rnd.randint(0, 2)))) for i in range(1, 201)]
    fast = matching.match_all(seekers, posts, today=TODAY, limit=10)
    for s in seekers:
        slow = matching.rank_posts(s, posts, today=TODAY, limit=10, explain=False)
        assert [(m.post_id, m.score) for m in fast[s.id]] == [(m.post_id, m.score) for m in slow]
