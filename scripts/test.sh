#!/usr/bin/env bash
# Runs every test of OpenCCM, installing what the tests need first. This is the README's test command and
# what CI runs (.ci/run). Ends with one line "N passed, N failed, N skipped"; exits non-zero on any failure
# or when no test ran.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# System packages the tests use (real TLS clients check what we produce). Installed only when missing.
needed=()
command -v openssl >/dev/null || needed+=(openssl)
command -v jq >/dev/null || needed+=(jq)
command -v curl >/dev/null || needed+=(curl)
if [ ${#needed[@]} -gt 0 ]; then
  echo "== installing ${needed[*]}"
  if [ "$(id -u)" -eq 0 ]; then apt-get update -qq && apt-get install -y -qq "${needed[@]}" >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq "${needed[@]}" >/dev/null; fi
fi

# Registry, image and container tools for the OCI, converter and end-to-end tests (installed only when missing).
echo "== test tools"
scripts/test-tools.sh
scripts/browser-tools.sh

# The real hardware evidence lives in shared/testdata beside the repository.
if [ -z "${CCM_TESTDATA:-}" ]; then
  for candidate in "$here/../shared/testdata/evidence" "$here/shared/testdata/evidence"; do
    if [ -d "$candidate" ]; then export CCM_TESTDATA="$(cd "$candidate" && pwd)"; break; fi
  done
fi
if [ -z "${CCM_TESTDATA:-}" ] || [ ! -d "$CCM_TESTDATA" ]; then
  echo "test.sh: shared/testdata/evidence not found beside the repository; set CCM_TESTDATA" >&2
  exit 2
fi

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

# One private PostgreSQL cluster for the whole run (the store tests read CCM_TEST_POSTGRES); stopped at exit.
echo "== postgres"
pg_dir="$(scripts/postgres.sh start)"
export CCM_TEST_POSTGRES="$(cat "$pg_dir/connection")"
trap 'scripts/postgres.sh stop "$pg_dir" >/dev/null 2>&1 || true; rm -rf "$results"' EXIT

echo "== build"
dotnet build OpenCcm.sln -c Release -nologo -v quiet

# The NativeAOT runtime, published once for every test assembly that runs workloads under it.
echo "== publish ccm-runtime"
CCM_RUNTIME="$(scripts/publish-runtime.sh)"  # apart from export, so that a failed publish stops the run
export CCM_RUNTIME

echo "== test"
status=0
dotnet test OpenCcm.sln -c Release --no-build --nologo --results-directory "$results" \
  --logger "trx" --logger "console;verbosity=minimal" || status=$?

# Sum the counters of every test assembly's TRX file.
read -r passed failed skipped < <(
  python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
p = f = s = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    p += int(c.get("passed", 0)); f += int(c.get("failed", 0)) + int(c.get("error", 0))
    s += int(c.get("total", 0)) - int(c.get("executed", 0))  # skipped tests are counted as not executed
print(p, f, s)
PY
)

echo "== smoke: the README's run command"
if ! ./ccm evidence verify "$CCM_TESTDATA/sgx-dcap/A_automata_00606a000000_2025-08/quote.bin" \
    --collateral "$CCM_TESTDATA/sgx-dcap/A_automata_00606a000000_2025-08" --collateral "$CCM_TESTDATA/intel-roots" \
    --at 2025-08-15T05:45:00Z >/dev/null; then
  echo "smoke: ./ccm evidence verify on the real sample failed" >&2
  failed=$((failed + 1))
fi

echo "$passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ]; then exit 1; fi
if [ "$passed" -eq 0 ]; then echo "test.sh: no test ran" >&2; exit 1; fi
