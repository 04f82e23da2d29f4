"""Base models every capability builds on: timestamps, soft delete, audit history, API tokens."""

import hashlib
import secrets

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("创建时间", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True


class AliveManager(models.Manager):
    """The default manager: rows that have not been soft-deleted."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class SoftDeleteModel(TimeStampedModel):
    """Rows are never removed by the application; `deleted_at` hides them and restore brings them back."""

    deleted_at = models.DateTimeField("删除时间", null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="删除人",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = AliveManager()
    all_objects = models.Manager()  # noqa: DJ012 (two managers, both declared together)

    class Meta:
        abstract = True
        base_manager_name = "all_objects"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class AuditEntry(models.Model):
    """One change to one record: who, when, what. Written by services, read on the record's page."""

    class Action(models.TextChoices):
        CREATE = "create", "创建"
        UPDATE = "update", "修改"
        DELETE = "delete", "删除"
        RESTORE = "restore", "恢复"
        TRANSFER = "transfer", "转接"
        IMPORT = "import", "导入"

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField("对象", max_length=200)
    # The owning organisation's tree path, so that history is scoped like the record itself.
    org_path = models.CharField(max_length=255, blank=True, default="")
    action = models.CharField("操作", max_length=16, choices=Action.choices)
    changes = models.JSONField("变更", default=dict, blank=True)
    note = models.CharField("说明", max_length=300, blank=True, default="")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    at = models.DateTimeField("时间", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "变更记录"
        verbose_name_plural = "变更记录"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"

    EXTRA_LABELS = {"honours": "荣誉", "positions": "职务", "roles": "角色"}

    def change_rows(self) -> list[tuple[str, object, object]]:
        """(field label, old, new) with verbose names and choice labels: history reads 政治面貌 预备党员 → 正式党员."""
        model = ContentType.objects.get_for_id(self.content_type_id).model_class()
        rows = []
        for name, (old, new) in sorted(self.changes.items()):
            label, choices = self.EXTRA_LABELS.get(name, name), {}
            if model is not None and name not in self.EXTRA_LABELS:
                try:
                    field = model._meta.get_field(name)
                except Exception:  # a field that has since been removed
                    field = None
                if field is not None:
                    label = str(field.verbose_name)
                    choices = {k: str(v) for k, v in (field.choices or [])}
            rows.append((label, choices.get(old, old), choices.get(new, new)))
        return rows


class ApiToken(models.Model):
    """A personal access token. Only a SHA-256 of the key is stored; the key is shown once."""

    PREFIX = "zb_"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("名称", max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    key_hint = models.CharField("尾号", max_length=8)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    expires_at = models.DateTimeField("过期时间", null=True, blank=True)
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)

    class Meta:
        verbose_name = "访问令牌"
        verbose_name_plural = "访问令牌"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} (…{self.key_hint})"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def new_key(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)

    @property
    def is_active(self) -> bool:
        now = timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


class FailedLogin(models.Model):
    """A failed login attempt, kept for the lock-out window."""

    username = models.CharField(max_length=150, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "登录失败记录"
        verbose_name_plural = "登录失败记录"

    def __str__(self) -> str:
        return f"{self.username} {self.at:%Y-%m-%d %H:%M}"


class Notification(models.Model):
    """An inbox entry: something that asks the recipient to act or to know (a case awaits their review …)."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="接收人", on_delete=models.CASCADE,
                                  related_name="notifications")
    verb = models.CharField("内容", max_length=300)
    url = models.CharField("链接", max_length=300, blank=True)
    created_at = models.DateTimeField("时间", default=timezone.now)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = "消息"
        verbose_name_plural = "消息"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_inbox_idx")]

    def __str__(self) -> str:
        return self.verb
