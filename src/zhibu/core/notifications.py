"""The in-app inbox and its e-mail copy: any app tells people what awaits them with `notify`."""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from .models import Notification

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


def mail_configured() -> bool:
    """Whether e-mail goes anywhere: a non-SMTP backend (console, file, tests' locmem) or a real SMTP host."""
    if settings.EMAIL_BACKEND != SMTP_BACKEND:
        return True
    return getattr(settings, "EMAIL_HOST", "localhost") not in ("", "localhost", "127.0.0.1")


def notify(*, recipients: Iterable, verb: str, url: str = "", actor=None) -> list[Notification]:
    """An inbox entry for each recipient (the actor excepted), and an e-mail after commit where configured."""
    actor_id = getattr(actor, "pk", None)
    people = {u.pk: u for u in recipients if u is not None and u.pk != actor_id and u.is_active}
    rows = Notification.objects.bulk_create(
        [Notification(recipient=u, verb=verb[:300], url=url[:300]) for u in people.values()]
    )
    addresses = sorted({u.email for u in people.values() if u.email})
    if addresses and mail_configured():
        site = getattr(settings, "ZHIBU_SITE_URL", "").rstrip("/")
        body = f"{verb}\n\n{site}{url}\n\n——支部 zhibu" if url else f"{verb}\n\n——支部 zhibu"
        transaction.on_commit(lambda: send_mail(
            subject=f"[支部] {verb}"[:120], message=body, from_email=None, recipient_list=addresses,
            fail_silently=True,
        ))
    return rows


def notification_list_for_user(*, user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def unread_count(*, user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


@transaction.atomic
def notification_mark_read(*, user, notification_id: int | None = None) -> int:
    """Mark one of the user's notifications read (or all of them when no id is given)."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())
