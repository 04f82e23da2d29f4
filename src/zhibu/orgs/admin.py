"""The Django admin is for superusers' repairs; day-to-day work goes through the pages and services."""

from django.contrib import admin

from .models import Honour, Member, Org, Position, Role, Transfer


class HonourInline(admin.TabularInline):
    model = Honour
    extra = 0


@admin.register(Org)
class OrgAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "category", "parent", "established_on"]
    list_filter = ["kind", "category"]
    search_fields = ["name", "short_name", "code"]
    readonly_fields = ["path", "depth"]
    raw_id_fields = ["parent"]
    inlines = [HonourInline]

    def get_queryset(self, request):
        return Org.all_objects.select_related("parent")


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["name", "org", "status", "occupation", "deleted_at"]
    list_filter = ["status", "occupation", "gender"]
    search_fields = ["name", "id_number"]
    raw_id_fields = ["org", "group", "user"]
    readonly_fields = ["org_path"]

    def get_queryset(self, request):
        return Member.all_objects.select_related("org")


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["user", "org", "kind", "granted_by", "created_at"]
    list_filter = ["kind"]
    search_fields = ["user__username", "org__name", "org__code"]
    raw_id_fields = ["user", "org", "granted_by"]


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["member", "org", "kind", "title", "started_on", "ended_on"]
    list_filter = ["kind"]
    raw_id_fields = ["member", "org"]


@admin.register(Transfer)
class TransferAdmin(admin.ModelAdmin):
    list_display = ["member", "from_org", "to_org", "transferred_on", "by"]
    raw_id_fields = ["member", "from_org", "to_org"]
