#!/usr/bin/env bash
# Publishes ccm-runtime (src/OpenCcm.Runtime) as one NativeAOT executable and copies it to OUT_DIR (default:
# artifacts/ccm, next to the ccm CLI, where `ccm enclave measure` and the tests look for it). Prints the binary's path.
#
#   scripts/publish-runtime.sh [--no-aot] [--force] [OUT_DIR]
#
# --no-aot  Fallback when NativeAOT cannot build here (no ILCompiler package, no clang/lld): a framework-dependent
#           build in OUT_DIR/ccm-runtime.jit/ with OUT_DIR/ccm-runtime a symlink to its apphost. It needs the .NET
#           runtime at run time and its measurement covers only the small apphost, not the code in ccm-runtime.dll:
#           for development only, never for a converted image.
# --force   Publish even when the binary is newer than every source.
# Without --force the publish is skipped when OUT_DIR/ccm-runtime is newer than every source of the runtime and the
# libraries it uses (NativeAOT takes about a minute). Concurrent callers are serialized with flock.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
aot=1 force=0 out=""
for arg in "$@"; do
  case "$arg" in
    --no-aot) aot=0 ;;
    --force) force=1 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    -*) echo "publish-runtime.sh: unknown option $arg" >&2; exit 2 ;;
    *) out="$arg" ;;
  esac
done
out="${out:-$here/artifacts/ccm}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

exec 9>"$out/.ccm-runtime.lock"
flock 9

binary="$out/ccm-runtime"
sources=("$here/src/OpenCcm.Runtime" "$here/src/OpenCcm.Attestation" "$here/src/OpenCcm.Enclave" "$here/src/OpenCcm.AgentProtocol"
         "$here/Directory.Build.props" "$here/Directory.Packages.props")
if [ "$force" -eq 0 ] && [ -e "$binary" ] && \
   { { [ "$aot" -eq 1 ] && [ ! -L "$binary" ]; } || { [ "$aot" -eq 0 ] && [ -L "$binary" ]; }; } && \
   [ -z "$(find "${sources[@]}" \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' \) -newer "$binary" \
          -not -path '*/bin/*' -not -path '*/obj/*' -print -quit 2>/dev/null)" ]; then
  echo "$binary"
  exit 0
fi

stage="$here/artifacts/obj/ccm-runtime"
rm -rf "$stage"
mkdir -p "$here/artifacts/obj"
publish_log="$here/artifacts/obj/ccm-runtime-publish.log"
project="$here/src/OpenCcm.Runtime/OpenCcm.Runtime.csproj"
if [ "$aot" -eq 1 ]; then
  if ! dotnet publish "$project" -c Release -r linux-x64 -p:PublishAot=true -o "$stage" -nologo >"$publish_log" 2>&1; then
    cat "$publish_log" >&2
    echo "publish-runtime.sh: NativeAOT publish failed; scripts/publish-runtime.sh --no-aot builds a development fallback" >&2
    exit 1
  fi
  rm -rf "$out/ccm-runtime.jit" "$binary"
  cp "$stage/ccm-runtime" "$binary.tmp.$$" && mv -f "$binary.tmp.$$" "$binary"
else
  if ! dotnet publish "$project" -c Release -r linux-x64 -p:PublishAot=false --self-contained false -o "$stage" -nologo >"$publish_log" 2>&1; then
    cat "$publish_log" >&2
    exit 1
  fi
  rm -rf "$out/ccm-runtime.jit" "$binary"
  cp -r "$stage" "$out/ccm-runtime.jit"
  ln -s ccm-runtime.jit/ccm-runtime "$binary"
  echo "publish-runtime.sh: non-AOT fallback (needs the .NET runtime; measurement covers only the apphost)" >&2
fi
echo "$binary"
