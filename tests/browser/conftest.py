"""The browser harness: a real Chromium (the system's, never a downloaded one) driving the live server.

* ``live_server`` is pytest-django's: the tests run with a transactional database (with SQLite, the
  in-memory test database is shared with the server thread). Each module marks itself with
  :data:`BROWSER`: ``browser``, and ``serialized_rollback`` so the rule table the migrations seed is there.
* Playwright's sync API runs an event loop in the test thread, so Django's async-safety check must be
  relaxed for the ORM calls the tests make to build their story (``DJANGO_ALLOW_ASYNC_UNSAFE``).
* Every page records Content-Security-Policy violations (``securitypolicyviolation`` events, through an
  init script that CSP does not block) and console errors; :func:`assert_clean` checks both.
* Screenshots go to ``$DANGBO_SCREENSHOTS`` (``docs/screenshots`` to refresh the committed ones), else to
  a temporary directory.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.harness import CHROMIUM, CHROMIUM_ARGS, CSP_LISTENER, DESKTOP, PHONE, Watch, build_story

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _page_cache_on(settings: Any) -> None:
    """The browser tests click through with the page cache on, as a production server runs: a page seen again
    after a change must show the change."""
    from django.core.cache import cache

    settings.DANGBO_PAGE_CACHE = True
    cache.clear()


@pytest.fixture(scope="session")
def _playwright() -> Iterator[Any]:
    from django.db import connections
    from playwright.sync_api import sync_playwright

    originals = {alias: connections[alias] for alias in connections}
    with sync_playwright() as p:
        # Playwright runs an event loop in this thread, and Django's connection handler then hands out
        # new connection objects. Keep the ones the test database was set up on (they carry the
        # serialized contents that serialized_rollback restores, and the live server shares them).
        for alias, connection in originals.items():
            connections[alias] = connection
        yield p


@pytest.fixture(scope="session")
def browser(_playwright: Any) -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install the distribution's chromium package (bin/test does)")
    b = _playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield b
    b.close()


@pytest.fixture
def new_page(browser: Any, live_server: Any) -> Iterator[Callable[..., Any]]:
    """Open a page in a fresh browser context (its own cookies) at desktop or phone size."""
    contexts: list[Any] = []

    def make(viewport: dict[str, int] | None = None, *, phone: bool = False, javascript: bool = True) -> Any:
        options: dict[str, Any] = {
            "base_url": live_server.url,
            "locale": "vi-VN",
            "timezone_id": "Asia/Ho_Chi_Minh",
            "viewport": viewport or (PHONE if phone else DESKTOP),
            "java_script_enabled": javascript,
        }
        if phone:
            options |= {"is_mobile": True, "has_touch": True, "device_scale_factor": 2}
        context = browser.new_context(**options)
        context.set_default_timeout(15_000)
        context.add_init_script(CSP_LISTENER)
        contexts.append(context)
        page = context.new_page()
        watch = Watch()
        page.on("console", lambda m: watch.console.append(f"{m.type}: {m.text}") if m.type in {"error", "warning"} else None)
        page.on("pageerror", lambda e: watch.errors.append(str(e)))
        page.watch = watch
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[..., Any]) -> Any:
    return new_page()


@pytest.fixture
def shots(tmp_path: Path) -> Callable[[Any, str], Path]:
    target = Path(os.environ["DANGBO_SCREENSHOTS"]) if os.environ.get("DANGBO_SCREENSHOTS") else tmp_path
    target.mkdir(parents=True, exist_ok=True)

    def save(page: Any, name: str, full_page: bool = True) -> Path:
        path = target / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return save


@pytest.fixture
def story() -> dict[str, Any]:
    return build_story()
