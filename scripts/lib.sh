# Shared shell helpers for the project's scripts. Source it; do not run it.
# Finds JDK 25+ and makes sure the system packages the build and tests need are present.

# Prints the JAVA_HOME of a JDK whose feature version is >= 25, or nothing.
blixt_find_jdk() {
  local candidates=() c v
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for c in /usr/lib/jvm/*25* /usr/lib/jvm/*2[6-9]* /usr/lib/jvm/*; do
    [ -d "$c" ] && candidates+=("$c")
  done
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/javac" ] || continue
    v=$("$c/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    if [ -n "$v" ] && [ "${v%%.*}" -ge 25 ] 2>/dev/null; then
      readlink -f "$c"
      return 0
    fi
  done
  return 1
}

# Exports JAVA_HOME pointing at JDK 25+ or exits with what to install.
blixt_use_jdk() {
  local home
  if ! home=$(blixt_find_jdk); then
    echo "error: JDK 25 or newer not found (looked at \$JAVA_HOME and /usr/lib/jvm/*)." >&2
    echo "       install one, e.g. 'apt-get install temurin-25-jdk' from Adoptium's repository," >&2
    echo "       or set JAVA_HOME to a JDK 25 installation." >&2
    exit 1
  fi
  export JAVA_HOME="$home"
  export PATH="$JAVA_HOME/bin:$PATH"
}

# Installs (as root) or names (otherwise) the Debian packages the build and the tests need.
blixt_system_packages() {
  local missing=()
  command -v clang >/dev/null 2>&1 || missing+=(clang)
  [ -f /usr/include/bpf/bpf_helpers.h ] || missing+=(libbpf-dev)
  [ -f /usr/include/linux/bpf.h ] || missing+=(linux-libc-dev)
  command -v bpftool >/dev/null 2>&1 || missing+=(bpftool)
  command -v ip >/dev/null 2>&1 || missing+=(iproute2)
  command -v ethtool >/dev/null 2>&1 || [ -x /usr/sbin/ethtool ] || [ -x /sbin/ethtool ] || missing+=(ethtool)
  command -v gcc >/dev/null 2>&1 || missing+=(gcc)
  ldconfig -p 2>/dev/null | grep -q 'libbpf\.so\.1 ' || missing+=(libbpf1)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "error: missing system packages: ${missing[*]}" >&2
    echo "       run as root: apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "installing system packages: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq "${missing[@]}" >&2
}

# Installs (as root) or names (otherwise) what only the end-to-end benchmark needs: iperf3 and nft.
blixt_bench_packages() {
  local missing=()
  command -v iperf3 >/dev/null 2>&1 || missing+=(iperf3)
  command -v nft >/dev/null 2>&1 || [ -x /usr/sbin/nft ] || missing+=(nftables)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "error: missing packages for the end-to-end benchmark: ${missing[*]}" >&2
    echo "       run as root: apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "installing packages for the end-to-end benchmark: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq "${missing[@]}" >&2
}

# Mounts bpffs at /sys/fs/bpf when it is missing (root only; harmless otherwise).
blixt_bpffs() {
  if [ "$(id -u)" -eq 0 ] && ! mountpoint -q /sys/fs/bpf 2>/dev/null; then
    mkdir -p /sys/fs/bpf && mount -t bpf bpf /sys/fs/bpf || echo "warning: could not mount bpffs at /sys/fs/bpf" >&2
  fi
}
