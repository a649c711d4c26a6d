from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from apps.accounts.choices import Role
from apps.organizations.forms import ServiceForm, VietDateField


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label=_("Mật khẩu"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    error_messages = {
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng. / Wrong username or password."),
        "inactive": _("Tài khoản đã bị khóa."),
    }


# ------------------------------------------------------------------ roles on an organization


class RoleGrantForm(ServiceForm):
    """Give a user a role on an organization (it holds for the organization's whole subtree)."""

    username = forms.CharField(
        label=_("Tên đăng nhập"), max_length=150, widget=forms.TextInput(attrs={"autocapitalize": "none", "autocomplete": "off"})
    )
    role = forms.ChoiceField(label=_("Vai trò"), choices=Role.choices)
    valid_from = VietDateField(label=_("Từ ngày"))
    field_map = {"valid_to": "valid_from"}

    def clean_username(self) -> Any:
        username = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("Không có tài khoản đang hoạt động tên “%(u)s”."), params={"u": username})
        return user


class RoleEndForm(ServiceForm):
    on_date = VietDateField(label=_("Kết thúc từ ngày"))
    field_map = {"valid_to": "on_date"}
