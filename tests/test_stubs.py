"""The committed extension stub matches one generated from the built extension."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "python" / "czmq" / "_czmq.pyi"


@pytest.mark.timeout(60)
def test_extension_stub_is_current(tmp_path: Path) -> None:
    pytest.importorskip("nanobind.stubgen")
    fresh = tmp_path / "_czmq.pyi"
    subprocess.run(
        [sys.executable, "-m", "nanobind.stubgen", "-q", "-P", "-m", "czmq._czmq"]
        + ["-p", str(ROOT / "ci" / "stubs.pattern"), "-o", str(fresh)],
        check=True,
    )
    assert fresh.read_text() == COMMITTED.read_text(), (
        "python/czmq/_czmq.pyi is stale: run ci/stubs and commit the result"
    )


def test_installed_package_ships_the_stub() -> None:
    import czmq

    installed = Path(czmq.__file__).parent
    assert (installed / "_czmq.pyi").is_file()
    assert (installed / "py.typed").is_file()
