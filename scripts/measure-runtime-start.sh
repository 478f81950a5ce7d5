#!/usr/bin/env bash
# Measures issue #5's figure: time from ccm-runtime start to certificate on disk (trusted-file hashing apart), p50 over
# N runs of the published NativeAOT runtime against a node agent on loopback, on the simulated platform.
#
#   scripts/measure-runtime-start.sh [N]     (default 50)
#
# Prints one summary line and leaves artifacts/runtime-start-timings.json.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export CCM_RUNTIME_TIMING_RUNS="${1:-50}"
"$here/scripts/publish-runtime.sh" >/dev/null
dotnet test "$here/tests/OpenCcm.Runtime.Tests" -c Release -nologo -v quiet \
  --filter "FullyQualifiedName~StartTimingTests" --logger "console;verbosity=normal" 2>&1 | grep -E "runtime start|last run|Failed|error" || true
cat "$here/artifacts/runtime-start-timings.json"; echo
