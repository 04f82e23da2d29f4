"""The Django admin is for superusers' repairs; day-to-day records go through the pages and services."""

from django.contrib import admin

from .models import AgendaItem, Attachment, Attendance, Guest, Meeting, Rule


class AgendaInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


class GuestInline(admin.TabularInline):
    model = Guest
    extra = 0


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ["member"]
    readonly_fields = ["via", "checked_in_at"]


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["original_name", "kind", "size", "uploaded_by", "created_at", "deleted_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "org", "starts_at", "research", "deleted_at"]
    list_filter = ["kind", "research"]
    search_fields = ["title", "topic", "place", "org__name", "org__code"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["org", "co_hosts", "chair", "chair_guest", "recorder", "created_by"]
    readonly_fields = ["org_path", "deleted_at", "deleted_by"]
    inlines = [AgendaInline, GuestInline, AttendanceInline, AttachmentInline]

    def get_queryset(self, request):
        return Meeting.all_objects.select_related("org")


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin):
    """Read-only here: rules are edited on the rules page, which keeps their history (compliance:rule_edit)."""

    list_display = ["code", "name", "period", "min_count", "enabled"]
    list_filter = ["enabled", "period"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
