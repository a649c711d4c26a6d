"""English interface: the committed catalogue is complete and compiled, and pages switch language by request."""

from __future__ import annotations

import datetime as dt
import gettext
import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from apps.core.testing import make_org, make_person, make_user
from apps.organizations.choices import OrganizationKind

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"

# Letters that only Vietnamese text has (with their capitals); English pages must not show any, apart from the
# language switch, which names Vietnamese in Vietnamese.
VIETNAMESE = re.compile("[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.IGNORECASE)


@dataclass
class Entry:
    line: int
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)


def _unquote(s: str) -> str:
    assert s.startswith('"') and s.endswith('"'), s
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes[m.group(1)], s[1:-1])


def parse_po(text: str) -> list[Entry]:
    """Active entries of a .po file (obsolete `#~` entries are skipped), with their flags."""
    entries: list[Entry] = []
    cur: Entry | None = None
    key: tuple[str, int] = ("", 0)
    flags: set[str] = set()
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            cur = None
            continue
        if line.startswith("#,"):
            flags |= {f.strip() for f in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        word, _, rest = line.partition(" ")
        if line.startswith('"'):
            assert cur is not None, f"line {n}: continuation without an entry"
            value = _unquote(line)
            if key[0] == "msgstr":
                cur.msgstr[key[1]] += value
            else:
                setattr(cur, key[0], (getattr(cur, key[0]) or "") + value)
            continue
        if word in ("msgctxt", "msgid") and (cur is None or cur.msgstr):
            cur = Entry(line=n, flags=flags)
            flags = set()
            entries.append(cur)
        assert cur is not None, f"line {n}: {line}"
        m = re.fullmatch(r"msgstr\[(\d+)\]", word)
        if m:
            key = ("msgstr", int(m.group(1)))
            cur.msgstr[key[1]] = _unquote(rest)
        elif word == "msgstr":
            key = ("msgstr", 0)
            cur.msgstr[0] = _unquote(rest)
        else:
            key = (word, 0)
            setattr(cur, word, _unquote(rest))
    return entries


def test_parser_reads_continuations_plurals_and_flags() -> None:
    text = '#, fuzzy, python-format\nmsgid ""\n"a %(n)s "\n"b"\nmsgid_plural "c"\nmsgstr[0] "x"\nmsgstr[1] ""\n\n#~ msgid "old"\n#~ msgstr ""\n'
    (entry,) = parse_po(text)
    assert entry.msgid == "a %(n)s b"
    assert entry.msgid_plural == "c"
    assert entry.msgstr == {0: "x", 1: ""}
    assert entry.flags == {"fuzzy", "python-format"}


@pytest.fixture(scope="module")
def po_entries() -> list[Entry]:
    return parse_po((CATALOGUE / "django.po").read_text(encoding="utf-8"))


def test_every_message_has_an_english_translation(po_entries: list[Entry]) -> None:
    header, *messages = po_entries
    assert header.msgid == ""
    assert "Language: en" in header.msgstr[0]
    assert len(messages) > 0
    untranslated = [e.msgid for e in messages if not e.msgstr or any(not s.strip() for s in e.msgstr.values())]
    assert untranslated == []
    plurals = [e for e in messages if e.msgid_plural is not None]
    assert all(sorted(e.msgstr) == [0, 1] for e in plurals)


def test_no_fuzzy_translations(po_entries: list[Entry]) -> None:
    assert [e.msgid for e in po_entries if "fuzzy" in e.flags] == []


def test_translations_keep_every_placeholder(po_entries: list[Entry]) -> None:
    placeholder = re.compile(r"%\(\w+\)[sd]|%[sd]|</?[a-zA-Z][^>]*>")
    broken = []
    for e in po_entries[1:]:
        sources = [e.msgid] if e.msgid_plural is None else [e.msgid, e.msgid_plural]
        for i, target in e.msgstr.items():
            source = sources[min(i, len(sources) - 1)]
            if sorted(placeholder.findall(source)) != sorted(placeholder.findall(target)):
                broken.append((e.msgid, target))
    assert broken == []


def test_bilingual_messages_translate_to_their_english_half(po_entries: list[Entry]) -> None:
    bilingual = [e for e in po_entries[1:] if re.search(r" / [A-Z][a-z]", e.msgid)]
    assert bilingual
    for e in bilingual:
        assert e.msgstr[0] == e.msgid.split(" / ", 1)[1]


def test_compiled_catalogue_matches_the_po_file(po_entries: list[Entry]) -> None:
    with (CATALOGUE / "django.mo").open("rb") as fp:
        compiled = gettext.GNUTranslations(fp)
    stale = []
    for e in po_entries[1:]:
        msgid = e.msgid if e.msgctxt is None else f"{e.msgctxt}\x04{e.msgid}"
        if e.msgid_plural is None:
            got = compiled.gettext(msgid) if e.msgctxt is None else compiled.pgettext(e.msgctxt, e.msgid)
            if got != e.msgstr[0]:
                stale.append(e.msgid)
        elif compiled.ngettext(e.msgid, e.msgid_plural, 1) != e.msgstr[0] or (
            compiled.ngettext(e.msgid, e.msgid_plural, 2) != e.msgstr[1]
        ):
            stale.append(e.msgid)
    assert stale == [], "run: manage.py compilemessages -l en"


def visible_text(body: str) -> str:
    body = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", body)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def vietnamese_words(text: str) -> list[str]:
    return [w for w in text.replace("Tiếng Việt", " ").split() if VIETNAMESE.search(w)]


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["header", "cookie"])
def test_login_page_in_english(client: Client, how: str, settings: Any) -> None:
    if how == "cookie":
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = client.get(reverse("accounts:login"))
    else:
        settings.DANGBO_HONOR_ACCEPT_LANGUAGE = True
        response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in body
    assert "Sign in" in body
    assert "Username" in body and "Password" in body
    assert "Đăng nhập" not in body
    assert vietnamese_words(visible_text(body)) == []


@pytest.mark.django_db
def test_vietnamese_first_whatever_the_browser_asks(client: Client) -> None:
    body = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="vi">' in body and "Đăng nhập" in body


@pytest.mark.django_db
def test_login_page_in_vietnamese(client: Client) -> None:
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="vi")
    body = response.content.decode()
    assert '<html lang="vi">' in body
    assert "Đăng nhập" in body
    assert "Tên đăng nhập" in body and "Mật khẩu" in body
    assert "Sign in" not in body


@pytest.mark.django_db
def test_wrong_password_message_in_english(client: Client) -> None:
    make_user("ba", password="mat-khau-dung-2025")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(reverse("accounts:login"), {"username": "ba", "password": "sai"})
    body = response.content.decode()
    assert "Wrong username or password." in body
    assert "không đúng" not in body


@pytest.fixture
def tree_client(client: Client) -> Client:
    root = make_org("HQ", name="Headquarters", kind=OrganizationKind.GRASSROOTS_COMMITTEE, on_date=dt.date(2001, 1, 1))
    cell = make_org("C1", name="Cell One", kind=OrganizationKind.SUB_COMMITTEE, parent=root, on_date=dt.date(2002, 1, 1))
    make_person(cell, given_name="Lan", family_name="Tran", middle_name="Thi")
    client.force_login(make_user(superuser=True))
    return client


@pytest.mark.django_db
def test_tree_page_in_english(tree_client: Client) -> None:
    tree_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = tree_client.get(reverse("organizations:tree"))
    body = response.content.decode()
    assert response.status_code == 200
    text = visible_text(body)
    assert "Party organization tree" in text
    assert "Organization tree" in text
    assert "Grassroots committee" in text and "Sub-committee" in text
    assert re.search(r"Organizations on \d{1,2}/\d{1,2}/\d{4}: 2; Party members: 1\.", text)
    assert "Sign out" in text
    assert "Tiếng Việt" in text  # the switch back names the other language
    for vietnamese in ("Cây tổ chức", "Đảng bộ cơ sở", "Đăng xuất", "Xem tại ngày"):
        assert vietnamese not in body
    assert vietnamese_words(text) == []


@pytest.mark.django_db
def test_tree_page_in_vietnamese(tree_client: Client) -> None:
    response = tree_client.get(reverse("organizations:tree"), HTTP_ACCEPT_LANGUAGE="vi")
    text = visible_text(response.content.decode())
    assert "Cây tổ chức đảng" in text
    assert "Đảng bộ cơ sở" in text and "Đảng bộ bộ phận" in text
    assert "2 tổ chức, 1 đảng viên." in text
    assert "Đăng xuất" in text
    assert "Party organization tree" not in text and "Sign out" not in text


@pytest.mark.django_db
def test_language_switch_sets_the_cookie(tree_client: Client) -> None:
    response = tree_client.post(reverse("set_language"), {"language": "en", "next": reverse("organizations:tree")})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = tree_client.get(reverse("organizations:tree"))
    assert "Party organization tree" in page.content.decode()


@pytest.mark.django_db
def test_large_ids_print_as_plain_digits_and_counts_grouped() -> None:
    from django.template import Context, Template
    from django.utils import translation

    with translation.override("vi"):
        out = Template("{% load humanize %}{{ pk }}|{{ n|intcomma }}").render(Context({"pk": 1870, "n": 1234567}))
    assert out == "1870|1.234.567"
    with translation.override("en"):
        out = Template("{% load humanize %}{{ pk }}|{{ n|intcomma }}").render(Context({"pk": 1870, "n": 1234567}))
    assert out == "1870|1,234,567"
