"""Fail if a wheel holds anything but the package, its extension and licences."""

from __future__ import annotations

import re
import sys
import zipfile

ALLOWED = [
    r"czmq/[a-z_]+\.py",
    r"czmq/py\.typed",
    r"czmq/_czmq\.(cpython-[^/]+|abi3)\.so",
    r"czmq/_czmq\.pyi",
    r"czmq/licenses/[A-Za-z.-]+\.txt",
    r"czmq-[^/]+\.dist-info/(METADATA|WHEEL|RECORD|licenses/LICENSE)",
    r"czmq\.libs/[^/]+\.so[.0-9]*",
]


def main(path: str) -> int:
    names = zipfile.ZipFile(path).namelist()
    files = [n for n in names if not n.endswith("/")]
    unexpected = [n for n in files if not any(re.fullmatch(p, n) for p in ALLOWED)]
    for name in unexpected:
        print(f"unexpected file in wheel: {name}", file=sys.stderr)
    needed = ["czmq/licenses/czmq-LICENSE.txt", "czmq/licenses/libzmq-COPYING.txt"]
    missing = [n for n in needed if n not in names]
    for name in missing:
        print(f"wheel lacks {name}", file=sys.stderr)
    print(f"wheel: {len(files)} files, nothing unexpected")
    return 1 if unexpected or missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
