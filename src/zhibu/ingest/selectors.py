"""What the ingest pages read: the organisations a user may record a report under."""

from zhibu.orgs.selectors import can_manage, org_list_for_user

MAX_ORGS = 500


def managed_orgs(user) -> list:
    """The organisations in the user's scope that they manage (secretaries, committee members, admins)."""
    return [org for org in org_list_for_user(user=user)[:MAX_ORGS] if can_manage(user, org.path)]
