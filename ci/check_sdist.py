"""Fail unless an sdist holds the verified vendored sources and the build files."""

from __future__ import annotations

import sys
import tarfile

REQUIRED = [
    "pyproject.toml",
    "CMakeLists.txt",
    "src/socket.cpp",
    "python/czmq/__init__.py",
    "vendor/fetch.py",
    "vendor/src/libzmq/.czmq-vendor-stamp",
    "vendor/src/libzmq/src/zmq.cpp",
    "vendor/src/czmq/.czmq-vendor-stamp",
    "vendor/src/czmq/src/zsys.c",
]
FORBIDDEN = ("tests/", ".venv/", "build/", ".git/", "ci/")


def main(path: str) -> int:
    with tarfile.open(path) as tar:
        names = {name.split("/", 1)[1] for name in tar.getnames() if "/" in name}
    missing = [n for n in REQUIRED if n not in names]
    extra = sorted(n for n in names if n.startswith(FORBIDDEN))
    for name in missing:
        print(f"sdist lacks {name}", file=sys.stderr)
    for name in extra[:20]:
        print(f"sdist should not contain {name}", file=sys.stderr)
    print(f"sdist: {len(names)} entries, vendored sources present")
    return 1 if missing or extra else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
