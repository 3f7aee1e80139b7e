#!/usr/bin/env python3
"""Fetch, verify and unpack the libzmq and CZMQ sources that czmq bundles.

The pins live in ``sources.json`` beside this file.  Each archive is taken
from the first of these that has it:

1. the folder named by ``CZMQ_VENDOR_ARCHIVES`` (offline builds, CI caches);
2. Debian's source archive through apt, with a private apt configuration in
   a temporary folder whose ``deb-src`` entry reuses the URIs of this
   machine's own Debian sources (the system's apt state is never touched);
3. the upstream release URL, checked against its own pinned hash.

Every archive is checked against its SHA-256 pin before it is unpacked, and
the unpacked tree gets the small source fixes listed in ``patches.py``.
Only the standard library is used, so any Python 3.8+ can run this.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import patches  # noqa: E402

PINS = json.loads((HERE / "sources.json").read_text())
SUITE = "bookworm"
STAMP = ".czmq-vendor-stamp"


class FetchError(RuntimeError):
    """A source archive could not be obtained or failed verification."""


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def log(message: str) -> None:
    print(f"czmq-vendor: {message}", file=sys.stderr, flush=True)


def from_local_folder(pin: dict, workdir: Path) -> Path | None:
    folder = os.environ.get("CZMQ_VENDOR_ARCHIVES")
    if not folder:
        return None
    candidate = Path(folder) / pin["archive"]
    if not candidate.is_file():
        log(f"{candidate} not found, trying the next source")
        return None
    return candidate


def debian_uris() -> list[str]:
    """Return the URIs of this machine's Debian main-archive apt sources."""
    texts = []
    for path in [Path("/etc/apt/sources.list")] + sorted(
        Path("/etc/apt/sources.list.d").glob("*")
    ):
        if path.suffix in (".list", ".sources") and path.is_file():
            texts.append((path.suffix, path.read_text(errors="replace")))
    uris: list[str] = []
    for suffix, text in texts:
        if suffix == ".list":
            for line in text.splitlines():
                words = re.sub(r"\[[^]]*\]", "", line.split("#")[0]).split()
                if len(words) >= 3 and words[0] == "deb":
                    uris.append(words[1])
            continue
        for stanza in re.split(r"\n\s*\n", text):
            fields = dict(
                (m.group(1).lower(), m.group(2).strip())
                for m in re.finditer(r"^([A-Za-z-]+):(.*)$", stanza, re.M)
            )
            if "deb" in fields.get("types", "").split():
                uris.extend(fields.get("uris", "").split())
    # Keep the main archive (not -security or third-party) and keep order.
    wanted = [u for u in uris if u.rstrip("/").endswith("/debian")]
    return list(dict.fromkeys(wanted))


def from_debian(pin: dict, workdir: Path) -> Path | None:
    if shutil.which("apt-get") is None:
        return None
    uris = debian_uris()
    if not uris:
        log("no Debian apt sources configured on this machine")
        return None
    apt = workdir / "apt"
    for sub in ("sources", "lists/partial", "cache/archives/partial", "dl"):
        (apt / sub).mkdir(parents=True, exist_ok=True)
    keyring = "/usr/share/keyrings/debian-archive-keyring.gpg"
    entry = [
        "Types: deb-src",
        f"URIs: {' '.join(uris)}",
        f"Suites: {SUITE}",
        "Components: main",
    ]
    if Path(keyring).is_file():
        entry.append(f"Signed-By: {keyring}")
    (apt / "sources" / "czmq-vendor.sources").write_text("\n".join(entry) + "\n")
    options = [
        "-o", "Dir::Etc::SourceList=/dev/null",
        "-o", f"Dir::Etc::SourceParts={apt / 'sources'}",
        "-o", f"Dir::State::Lists={apt / 'lists'}",
        "-o", f"Dir::Cache={apt / 'cache'}",
        "-o", "Dir::State::status=/dev/null",
        "-o", "APT::Sandbox::User=root",
        "-qq",
    ]  # fmt: skip
    if not (apt / "updated").exists():
        run = subprocess.run(
            ["apt-get", *options, "update"], capture_output=True, text=True
        )
        if run.returncode != 0:
            log(f"apt-get update failed: {run.stderr.strip()[-400:]}")
            return None
        (apt / "updated").touch()
    spec = f"{pin['debian_package']}={pin['debian_version']}"
    run = subprocess.run(
        ["apt-get", *options, "source", "--download-only", spec],
        cwd=apt / "dl",
        capture_output=True,
        text=True,
    )
    archive = apt / "dl" / pin["archive"]
    if run.returncode != 0 or not archive.is_file():
        log(f"apt-get source {spec} failed: {run.stderr.strip()[-400:]}")
        return None
    return archive


def from_upstream(pin: dict, workdir: Path) -> Path | None:
    target = workdir / Path(pin["upstream_url"]).name
    try:
        with urllib.request.urlopen(pin["upstream_url"], timeout=60) as response:
            target.write_bytes(response.read())
    except OSError as exc:
        log(f"download of {pin['upstream_url']} failed: {exc}")
        return None
    return target


def obtain(name: str, pin: dict, workdir: Path) -> tuple[Path, str]:
    """Return a verified archive for ``name`` and the folder it unpacks to."""
    for fetch in (from_local_folder, from_debian, from_upstream):
        archive = fetch(pin, workdir)
        if archive is None:
            continue
        upstream = fetch is from_upstream
        expected = pin["upstream_sha256"] if upstream else pin["sha256"]
        actual = sha256(archive)
        if actual != expected:
            raise FetchError(
                f"{archive} has sha256 {actual}, expected {expected}; refusing "
                f"to use it (delete it, or fix the pin in sources.json)"
            )
        log(f"{name}: verified {archive.name} (sha256 {actual[:16]}...)")
        return archive, pin["upstream_top"] if upstream else pin["top"]
    raise FetchError(
        f"could not obtain {pin['archive']} from CZMQ_VENDOR_ARCHIVES, Debian's "
        f"source archive or upstream; set CZMQ_VENDOR_ARCHIVES to a folder "
        f"holding it (sha256 {pin['sha256']})"
    )


def unpack(archive: Path, top: str, dest: Path) -> None:
    with tempfile.TemporaryDirectory(dir=dest.parent) as tmp:
        with tarfile.open(archive) as tar:
            for member in tar.getmembers():
                path = Path(member.name)
                if path.is_absolute() or ".." in path.parts:
                    raise FetchError(f"unsafe path {member.name!r} in {archive}")
            if hasattr(tarfile, "data_filter"):
                tar.extractall(tmp, filter="data")
            else:
                tar.extractall(tmp)
        if dest.exists():
            shutil.rmtree(dest)
        shutil.move(str(Path(tmp) / top), str(dest))


def ensure(dest_root: Path, keep: Path | None) -> None:
    dest_root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, pin in PINS.items():
            dest = dest_root / name
            stamp = dest / STAMP
            if stamp.is_file() and stamp.read_text().strip() == pin["sha256"]:
                continue
            if os.environ.get("CZMQ_FORBID_FETCH"):
                raise FetchError(
                    f"{name} sources are missing from {dest} and CZMQ_FORBID_FETCH "
                    f"is set, so they may not be downloaded"
                )
            archive, top = obtain(name, pin, Path(tmp))
            if keep is not None:
                keep.mkdir(parents=True, exist_ok=True)
                shutil.copy2(archive, keep / pin["archive"])
            unpack(archive, top, dest)
            patches.apply(name, dest)
            stamp.write_text(pin["sha256"] + "\n")
            log(f"{name}: unpacked {pin['version']} into {dest}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--dest",
        type=Path,
        default=HERE / "src",
        help="folder to unpack into (default: vendor/src)",
    )
    parser.add_argument(
        "--keep-archives",
        type=Path,
        help="also copy the verified archives here (for CZMQ_VENDOR_ARCHIVES)",
    )
    args = parser.parse_args()
    try:
        ensure(args.dest.resolve(), args.keep_archives)
    except FetchError as exc:
        log(f"error: {exc}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
