#!/usr/bin/env bash
# Idempotent set-up for a fresh Debian 12 / Ubuntu 24.04 machine: apt packages, .venv with the
# pinned requirements, our ROS interface packages built with rosidl from the wheels, and our
# Python packages installed editable. Every step is skipped when its inputs have not changed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VENV=$ROOT/.venv
STAMPS=$VENV/.stamps
PY=${PYTHON:-python3}
log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }
digest() { cat "$@" 2>/dev/null | sha256sum | cut -c1-16; }
fresh() { [ -f "$STAMPS/$1" ] && [ "$(cat "$STAMPS/$1")" = "$2" ]; }
stamp() { mkdir -p "$STAMPS"; echo "$2" >"$STAMPS/$1"; }

# 1. apt packages (setup/apt/*.txt, one per line). setup/apt/optional/*.txt: installed where the
# distribution has them (e.g. libsdformat-dev, whose checks skip without it), never an error.
missing_of() {
  { dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "$@" 2>/dev/null || true; } \
    | awk '$2 == "ii" {print $1}' | sort -u | comm -13 - <(printf '%s\n' "$@" | sed 's/:.*//' | sort -u)
}
available() { for p in "$@"; do apt-cache show "$p" >/dev/null 2>&1 && echo "$p"; done; true; }
mapfile -t apt_pkgs < <(sed 's/#.*//' setup/apt/*.txt | awk NF | sort -u)
mapfile -t opt_pkgs < <(sed 's/#.*//' setup/apt/optional/*.txt 2>/dev/null | awk NF | sort -u)
missing=$(missing_of "${apt_pkgs[@]}")
opt_missing=$( ((${#opt_pkgs[@]})) && missing_of "${opt_pkgs[@]}" || true)
if [ -n "$missing" ] || [ -n "$(available $opt_missing)" ]; then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    if [ -n "$missing" ]; then
      log "apt: installing $(echo $missing | wc -w) package(s)"
      # shellcheck disable=SC2086
      apt-get install -y -qq --no-install-recommends $missing >/dev/null
    fi
    optional=$(available $opt_missing)
    if [ -n "$optional" ]; then
      log "apt: installing optional $(echo $optional)"
      # shellcheck disable=SC2086
      apt-get install -y -qq --no-install-recommends $optional >/dev/null \
        || log "apt: optional $(echo $optional) not installed; the checks that need it skip"
    fi
  elif [ -n "$missing" ]; then
    echo "Missing system packages. Run this once, then repeat the make command:" >&2
    echo "  sudo apt-get install -y --no-install-recommends $(echo $missing)" >&2
    exit 1
  fi
fi

# 2. the virtual environment and pinned requirements
if [ ! -x "$VENV/bin/python" ]; then
  log "creating .venv"
  "$PY" -m venv "$VENV"
fi
# uv (pinned in requirements/bootstrap.txt) installs the pinned requirements from the same
# registry as pip, in parallel and from its cache: ~20 s instead of ~2 min on a fresh clone.
req=$(digest requirements.txt requirements/*.txt)
if ! fresh pip "$req"; then
  t0=$SECONDS
  log "installing pinned requirements into .venv (first time: about a minute)"
  "$VENV/bin/python" -m pip install -q -r requirements/bootstrap.txt
  # From uv's cache alone when it holds everything (another clone on this machine installed the
  # same pins): ~1 s. Online, uv revalidates every index page and rebuilds the sdist-only pins
  # (kiwipiepy-model, srt, ...), ~14 s, as the registry marks every response modified.
  if "$VENV/bin/python" -m uv pip install -q --offline --python "$VENV/bin/python" \
    -r requirements.txt 2>/dev/null; then
    log "requirements: all from uv's cache on this machine"
  elif ! "$VENV/bin/python" -m uv pip install -q --python "$VENV/bin/python" -r requirements.txt
  then
    log "uv failed; trying pip"
    "$VENV/bin/python" -m pip install -q -r requirements.txt
  fi
  stamp pip "$req"
  rm -f "$STAMPS"/iface-* "$STAMPS"/editable
  log "requirements installed in $((SECONDS - t0)) s"
fi

# 3. our interface packages, built with rosidl from the wheels (nav2_msgs only without real Nav2).
# They do not depend on each other: they build side by side. rosidl's code generators take ~30 s
# per package even when ccache has every object, so the installed files are also kept in a
# per-machine cache (like uv's and ccache's), keyed by the package's files, the pinned
# requirements and the Python: another clone on this machine restores them in a second. The only
# clone-specific text in them (the .venv path in two files) is stored as a placeholder.
ifaces=(ros_ws/src/concierge_interfaces)
[ -d /opt/ros/jazzy/share/nav2_msgs ] || ifaces=(ros_ws/compat/nav2_msgs "${ifaces[@]}")
IFACE_CACHE=${CONCIERGE_IFACE_CACHE:-${CONCIERGE_MACHINE_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/concierge}/interfaces}
pyid=$("$VENV/bin/python" -c 'import platform, sys; print(platform.machine(), sys.version)')
cache_of() { echo "$IFACE_CACHE/$(basename "$1")-$(digest $(find "$1" -type f | sort) <(echo "$req $pyid")).tar.gz"; }
PLACEHOLDER=@CONCIERGE_VENV@
restore() { # restore <pkg>: unpack its cached install into .venv; false when there is none
  local tarball files
  tarball=$(cache_of "$1")
  [ -f "$tarball" ] || return 1
  files=$(tar -xzvf "$tarball" -C "$VENV") || return 1
  (cd "$VENV" && { echo "$files" | while read -r f; do [ -f "$f" ] && echo "$f"; done \
      | xargs -r -d '\n' grep -lF "$PLACEHOLDER" || true; } \
    | xargs -r -d '\n' sed -i "s#$PLACEHOLDER#$VENV#g")
}
keep() { # keep <pkg>: store what its build installed into .venv (best effort)
  local tarball stage
  tarball=$(cache_of "$1") stage=$(mktemp -d)
  mkdir -p "$IFACE_CACHE" 2>/dev/null || return 0
  (cd "$VENV" && sed "s#^$VENV/##" "$ROOT/build/$(basename "$1")/install_manifest.txt" \
      | tar -cf - -T - | tar -xf - -C "$stage") \
    && { grep -rlF "$VENV" "$stage" | xargs -r sed -i "s#$VENV#$PLACEHOLDER#g"; true; } \
    && tar -czf "$tarball.$$" -C "$stage" . && mv "$tarball.$$" "$tarball"
  rm -rf "$stage" "$tarball.$$"
  true
}
todo=()
for pkg in "${ifaces[@]}"; do
  sum=$(digest $(find "$pkg" -type f | sort))
  fresh "iface-$(basename "$pkg")" "$sum" && continue
  if restore "$pkg"; then
    log "interfaces: $(basename "$pkg") restored from $IFACE_CACHE"
    stamp "iface-$(basename "$pkg")" "$sum"
  else
    todo+=("$pkg")
  fi
done
if [ ${#todo[@]} -gt 0 ]; then
  t0=$SECONDS
  log "building interfaces: ${todo[*]##*/}"
  # The wheels' CMake files name the wheel builder's Python and numpy include dirs: use ours.
  pyinc=$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["include"])')
  npinc=$("$VENV/bin/python" -c 'import numpy; print(numpy.get_include())')
  { grep -rl --include='*.cmake' '/opt/python/cp311-cp311' "$VENV/share" 2>/dev/null || true; } | xargs -r sed -i \
    -e "s#/opt/python/cp311-cp311/lib/python3.11/site-packages/numpy/_core/include#$npinc#g" \
    -e "s#/opt/python/cp311-cp311/include/python3.11#$pyinc#g"
  # ccache (setup/apt/base.txt) keeps the compiled type support of an unchanged interface
  # package; paths under this checkout are hashed relative to it, so another clone hits too.
  launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  export CCACHE_BASEDIR=$ROOT CCACHE_NOHASHDIR=1
  pids=()
  for pkg in "${todo[@]}"; do
    build=$ROOT/build/$(basename "$pkg")
    mkdir -p "$build"
    (cd "$build" && cmake "$ROOT/$pkg" "${launcher[@]}" -DCMAKE_PREFIX_PATH="$VENV" \
        -DCMAKE_INSTALL_PREFIX="$VENV" -DPython3_EXECUTABLE="$VENV/bin/python3" \
        -DBUILD_TESTING=OFF -DCMAKE_BUILD_TYPE=Release >cmake.log 2>&1 \
      && make -j"$(nproc)" install >make.log 2>&1) &
    pids+=($!)
  done
  for i in "${!todo[@]}"; do
    pkg=${todo[$i]} name=$(basename "${todo[$i]}")
    wait "${pids[$i]}" || { echo "interface build failed for $name; see build/$name/*.log" >&2
                            tail -20 "$ROOT/build/$name"/*.log >&2; exit 1; }
    stamp "iface-$name" "$(digest $(find "$pkg" -type f | sort))"
    keep "$pkg"
  done
  log "interfaces built in $((SECONDS - t0)) s"
fi

# 4. our Python packages, editable (ament_python packages and the kiosk app)
pkgs=()
for d in ros_ws/src/*/ sim/; do [ -f "$d/setup.py" ] && pkgs+=("$d"); done
pkgs+=(.)
ed=$(digest $(for d in "${pkgs[@]}"; do ls "$d"/setup.py "$d"/pyproject.toml 2>/dev/null; done))
if ! fresh editable "$ed"; then
  t0=$SECONDS
  log "installing our packages: ${pkgs[*]}"
  args=()
  for d in "${pkgs[@]}"; do args+=(-e "$d"); done
  PYTHONWARNINGS=ignore "$VENV/bin/python" -m uv pip install -q --python "$VENV/bin/python" \
    --no-deps --no-build-isolation "${args[@]}"
  stamp editable "$ed"
  log "our packages installed in $((SECONDS - t0)) s"
fi
