"""The admin edits the point rules (through the service: validated and written to the history)."""

from django.contrib import admin
from django.core.exceptions import ValidationError

from zhibu.core.audit import history_for

from . import services
from .models import PointRule


@admin.register(PointRule)
class PointRuleAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "kind", "points", "cap", "year_from", "year_to", "enabled"]
    list_filter = ["kind", "enabled"]
    search_fields = ["code", "label"]
    readonly_fields = ["history"]

    def save_model(self, request, obj, form, change):
        services.point_rule_save(by=request.user, rule=obj)

    def has_delete_permission(self, request, obj=None):
        return False  # end a rule with 截止年度 or 启用=否; past years keep their points

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        original_clean = form.clean

        def clean(self):
            data = original_clean(self)
            try:
                services.point_rule_validate(self.instance.__class__(pk=self.instance.pk, **{
                    k: data.get(k) for k in ("code", "kind", "label", "points", "cap", "year_from", "year_to",
                                             "enabled") if k in data}))
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    self.add_error(field if field in self.fields else None, errors)
            return data

        form.clean = clean
        return form

    @admin.display(description="变更记录")
    def history(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        rows = [f"{e.at:%Y-%m-%d %H:%M} {e.actor or '系统'} {e.get_action_display()} {e.changes}"
                for e in history_for(obj)[:20]]
        return "\n".join(rows) or "—"

