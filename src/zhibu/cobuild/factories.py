"""Co-building records for tests, made through the real services so that paths and history are real."""

import datetime as dt
import itertools

from zhibu.orgs.models import Org

from . import services
from .creditcode import make_credit_code
from .models import ExternalUnit, Major, Partnership

_serial = itertools.count(1)


def make_major(*, school: Org, name: str = "物流管理", code: str = "120601", levels=(), **kwargs) -> Major:
    major = services.major_create(by=None, school=school, name=name, code=code, **kwargs)
    for tier, title, year in levels:
        services.major_level_add(by=None, major=major, tier=tier, title=title, year=year)
    return major


def make_unit(*, name: str = "京畿物流集团有限公司", kind: str = ExternalUnit.Kind.ENTERPRISE, city: str = "北京",
              party_branch_name: str = "京畿物流集团有限公司党支部", **kwargs) -> ExternalUnit:
    code = kwargs.pop("credit_code", None) or make_credit_code(serial=next(_serial) + 9000)
    return services.unit_register(by=None, name=name, credit_code=code, kind=kind, city=city,
                                  party_branch_name=party_branch_name, **kwargs)


def make_partnership(*, org: Org, kind: str, starts_on: dt.date = dt.date(2021, 3, 1), by=None, **kwargs) -> Partnership:
    return services.partnership_create(by=by, org=org, kind=kind, starts_on=starts_on, **kwargs)
