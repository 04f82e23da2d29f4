from django import forms

from zhibu.core.forms import BootstrapMixin
from zhibu.orgs.models import Org

from .models import Article

EDITABLE_KINDS = [(Article.Kind.NEWS, "新闻"), (Article.Kind.NOTICE, "通知公告")]


class ArticleForm(BootstrapMixin, forms.Form):
    org = forms.ModelChoiceField(label="所属组织", queryset=Org.objects.none(), empty_label=None)
    kind = forms.ChoiceField(label="类别", choices=EDITABLE_KINDS)
    title = forms.CharField(label="标题", max_length=200)
    body = forms.CharField(
        label="正文",
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text="段落之间空一行；以“## ”开头的行是小标题，以“- ”开头的行是列表项。",
    )

    def __init__(self, *args, orgs=None, article: Article | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if orgs is not None:
            self.fields["org"].queryset = orgs
        if article is not None:
            del self.fields["org"]
            if article.case_id:
                del self.fields["kind"]


class FilterForm(BootstrapMixin, forms.Form):
    state = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部状态"), *Article.State.choices]
    )
    kind = forms.ChoiceField(label="类别", required=False, choices=[("", "全部类别"), *Article.Kind.choices])
    q = forms.CharField(
        label="搜索",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "标题或组织名称"}),
    )


class ApproveForm(BootstrapMixin, forms.Form):
    override_reason = forms.CharField(
        label="强制发布理由",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="仅当文字检查发现可疑内容、且确认无误需要发布时填写；理由会记入签名版本和变更记录。",
    )


class ReturnForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label="退回意见", max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class WithdrawForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label="撤回原因", max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class LibraryForm(BootstrapMixin, forms.Form):
    q = forms.CharField(
        label="搜索",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "搜索工作法、做法、成效……"}),
    )
    label = forms.CharField(label="组成部分", required=False, max_length=40)
    category = forms.ChoiceField(
        label="支部类别",
        required=False,
        choices=[
            ("", "全部支部"),
            (Org.Category.FACULTY, "教工党支部"),
            (Org.Category.STUDENT, "学生党支部"),
            (Org.Category.MIXED, "师生联合党支部"),
            (Org.Category.RETIRED, "离退休党支部"),
            (Org.Category.OTHER, "其他"),
        ],
    )
