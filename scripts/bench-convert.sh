#!/usr/bin/env bash
# Benchmark (issue 6, "Figures"): `ccm convert` against `skopeo copy` of the same generated image, between repositories
# of one private registry (scripts/registry.sh), in the same run. Results: docs/benchmarks.md.
#
#   scripts/bench-convert.sh [--size-mb 500[,100...]] [--layers 5] [--runs 3] [--json] [--keep-work]
#
# For each size: generates an oci: layout (LAYERS gzip layers of incompressible files, an executable /bin/app as the
# entrypoint), pushes it to REGISTRY/bench-src-SIZE with skopeo, then RUNS times, alternating which goes first:
#   skopeo copy  docker://REGISTRY/bench-src-SIZE  docker://REGISTRY/bench-skopeo-SIZE-RUN   (fresh repository)
#   ccm convert --from REGISTRY/bench-src-SIZE --to REGISTRY/bench-ccm-SIZE-RUN              (fresh repository)
# each under /usr/bin/time (wall time, user+sys CPU, peak RSS). Reported per size: the medians, the median of the
# per-run ratios ccm/skopeo (each pair ran back to back, so machine load affects both alike), and the highest peak RSS.
#
# skopeo runs with an empty blob-info cache each time (a private tmpfs over /var/lib/containers/cache when root, a fresh
# XDG_DATA_HOME otherwise): with its usual shared cache it knows the blobs sit in bench-src and mounts them
# cross-repository instead of copying, which would measure a few HTTP requests, not a copy.
# ccm runs as ./ccm publishes it (dotnet artifacts/ccm/ccm.dll, ReadyToRun) with the NativeAOT runtime (scripts/publish-runtime.sh)
# and a fixed RSA-3072 e=3 key (so key generation is not timed).
# BENCH_CCM_PREFIX (unquoted words) prefixes the ccm command, for profiling: e.g. "perf record -o /tmp/ccm.perf" with
# DOTNET_PerfMapEnabled=1 exported.
# Needs: docker-registry, skopeo (scripts/test-tools.sh), GNU time (/usr/bin/time, Debian package `time`), openssl.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sizes="500" layers=5 runs=3 json=0 keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --size-mb) sizes="$2"; shift 2 ;;
    --layers) layers="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --json) json=1; shift ;;
    --keep-work) keep=1; shift ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "bench-convert.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
log() { echo "bench-convert.sh: $*" >&2; }
die() { log "$*"; exit 1; }
[[ "$layers" =~ ^[1-9][0-9]*$ && "$runs" =~ ^[1-9][0-9]*$ ]] || die "--layers and --runs take positive integers"
IFS=, read -r -a size_list <<<"$sizes"
for size in "${size_list[@]}"; do
  [[ "$size" =~ ^[1-9][0-9]*$ ]] || die "--size-mb takes positive integers (comma-separated), got '$size'"
done
for tool in docker-registry skopeo openssl gzip sha256sum tar; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool not installed (scripts/test-tools.sh installs docker-registry and skopeo)"
done
[ -x /usr/bin/time ] || die "GNU time not installed (apt-get install time)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Build outside the timed region: the runtime (NativeAOT) and the CLI (./ccm builds when sources changed).
runtime="$("$here/scripts/publish-runtime.sh")"
"$here/ccm" --help >/dev/null
ccm_dll="$here/artifacts/ccm/ccm.dll"

work="$(mktemp -d "${TMPDIR:-/tmp}/openccm-bench-convert.XXXXXX")"
registry_dir=""
cleanup() {
  [ -z "$registry_dir" ] || "$here/scripts/registry.sh" stop "$registry_dir" >/dev/null 2>&1 || true
  if [ "$keep" -eq 1 ]; then log "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
registry_dir="$("$here/scripts/registry.sh" start)"
registry="$(cat "$registry_dir/address")"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -pkeyopt rsa_keygen_pubexp:3 -out "$work/signing-key.pem" 2>/dev/null

# skopeo with an empty blob-info cache (see the header), as a command prefix for `/usr/bin/time`.
skopeo_command() {
  if [ "$(id -u)" -eq 0 ]; then
    mkdir -p /var/lib/containers/cache
    skopeo_cmd=(unshare -m sh -c 'mount -t tmpfs tmpfs /var/lib/containers/cache && exec skopeo "$@"' skopeo)
  else
    skopeo_cmd=(env "XDG_DATA_HOME=$(mktemp -d "$work/xdg.XXXXXX")" skopeo)
  fi
}

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

# Writes an OCI layout in $1 holding $2 MB of random files over $3 gzip layers, tagged "bench".
generate_image() {
  local layout="$1" size_mb="$2" count="$3"
  local per_layer=$(((size_mb + count - 1) / count)) left="$size_mb" diff_ids="" layer_descriptors="" i
  mkdir -p "$layout/blobs/sha256"
  printf '{"imageLayoutVersion":"1.0.0"}' >"$layout/oci-layout"
  for ((i = 0; i < count && left > 0; i++)); do
    local rootfs="$work/rootfs-$i" mb=$((left < per_layer ? left : per_layer)) file=0
    left=$((left - mb))
    mkdir -p "$rootfs/data/layer-$i"
    if [ "$i" -eq 0 ]; then
      mkdir -p "$rootfs/bin"
      printf '#!/bin/sh\necho bench\n' >"$rootfs/bin/app"
      chmod 0755 "$rootfs/bin/app"
    fi
    while [ "$mb" -gt 0 ]; do # files of up to 16 MB
      local chunk=$((mb < 16 ? mb : 16))
      head -c "$((chunk * 1024 * 1024))" /dev/urandom >"$rootfs/data/layer-$i/file-$file.bin"
      mb=$((mb - chunk)) file=$((file + 1))
    done
    tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -cf "$work/layer.tar" -C "$rootfs" .
    rm -rf "$rootfs"
    diff_ids+="${diff_ids:+,}\"sha256:$(sha256_of "$work/layer.tar")\""
    gzip -1 -n -c "$work/layer.tar" >"$work/layer.tar.gz"
    rm -f "$work/layer.tar"
    local digest size
    digest="$(sha256_of "$work/layer.tar.gz")" size="$(stat -c %s "$work/layer.tar.gz")"
    mv "$work/layer.tar.gz" "$layout/blobs/sha256/$digest"
    layer_descriptors+="${layer_descriptors:+,}{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:$digest\",\"size\":$size}"
  done
  local config="$work/config.json" manifest="$work/manifest.json"
  printf '{"architecture":"amd64","os":"linux","created":"2026-01-01T00:00:00Z","config":{"Entrypoint":["/bin/app"]},"rootfs":{"type":"layers","diff_ids":[%s]}}' \
    "$diff_ids" >"$config"
  local config_digest
  config_digest="$(sha256_of "$config")"
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[%s]}' \
    "$config_digest" "$(stat -c %s "$config")" "$layer_descriptors" >"$manifest"
  local manifest_digest
  manifest_digest="$(sha256_of "$manifest")"
  printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"bench"}}]}' \
    "$manifest_digest" "$(stat -c %s "$manifest")" >"$layout/index.json"
  mv "$config" "$layout/blobs/sha256/$config_digest"
  mv "$manifest" "$layout/blobs/sha256/$manifest_digest"
}

# Runs a command under GNU time; prints "wall_seconds cpu_seconds peak_rss_kb". Output of the command goes to $1.
timed() {
  local output="$1" stats="$work/time.txt"
  shift
  if ! /usr/bin/time -f '%e %U %S %M' -o "$stats" "$@" >"$output" 2>&1; then
    cat "$output" >&2
    die "failed: $*"
  fi
  awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$stats"
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
max() { sort -g | tail -n 1; }

results_json=""
table=""
for size in "${size_list[@]}"; do
  layout="$work/image-$size"
  log "generating a $size MB image in $layers layers"
  generate_image "$layout" "$size" "$layers"
  source_ref="$registry/bench-src-$size:bench"
  skopeo_command
  "${skopeo_cmd[@]}" copy --quiet --dest-tls-verify=false "oci:$layout:bench" "docker://$source_ref" >/dev/null
  rm -rf "$layout"
  runs_json="" ratios="" ccm_times="" skopeo_times="" ccm_cpus="" skopeo_cpus="" ccm_rss="" skopeo_rss=""
  for ((run = 1; run <= runs; run++)); do
    run_skopeo() {
      skopeo_command
      timed "$work/skopeo.out" "${skopeo_cmd[@]}" copy --quiet --src-tls-verify=false --dest-tls-verify=false \
        "docker://$source_ref" "docker://$registry/bench-skopeo-$size-$run:bench"
    }
    run_ccm() {
      timed "$work/ccm.out" ${BENCH_CCM_PREFIX:-} dotnet "$ccm_dll" convert --from "$source_ref" --to "$registry/bench-ccm-$size-$run:bench" \
        --insecure-registry "$registry" --runtime "$runtime" --signing-key "$work/signing-key.pem" --json
    }
    if [ $((run % 2)) -eq 1 ]; then s="$(run_skopeo)"; c="$(run_ccm)"; else c="$(run_ccm)"; s="$(run_skopeo)"; fi
    read -r s_wall s_cpu s_kb <<<"$s"
    read -r c_wall c_cpu c_kb <<<"$c"
    ratio="$(awk -v c="$c_wall" -v s="$s_wall" 'BEGIN { printf "%.2f", c / s }')"
    log "size $size MB run $run: ccm ${c_wall}s (cpu ${c_cpu}s, $((c_kb / 1024)) MB), skopeo ${s_wall}s (cpu ${s_cpu}s, $((s_kb / 1024)) MB), ratio $ratio"
    ratios+="$ratio"$'\n' ccm_times+="$c_wall"$'\n' skopeo_times+="$s_wall"$'\n' ccm_cpus+="$c_cpu"$'\n' skopeo_cpus+="$s_cpu"$'\n'
    ccm_rss+="$((c_kb / 1024))"$'\n' skopeo_rss+="$((s_kb / 1024))"$'\n'
    runs_json+="${runs_json:+,}{\"ccmSeconds\":$c_wall,\"ccmCpuSeconds\":$c_cpu,\"ccmPeakRssMb\":$((c_kb / 1024)),\"skopeoSeconds\":$s_wall,\"skopeoCpuSeconds\":$s_cpu,\"skopeoPeakRssMb\":$((s_kb / 1024)),\"ratio\":$ratio}"
  done
  m_ratio="$(printf '%s' "$ratios" | median)" m_ccm="$(printf '%s' "$ccm_times" | median)" m_skopeo="$(printf '%s' "$skopeo_times" | median)"
  m_ccm_cpu="$(printf '%s' "$ccm_cpus" | median)" m_skopeo_cpu="$(printf '%s' "$skopeo_cpus" | median)"
  p_ccm="$(printf '%s' "$ccm_rss" | max)" p_skopeo="$(printf '%s' "$skopeo_rss" | max)"
  results_json+="${results_json:+,}{\"sizeMb\":$size,\"layers\":$layers,\"runs\":[$runs_json],\"ccmSeconds\":$m_ccm,\"ccmCpuSeconds\":$m_ccm_cpu,\"skopeoSeconds\":$m_skopeo,\"skopeoCpuSeconds\":$m_skopeo_cpu,\"ratio\":$m_ratio,\"ccmPeakRssMb\":$p_ccm,\"skopeoPeakRssMb\":$p_skopeo}"
  table+="| $size MB, $layers layers | $m_ccm s ($m_ccm_cpu s CPU) | $m_skopeo s ($m_skopeo_cpu s CPU) | **$m_ratio** | $p_ccm MB | $p_skopeo MB |"$'\n'
done

load="$(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$json" -eq 1 ]; then
  printf '{"runs":%s,"cores":%s,"loadAverage":"%s","targetRatio":1.5,"targetPeakRssMb":200,"sizes":[%s]}\n' "$runs" "$(nproc)" "$load" "$results_json"
else
  echo "ccm convert vs skopeo copy, medians of $runs runs ($(nproc) cores, load average $load)"
  echo "| image | ccm convert | skopeo copy | ratio (median of runs) | ccm peak RSS | skopeo peak RSS |"
  echo "|---|---:|---:|---:|---:|---:|"
  printf '%s' "$table"
fi
