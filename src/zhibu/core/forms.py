from django import forms


class TokenForm(forms.Form):
    name = forms.CharField(label="令牌名称", max_length=100, help_text="例如:数据对接脚本")
    expires_in_days = forms.TypedChoiceField(
        label="有效期",
        coerce=int,
        choices=[(30, "30天"), (90, "90天"), (365, "一年"), (0, "长期有效")],
        initial=90,
    )
