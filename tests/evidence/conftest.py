from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _blob_root(settings: Any, tmp_path: Path) -> Path:
    settings.BLOB_ROOT = tmp_path / "blobs"
    return settings.BLOB_ROOT


@pytest.fixture
def case(world: Any) -> Any:
    from sanxiang.cases.actions import open_case

    return open_case(
        actor=world.user("officer"),
        agency=world.agency,
        data={"procedure": "general", "title": "经营过期食品案", "source": "complaint"},
        officer_ids=[world.officers[0].pk, world.officers[1].pk],
    )


@pytest.fixture
def upload() -> Iterator[Any]:
    """``upload(data, name)``: bytes staged exactly as a browser upload is (hashed on arrival)."""
    from sanxiang.evidence import blobs

    staged: list[Any] = []

    def make(data: bytes, name: str = "file.bin") -> Any:
        staged.append(blobs.stage_stream(iter([data]), name=name))
        return staged[-1]

    yield make
    for item in staged:
        item.close()


def blob_files(root: Path) -> list[Path]:
    return (
        sorted(p for p in (root / "sha256").rglob("*") if p.is_file()) if (root / "sha256").exists() else []
    )
