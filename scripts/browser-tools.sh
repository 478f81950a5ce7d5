#!/usr/bin/env bash
# Installs Debian's Chromium for the console's browser tests (tests/OpenCcm.Console.Tests drive it with Playwright
# at /usr/bin/chromium; Playwright's own browser download cannot work here). Idempotent and quiet; as root or with
# sudo. Waits for a dpkg lock held by another apt run instead of failing. Without it the browser tests are skipped.
set -euo pipefail

[ -x /usr/bin/chromium ] && exit 0

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "browser-tools.sh: not root and no sudo; install chromium by hand" >&2; exit 1; }
  sudo=(sudo)
fi
echo "browser-tools.sh: installing chromium" >&2
apt_get() { "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -y -qq "$@"; }
apt_get update >/dev/null
apt_get install --no-install-recommends chromium >/dev/null
