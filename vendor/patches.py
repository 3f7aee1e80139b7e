"""Source fixes applied to the vendored trees right after they are unpacked.

Each fix replaces one exact piece of text and fails loudly if that text is not
found, so a changed pin cannot silently skip a fix.  The sdist carries the
fixed trees.
"""

from __future__ import annotations

from pathlib import Path

# libzmq 4.3.4 built without libsodium derives secure_allocator_t from
# std::allocator<T>, so rebinding it yields std::allocator<U>.  libstdc++ 13+
# and libc++ reject an allocator whose rebind does not give back its own
# template (fixed upstream in 4.3.5).  Give the class its own rebind.
_ALLOCATOR_OLD = """template <typename T> struct secure_allocator_t : std::allocator<T>
{
};"""
_ALLOCATOR_NEW = """template <typename T> struct secure_allocator_t : std::allocator<T>
{
    secure_allocator_t () ZMQ_DEFAULT;
    template <class U>
    secure_allocator_t (const secure_allocator_t<U> &) ZMQ_NOEXCEPT
    {
    }
    template <class U> struct rebind
    {
        typedef secure_allocator_t<U> other;
    };
};"""

FIXES = {
    "libzmq": [("src/secure_allocator.hpp", _ALLOCATOR_OLD, _ALLOCATOR_NEW)],
    "czmq": [],
}


def apply(name: str, tree: Path) -> None:
    """Apply the fixes for ``name`` to the unpacked ``tree``."""
    for relative, old, new in FIXES[name]:
        path = tree / relative
        text = path.read_text()
        if new in text:
            continue
        if text.count(old) != 1:
            raise RuntimeError(f"cannot apply source fix to {path}: text not found")
        path.write_text(text.replace(old, new))
