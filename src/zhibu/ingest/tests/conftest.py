from pathlib import Path

import pytest

SEED = Path("/work/shared/seed/symposium-report.txt")
LOCAL_SEED = Path(__file__).parent / "seed-symposium-report.txt"


@pytest.fixture
def seed_path() -> Path:
    return SEED if SEED.exists() else LOCAL_SEED


@pytest.fixture
def seed_text(seed_path) -> str:
    return seed_path.read_text(encoding="utf-8")
