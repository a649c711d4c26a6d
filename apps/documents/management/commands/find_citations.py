"""Read text on standard input and print one JSON object per document reference found in it.

    manage.py find_citations < bao-cao.txt
    {"symbol": "1628-QĐ/TU", "number": "1628", "type": "Quyết định", "issuer": "TU", "date": "2019-06-27", ...}

Offsets (``start``, ``end``) are character offsets into the whole input as read (UTF-8).
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand

from apps.documents.citations import find_citations


class Command(BaseCommand):
    help = "Tìm các trích dẫn văn bản trong văn bản đọc từ đầu vào chuẩn; in mỗi trích dẫn một dòng JSON."

    def handle(self, *args: Any, **options: Any) -> None:
        text = sys.stdin.read()
        for citation in find_citations(text):
            self.stdout.write(json.dumps(citation.as_json(), ensure_ascii=False))
