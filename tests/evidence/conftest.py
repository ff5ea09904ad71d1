from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _blob_root(settings: Any, tmp_path: Path) -> Path:
    settings.BLOB_ROOT = tmp_path / "blobs"
    return settings.BLOB_ROOT
