from django.contrib import admin

from .models import Article, IntegrityCheck, IntegrityFinding, Publication


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "org", "state", "published_at"]
    list_filter = ["kind", "state"]
    search_fields = ["title"]
    raw_id_fields = ["org", "case", "author"]
    readonly_fields = ["publication", "findings", "scanned_at"]


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    """Read-only: a signed snapshot is never changed."""

    list_display = ["article", "version", "signed_at", "sha256", "key_id"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


class FindingInline(admin.TabularInline):
    model = IntegrityFinding
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "url", "variant", "message", "article"]
    fields = readonly_fields


@admin.register(IntegrityCheck)
class IntegrityCheckAdmin(admin.ModelAdmin):
    list_display = ["started_at", "by", "articles", "pages", "problems", "restored"]
    inlines = [FindingInline]
