"""The upload page's side of an import: the form, the stored file and the job that tracks it."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core import context
from apps.core.models import ImportJob
from apps.core.scoping import can
from apps.members.importers.checks import PERM_IMPORT
from apps.members.importers.reading import SUFFIXES, count_rows
from apps.organizations.models import Organization

KIND = "members"
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp Excel"),
        help_text=gettext_lazy("Tệp .xlsx theo mẫu (cũng nhận .xls, .ods). Chữ TCVN3, VNI được tự chuyển sang Unicode."),
    )
    organization = forms.CharField(
        label=gettext_lazy("Tổ chức mặc định (mã)"),
        required=False,
        max_length=40,
        help_text=gettext_lazy("Cho các dòng không ghi mã tổ chức; các dòng có mã phải thuộc tổ chức này."),
    )
    given_syllables = forms.TypedChoiceField(
        label=gettext_lazy("Khi chỉ có cột “Họ và tên”: tên gồm"),
        choices=[(1, gettext_lazy("1 từ cuối")), (2, gettext_lazy("2 từ cuối (nhiều tên người Khmer)"))],
        coerce=int,
        initial=1,
        required=False,
    )
    dry_run = forms.BooleanField(label=gettext_lazy("Chỉ kiểm tra, chưa nhập"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.root: Organization | None = None

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if Path(upload.name or "").suffix.lower() not in SUFFIXES:
            raise forms.ValidationError(_("Chỉ nhận tệp Excel (.xlsx, .xls) hoặc .ods."))
        if upload.size and upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Tệp lớn quá 50 MB; hãy chia nhỏ."))
        return upload

    def clean_organization(self) -> str:
        code = (self.cleaned_data.get("organization") or "").strip()
        if code:
            org = Organization.objects.filter(code=code).first()
            # a missing organization and one outside the user's scope answer the same
            if org is None or not can(self.user, PERM_IMPORT, org.id):
                raise forms.ValidationError(_("Không có tổ chức mã “%(c)s” trong phạm vi bạn được nhập.") % {"c": code})
            self.root = org
        return code


def create_job(form: ImportForm, user: Any) -> tuple[ImportJob, bool]:
    """Store the upload under MEDIA_ROOT and open its job. Answers the job and whether it is large enough
    (``DANGBO_IMPORT_BACKGROUND_ROWS``) to run in the background."""
    upload: UploadedFile = form.cleaned_data["file"]
    suffix = Path(upload.name or "").suffix.lower()
    relative = Path("imports") / f"{uuid.uuid4().hex}{suffix}"
    target = Path(settings.MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    rows = max(count_rows(target) - 1, 0)
    background = rows > settings.DANGBO_IMPORT_BACKGROUND_ROWS
    job = ImportJob.objects.create(
        kind=KIND,
        created_by=user,
        organization_id=form.root.id if form.root else None,
        file_path=str(relative),
        original_name=Path(upload.name or "").name[:255],
        total_rows=rows,
        options={
            "root_id": form.root.id if form.root else None,
            "given_syllables": form.cleaned_data.get("given_syllables") or 1,
            "dry_run": bool(form.cleaned_data.get("dry_run")),
            "background": background,
        },
        request_id=context.current().request_id,
    )
    return job, background


def jobs_of(user: Any) -> Any:
    """A user's own import jobs (a superuser sees everyone's)."""
    qs = ImportJob.objects.filter(kind=KIND)
    if getattr(user, "is_superuser", False):
        return qs
    return qs.filter(created_by=user)
