import pytest
from django.urls import reverse

from apps.core.testing import make_user

pytestmark = pytest.mark.django_db


def test_login_then_tree(client):
    make_user("thu", superuser=True, password="mat-khau-dung-123")
    response = client.post(reverse("accounts:login"), {"username": "thu", "password": "mat-khau-dung-123"})
    assert response.status_code == 302
    assert client.get(reverse("organizations:tree")).status_code == 200


def test_wrong_password_message_is_vietnamese(client):
    make_user("thu", password="mat-khau-dung-123")
    response = client.post(reverse("accounts:login"), {"username": "thu", "password": "sai"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_login_is_throttled_after_repeated_failures(client, settings):
    make_user("thu", password="mat-khau-dung-123")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "thu", "password": "sai"}, REMOTE_ADDR="10.0.0.9")
    # even the right password is refused while locked
    locked = client.post(reverse("accounts:login"), {"username": "thu", "password": "mat-khau-dung-123"}, REMOTE_ADDR="10.0.0.9")
    assert locked.status_code == 429
    assert "Tạm khóa đăng nhập" in locked.content.decode()


def test_pages_need_login(client):
    response = client.get(reverse("organizations:tree"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_strict_content_security_policy_and_headers(client):
    response = client.get(reverse("accounts:login"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self' 'nonce-" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    cookie = response.cookies.get("csrftoken")
    assert cookie is not None and cookie["httponly"] and cookie["samesite"] == "Lax"


def test_csrf_is_enforced():
    from django.test import Client

    make_user("thu", password="mat-khau-dung-123")
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("accounts:login"), {"username": "thu", "password": "mat-khau-dung-123"})
    assert response.status_code == 403
