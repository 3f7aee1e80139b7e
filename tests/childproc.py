"""Child interpreters for crash- and hang-prone tests."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest


def run_child(
    code: str,
    timeout: float,
    args: tuple[str, ...] = (),
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``code`` (dedented) in a fresh interpreter; fail the test if it hangs.

    ``env`` adds to this process's environment; ``args`` become ``sys.argv[1:]``.
    """
    full_env = dict(os.environ, **(env or {}))
    try:
        return subprocess.run(
            [sys.executable, "-c", textwrap.dedent(code), *args],
            timeout=timeout,
            capture_output=True,
            text=True,
            env=full_env,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"child hung for more than {timeout} s")


def assert_clean_exit(proc: subprocess.CompletedProcess[str]) -> None:
    """The child ended normally: status 0, no signal, no C assertion."""
    assert proc.returncode >= 0, (
        f"child killed by signal {-proc.returncode}: {proc.stderr}"
    )
    assert "Assertion failed" not in proc.stderr, proc.stderr
    assert proc.returncode == 0, (
        f"status {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    )
