"""Plausible people: names by gender, ID numbers consistent with birth date and gender, phones, party dates."""

from __future__ import annotations

import datetime as dt
import random

from zhibu.core.personal import make_id_number

from ..models import Member
from .names import (
    AVOIDED_NAMES,
    BEIJING_AREAS,
    FEMALE_CHARS,
    MALE_CHARS,
    OTHER_AREAS,
    PHONE_PREFIXES,
    SURNAME_WEIGHTS,
    SURNAMES,
)


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    if end <= start:
        return start
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def latest_cohort(today: dt.date) -> int:
    """The class year of this academic year's freshmen (the year starts in September)."""
    return today.year if today.month >= 9 else today.year - 1


class People:
    """Plausible people: names by gender, ID numbers consistent with birth date and gender, phones."""

    def __init__(self, rng: random.Random, used_ids: set[str] | None = None):
        self.rng = rng
        self.used_ids = used_ids if used_ids is not None else set()

    def gender(self) -> str:
        return Member.Gender.MALE if self.rng.random() < 0.5 else Member.Gender.FEMALE

    def name(self, gender: str, birth_year: int, taken: set[str] | None = None) -> str:
        rng = self.rng
        chars = MALE_CHARS if gender == Member.Gender.MALE else FEMALE_CHARS
        single = 0.35 if birth_year < 1980 else 0.15
        while True:
            surname = rng.choices(SURNAMES, weights=SURNAME_WEIGHTS)[0]
            given = rng.choice(chars) if rng.random() < single else rng.choice(chars) + rng.choice(chars)
            name = surname + given
            if given[0] != given[-1] or len(given) == 1:
                if name not in AVOIDED_NAMES and (taken is None or name not in taken):
                    if taken is not None:
                        taken.add(name)
                    return name

    def id_number(self, gender: str, birth: dt.date, local: bool = True) -> str:
        rng = self.rng
        parity = 1 if gender == Member.Gender.MALE else 0
        while True:
            area = rng.choice(BEIJING_AREAS) if local or rng.random() < 0.3 else rng.choice(OTHER_AREAS)
            order = rng.randrange(parity, 1000, 2)
            number = make_id_number(area, birth, order)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def phone(self) -> str:
        return self.rng.choice(PHONE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def party_dates(
        self, status: str, birth: dt.date, today: dt.date, earliest: dt.date | None = None
    ) -> tuple[str, dt.date | None, dt.date | None]:
        """(status, joined_on, full_on) satisfying `Member.clean()`; a status the person is too young
        for (or joined too recently for) steps down to the one before it."""
        rng = self.rng
        start = max(add_years(birth, 18), earliest or birth)
        if status == Member.Status.FULL:
            latest = add_years(today, -1) - dt.timedelta(days=20)
            if start <= latest:
                # Most people join at university or in their first working years.
                joined = random_date(rng, start, min(latest, add_years(start, 12)))
                full = min(add_years(joined, 1) + dt.timedelta(days=rng.randint(0, 20)), today)
                return status, joined, full
            status = Member.Status.PROBATIONARY
        if status == Member.Status.PROBATIONARY:
            start = max(start, today - dt.timedelta(days=340))
            latest = today - dt.timedelta(days=14)
            if start <= latest:
                return status, random_date(rng, start, latest), None
            status = Member.Status.CANDIDATE
        return status, None, None
