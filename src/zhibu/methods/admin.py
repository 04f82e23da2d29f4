from django.contrib import admin

from .models import Adoption, Case, CaseMedia, Evidence, Pillar, PillarItem, Review, Transition, WorkMethod


class PillarItemInline(admin.TabularInline):
    model = PillarItem
    extra = 0


@admin.register(Pillar)
class PillarAdmin(admin.ModelAdmin):
    list_display = ["method", "ordinal", "count", "measure", "label"]
    inlines = [PillarItemInline]


@admin.register(WorkMethod)
class WorkMethodAdmin(admin.ModelAdmin):
    list_display = ["name", "branch", "slogan", "created_at"]
    search_fields = ["name", "branch__name"]
    raw_id_fields = ["branch"]


class TransitionInline(admin.TabularInline):
    model = Transition
    extra = 0
    raw_id_fields = ["actor", "actor_org", "meeting"]


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["title", "branch", "status", "round", "published_at"]
    list_filter = ["status"]
    search_fields = ["title", "branch__name"]
    raw_id_fields = ["branch", "method", "created_by"]
    readonly_fields = ["search_text"]
    inlines = [TransitionInline]


admin.site.register([CaseMedia, Evidence, Review])


@admin.register(Adoption)
class AdoptionAdmin(admin.ModelAdmin):
    list_display = ["branch", "case", "adopted_on", "via"]
    raw_id_fields = ["branch", "case", "via"]
