"""The size of the member's handbook pages (docs/performance.md, "Member's handbook: page sizes").

Logged in as the demo member (``dangvien``), fetches every page the service worker saves for reading offline
(``/so-tay/ngoai-tuyen.json``), the offline page, and last year's meeting list, and prints each response's size as
sent (uncompressed) and gzip-compressed, then the handbook's static files. Run it in a database the demo was loaded
into:

    DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/python manage.py demo_data
    DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/python bench/handbook_sizes.py
"""

from __future__ import annotations

import gzip
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.settings")


def main() -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.utils import timezone

    client = Client(HTTP_HOST="localhost")
    client.force_login(get_user_model().objects.get(username="dangvien"))
    pages = client.get("/so-tay/ngoai-tuyen.json").json()["pages"]
    pages += ["/so-tay/ngoai-tuyen/", f"/so-tay/sinh-hoat/?nam={timezone.localdate().year - 1}"]
    print(f"{'page':48} {'status':>6} {'bytes':>7} {'gzip':>6}")
    for url in pages:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
        print(f"{url:48} {response.status_code:>6} {len(body):>7} {len(gzip.compress(body)):>6}")
    for path in sorted((ROOT / "static" / "handbook").iterdir()):
        data = path.read_bytes()
        print(f"{'static/handbook/' + path.name:48} {'':>6} {len(data):>7} {len(gzip.compress(data)):>6}")


if __name__ == "__main__":
    main()
