# Sourced by ci/wheel: point the build at zig (from PyPI) as C and C++
# compiler for a glibc 2.17 target, so the wheel is a true manylinux2014
# wheel although this machine's glibc is newer.  zig links its libc++
# statically; libzmq needs ZMQ_CV_IMPL=pthreads there (std::condition_variable
# of zig's libc++ is not what libzmq's detection expects).

ZIG_TARGET="${CZMQ_ZIG_TARGET:-x86_64-linux-gnu.2.17}"

use_zig_toolchain() {
  local dir="$1"
  mkdir -p "$dir"
  local zig
  zig="$("$VENV/bin/python" -c 'import ziglang, os; print(os.path.join(os.path.dirname(ziglang.__file__), "zig"))')"
  for pair in "cc:cc" "c++:c++" "ar:ar" "ranlib:ranlib"; do
    local name="${pair%%:*}" verb="${pair##*:}" target_args=""
    case "$verb" in cc|c++) target_args="-target $ZIG_TARGET" ;; esac
    printf '#!/bin/sh\nexec "%s" %s %s "$@"\n' "$zig" "$verb" "$target_args" >"$dir/zig-$name"
    chmod +x "$dir/zig-$name"
  done
  export CC="$dir/zig-cc" CXX="$dir/zig-c++"
  export CMAKE_ARGS="-DCMAKE_AR=$dir/zig-ar -DCMAKE_RANLIB=$dir/zig-ranlib -DCZMQ_LIBZMQ_EXTRA_ARGS=-DZMQ_CV_IMPL=pthreads"
}
