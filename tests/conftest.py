from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture
def write(tmp_path: Path):
    """Write files into a fresh directory: write({"main.tf": "..."}) -> the directory."""

    def _write(files: dict[str, str]) -> Path:
        for name, text in files.items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        return tmp_path

    return _write


@pytest.fixture(autouse=True, scope="session")
def _program_cache(tmp_path_factory: pytest.TempPathFactory):
    """Programs are cached per test session, never in the user's ~/.cache (subprocesses inherit it)."""
    import os

    old = os.environ.get("STACKCHECK_CACHE_DIR")
    os.environ["STACKCHECK_CACHE_DIR"] = str(tmp_path_factory.mktemp("stackcheck-cache"))
    yield
    if old is None:
        os.environ.pop("STACKCHECK_CACHE_DIR", None)
    else:
        os.environ["STACKCHECK_CACHE_DIR"] = old
