from __future__ import annotations

import pytest

from apps.ratings.tests.world import World, build


@pytest.fixture
def world(db: None) -> World:
    return build()
