"""Forms of the portal: the reader's comment, and the newsroom's article, image, schedule and category forms.
Foreign-key choices are scoped to what the user may write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.organizations.models import Organization
from apps.portal import guard
from apps.portal.models import Category


class CommentForm(forms.Form):
    name = forms.CharField(label=_("Họ tên"), max_length=guard.MAX_NAME)
    email = forms.EmailField(label=_("Thư điện tử (không công khai, không bắt buộc)"), required=False, max_length=254)
    body = forms.CharField(
        label=_("Ý kiến của bạn"),
        max_length=guard.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": guard.MAX_LENGTH}),
    )
    # The honeypot: hidden from people by the stylesheet and from screen readers; robots fill it.
    website = forms.CharField(
        label=_("Để trống ô này"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"


class ArticleForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Chuyên mục"), queryset=Category.objects.none())
    title = forms.CharField(label=_("Tiêu đề"), max_length=300)
    lead = forms.CharField(label=_("Sapo (đoạn dẫn)"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    body = forms.CharField(
        label=_("Nội dung"),
        max_length=100_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_(
            "Mỗi đoạn cách nhau một dòng trống. “## ” đầu dòng: tiêu đề nhỏ; “> ”: trích dẫn; **chữ đậm**; "
            "[[ảnh:số]] trên một dòng riêng: chèn ảnh của bài. Số hiệu văn bản (ví dụ Quyết định số 1628-QĐ/TU) "
            "tự động được liên kết."
        ),
    )
    byline = forms.CharField(label=_("Tác giả"), max_length=200, required=False)
    source = forms.CharField(label=_("Nguồn"), max_length=200, required=False)
    cover = forms.TypedChoiceField(label=_("Ảnh đại diện"), required=False, coerce=int, empty_value=None)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, categories: Any, images: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["category"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = categories
        field.label_from_instance = _category_label  # type: ignore[method-assign,assignment]
        cover = self.fields["cover"]
        assert isinstance(cover, forms.TypedChoiceField)
        cover.choices = [("", _("(không có)"))] + [(i.pk, f"{i.pk}: {i.caption or i.original_name}"[:80]) for i in images]


def _category_label(category: Any) -> str:
    return f"{category.parent.name} › {category.name}" if category.parent_id else str(category.name)


class ImageForm(forms.Form):
    file = forms.FileField(label=_("Tệp ảnh (JPEG, PNG hoặc WebP)"))
    caption = forms.CharField(label=_("Chú thích"), max_length=500, required=False)
    credit = forms.CharField(label=_("Tác giả ảnh"), max_length=120, required=False)
    alt = forms.CharField(label=_("Mô tả ảnh cho người khiếm thị"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = "image/jpeg,image/png,image/webp"


class ImageEditForm(forms.Form):
    caption = forms.CharField(label=_("Chú thích"), max_length=500, required=False)
    credit = forms.CharField(label=_("Tác giả ảnh"), max_length=120, required=False)
    alt = forms.CharField(label=_("Mô tả ảnh cho người khiếm thị"), max_length=300, required=False)


class PublishForm(forms.Form):
    """Empty date: publish now. A date (and time) in GMT+7: publish then."""

    date = forms.CharField(label=_("Ngày đăng (để trống: đăng ngay)"), required=False, max_length=20)
    time = forms.CharField(label=_("Giờ"), required=False, max_length=5)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].widget.attrs.update({"placeholder": "30-7-2020", "inputmode": "numeric"})
        self.fields["time"].widget.attrs.update({"placeholder": "06:00", "inputmode": "numeric"})


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)


class CategoryForm(forms.Form):
    organization: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Cổng thông tin của"), queryset=Organization.objects.none()
    )
    name = forms.CharField(label=_("Tên chuyên mục"), max_length=120)
    parent = forms.ModelChoiceField(label=_("Thuộc chuyên mục"), queryset=Category.objects.none(), required=False)
    position = forms.IntegerField(label=_("Thứ tự"), min_value=0, max_value=32767, initial=0)
    description = forms.CharField(label=_("Mô tả"), max_length=300, required=False)

    def __init__(self, *args: Any, organizations: Any, categories: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org = self.fields["organization"]
        parent = self.fields["parent"]
        assert isinstance(org, forms.ModelChoiceField) and isinstance(parent, forms.ModelChoiceField)
        org.queryset = organizations
        parent.queryset = categories


class CategoryEditForm(forms.Form):
    """Rename a category, move it under another of the same portal, change its place or description."""

    name = forms.CharField(label=_("Tên chuyên mục"), max_length=120)
    parent = forms.ModelChoiceField(label=_("Thuộc chuyên mục"), queryset=Category.objects.none(), required=False)
    position = forms.IntegerField(label=_("Thứ tự"), min_value=0, max_value=32767)
    description = forms.CharField(label=_("Mô tả"), max_length=300, required=False)

    def __init__(self, *args: Any, category: Category, categories: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "name": category.name,
                "parent": category.parent_id,
                "position": category.position,
                "description": category.description,
            },
        )
        super().__init__(*args, **kwargs)
        parent = self.fields["parent"]
        assert isinstance(parent, forms.ModelChoiceField)
        parent.queryset = categories.filter(organization_id=category.organization_id).exclude(pk=category.pk)
