"""Admin: indicators are changed on the weights page (the weights must add up to 100 together), so here
weights are read-only; every other change goes through the service, audited."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from . import services
from .models import Adjustment, BenchmarkStandard, DisciplineRecord, Indicator, Plan


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "strength", "target", "weight", "enabled"]
    list_filter = ["strength", "enabled"]
    readonly_fields = ["code", "weight", "numerator", "denominator", "scale"]
    fields = ["code", "strength", "label", "numerator", "denominator", "scale", "unit", "target", "weight",
              "citation", "ordinal", "enabled"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        rows = {obj.code: {name: form.cleaned_data[name] for name in ("label", "target", "citation", "unit", "enabled")
                           if name in form.cleaned_data}}
        try:
            services.indicators_update(by=request.user, rows=rows)
        except ValidationError as exc:
            self.message_user(request, "；".join(exc.messages), level=messages.ERROR)


@admin.register(Adjustment)
class AdjustmentAdmin(admin.ModelAdmin):
    list_display = ["org", "year", "indicator", "points", "reason", "created_by"]
    list_filter = ["year"]
    readonly_fields = [f.name for f in Adjustment._meta.fields]

    def has_add_permission(self, request):
        return False


admin.site.register([Plan, BenchmarkStandard, DisciplineRecord])
