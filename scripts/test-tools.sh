#!/usr/bin/env bash
# Installs the system packages the OCI tests use, only those missing: Debian's registry, skopeo and umoci (to build
# and copy test images without Docker), busybox-static (the content of the test images), apache2-utils (htpasswd
# for the registry's Basic auth), and podman with runc to run converted images as real containers (DESIGN.md §5;
# podman's own dependencies conmon and containers-common come with it — nothing else is needed as root: no uidmap,
# fuse-overlayfs or slirp4netns, since the tests run rootful with --network=host on the overlay driver). Idempotent
# and quiet; as root or with sudo. Waits for a dpkg lock held by another apt run instead of failing.
set -euo pipefail

declare -A package_of=(
  [docker-registry]=docker-registry
  [skopeo]=skopeo
  [umoci]=umoci
  [htpasswd]=apache2-utils
  [podman]=podman
)
needed=()
for command in "${!package_of[@]}"; do
  command -v "$command" >/dev/null 2>&1 || needed+=("${package_of[$command]}")
done
dpkg -s busybox-static >/dev/null 2>&1 || needed+=(busybox-static)
[ -x /usr/sbin/runc ] || needed+=(runc) # podman's runtime here (crun, its default, fails on rlimits and cgroups)
[ ${#needed[@]} -gt 0 ] || exit 0

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "test-tools.sh: not root and no sudo; install ${needed[*]} by hand" >&2; exit 1; }
  sudo=(sudo)
fi
echo "test-tools.sh: installing ${needed[*]}" >&2
apt_get() { "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -y -qq "$@"; }
apt_get update >/dev/null
apt_get install --no-install-recommends "${needed[@]}" >/dev/null
