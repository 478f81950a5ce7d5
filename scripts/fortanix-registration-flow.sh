#!/usr/bin/env bash
# The Fortanix CCM registration flow with curl and jq, written from the reference's field names
# (shared/reference/fortanix-ccm.md §1, §2.1, §2.3; the steps of Fortanix's em-app register_and_run.sh):
# log in (signing up first if needed), create and select an account, read the zone certificate, create an app with
# a domain and approve its DOMAIN_WHITELIST task, register a build from a SIGSTRUCT and approve its BUILD_WHITELIST
# task, check the build is WHITELISTED and the domain whitelisted, list nodes. Safe to run again: existing account,
# app and build are reused.
#
#   MANAGER_URL=http://127.0.0.1:8080 ADMIN_EMAIL=... ADMIN_PASSWORD=... SIGSTRUCT=enclave.sig \
#     scripts/fortanix-registration-flow.sh
#
# Optional: ACCOUNT_NAME, APP_NAME, DOMAIN, CURL_OPTS (e.g. "--cacert ca.pem"), OUTPUT_DIR (zone_ca.crt goes there).
# Prints one "key: value" line per step and "registration flow: OK"; exits non-zero at the first failed step.
set -euo pipefail

: "${MANAGER_URL:?set MANAGER_URL (e.g. https://manager:8443)}"
: "${ADMIN_EMAIL:?set ADMIN_EMAIL}"
: "${ADMIN_PASSWORD:?set ADMIN_PASSWORD}"
: "${SIGSTRUCT:?set SIGSTRUCT to a SIGSTRUCT file (1808 bytes)}"
url="${MANAGER_URL%/}"
account_name="${ACCOUNT_NAME:-registration-flow}"
app_name="${APP_NAME:-registration-flow-app}"
domain="${DOMAIN:-app.registration-flow.example}"
read -r -a curl_options <<<"${CURL_OPTS:-}"
for tool in curl jq dd sha256sum base64; do
  command -v "$tool" >/dev/null || { echo "registration flow: $tool is required" >&2; exit 2; }
done

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
output_dir="${OUTPUT_DIR:-$tmp}"

fail() { echo "registration flow: $*" >&2; exit 1; }

# call METHOD PATH [JSON]: the answer's body goes to $tmp/body, its HTTP status to $status. Credentials and bodies
# travel through files (curl -H @file, --data-binary @file) so that they never show in the process list.
status=""
auth=()
call() {
  local method=$1 path=$2 json=${3-}
  local args=(-sS --connect-timeout 10 --max-time 60 -X "$method" -o "$tmp/body" -w '%{http_code}' -H 'Accept: application/json')
  if [ -n "$json" ]; then
    printf '%s' "$json" >"$tmp/request"
    args+=(-H 'Content-Type: application/json' --data-binary "@$tmp/request")
  fi
  status="$(curl "${args[@]}" "${auth[@]}" "${curl_options[@]}" "$url$path")" || fail "$method $path: curl failed"
}
use_header() { printf 'Authorization: %s\n' "$1" >"$tmp/authorization"; auth=(-H "@$tmp/authorization"); }
body() { jq -r "$@" "$tmp/body"; }
uri() { jq -rn --arg v "$1" '$v | @uri'; }
expect() {
  local what=$1; shift
  for code in "$@"; do [ "$status" = "$code" ] && return 0; done
  fail "$what answered HTTP $status: $(head -c 400 "$tmp/body")"
}

# 1. The build's identity from the SIGSTRUCT (Intel SDM Vol. 3D Table 38-19; the offsets Fortanix's scripts use):
#    HEADER at 0, MODULUS (384 bytes, little-endian) at 128, ENCLAVEHASH at 960, ISVPRODID (u16 LE) at 1024,
#    ISVSVN (u16 LE) at 1026; MRSIGNER is the SHA-256 of the modulus bytes as stored.
[ -f "$SIGSTRUCT" ] || fail "no SIGSTRUCT file at $SIGSTRUCT"
[ "$(wc -c <"$SIGSTRUCT")" -ge 1808 ] || fail "$SIGSTRUCT is shorter than a SIGSTRUCT (1808 bytes)"
hex_at() {
  if command -v xxd >/dev/null; then dd if="$SIGSTRUCT" bs=1 skip="$1" count="$2" status=none | xxd -p -c 256 | tr -d '\n'
  else dd if="$SIGSTRUCT" bs=1 skip="$1" count="$2" status=none | od -An -v -tx1 | tr -d ' \n'; fi
}
u16le_at() { local h; h="$(hex_at "$1" 2)"; echo $((16#${h:2:2}${h:0:2})); }
[ "$(hex_at 0 16)" = 06000000e10000000000010000000000 ] || fail "$SIGSTRUCT does not start with the SIGSTRUCT header"
mrenclave="$(hex_at 960 32)"
mrsigner="$(dd if="$SIGSTRUCT" bs=1 skip=128 count=384 status=none | sha256sum | cut -d' ' -f1)"
isvprodid="$(u16le_at 1024)"
isvsvn="$(u16le_at 1026)"
echo "sigstruct: mrenclave=$mrenclave mrsigner=$mrsigner isvprodid=$isvprodid isvsvn=$isvsvn"

# 2. Log in: POST /v1/sys/auth with HTTP Basic gives a bearer access_token (§2.1); sign up first if refused.
log_in() {
  use_header "Basic $(printf '%s:%s' "$ADMIN_EMAIL" "$ADMIN_PASSWORD" | base64 | tr -d '\n')"
  call POST /v1/sys/auth
}
log_in
how="existing user"
if [ "$status" = 401 ]; then
  auth=()
  call POST /v1/users "$(jq -nc --arg e "$ADMIN_EMAIL" --arg p "$ADMIN_PASSWORD" '{user_email: $e, user_password: $p}')"
  expect "sign-up (POST /v1/users)" 200 201
  how="signed up"
  log_in
fi
expect "log-in (POST /v1/sys/auth)" 200
token="$(body .access_token)"
[ -n "$token" ] && [ "$token" != null ] || fail "POST /v1/sys/auth gave no access_token"
use_header "Bearer $token"
echo "logged in: $ADMIN_EMAIL ($how)"

# 3. Create (or find) the account and select it.
call GET /v1/accounts
expect "GET /v1/accounts" 200
account_id="$(body --arg n "$account_name" 'first(.items[] | select(.name == $n) | .acct_id) // empty')"
if [ -z "$account_id" ]; then
  call POST /v1/accounts "$(jq -nc --arg n "$account_name" '{name: $n}')"
  expect "POST /v1/accounts" 200 201
  account_id="$(body .acct_id)"
fi
call POST "/v1/accounts/select_account/$account_id"
expect "select_account" 200 204
echo "account: $account_id ($account_name)"

# 4. The zone certificate (Fortanix scripts save it as the CA their apps trust).
call GET /v1/zones
expect "GET /v1/zones" 200
body --arg a "$account_id" \
  '(if type == "array" then . else .items end) | map(select((.acct_id // $a) == $a)) | .[0].certificate // empty' >"$output_dir/zone_ca.crt"
grep -q -- '-----BEGIN CERTIFICATE-----' "$output_dir/zone_ca.crt" || fail "GET /v1/zones gave no PEM certificate for account $account_id"
if command -v openssl >/dev/null; then
  subject="$(openssl x509 -in "$output_dir/zone_ca.crt" -noout -subject)" || fail "the zone certificate is not a valid X.509 certificate"
  echo "zone certificate: $subject"
else
  echo "zone certificate: $(wc -c <"$output_dir/zone_ca.crt") bytes of PEM"
fi

# 5. The app with its domain (an existing app gets the domain added to its allowed_domains).
call GET "/v1/apps?name=$(uri "$app_name")"
expect "GET /v1/apps" 200
app="$(body --arg n "$app_name" 'first(.items[] | select(.name == $n)) // empty')"
if [ -z "$app" ]; then
  call POST /v1/apps "$(jq -nc --arg n "$app_name" --arg d "$domain" --argjson p "$isvprodid" --argjson s "$isvsvn" \
    '{name: $n, input_image_name: ($n + "-input"), output_image_name: ($n + "-output"), isvprodid: $p, isvsvn: $s,
      mem_size: 1024, threads: 128, allowed_domains: [$d]}')"
  expect "POST /v1/apps" 200 201
  app_id="$(body .app_id)"
else
  app_id="$(jq -r .app_id <<<"$app")"
  if ! jq -e --arg d "$domain" '((.whitelisted_domains // []) + (.domains_added // [])) | index($d)' <<<"$app" >/dev/null; then
    call PATCH "/v1/apps/$app_id" "$(jq -c --arg d "$domain" '{allowed_domains: ((.whitelisted_domains // []) + [$d])}' <<<"$app")"
    expect "PATCH /v1/apps/$app_id" 200
  fi
fi
echo "app: $app_id ($app_name)"

# approve TASK_TYPE ENTITY_ID: approves every open task of that type on that entity (PATCH /v1/tasks/{id}).
approve() {
  local type=$1 entity=$2 label=$3 tasks task_id
  call GET "/v1/tasks?entity_id=$entity"
  expect "GET /v1/tasks" 200
  tasks="$(body --arg t "$type" --arg e "$entity" '.items[] | select(.task_type == $t and .entity_id == $e and .status.status == "INPROGRESS") | .task_id')"
  for task_id in $tasks; do
    call PATCH "/v1/tasks/$task_id" '{"status":"APPROVED"}'
    expect "PATCH /v1/tasks/$task_id" 200
    echo "$label task $task_id: $(body .task_status.status)"
  done
}

# 6. Approve the domain.
approve DOMAIN_WHITELIST "$app_id" domain

# 7. Register the build (or find it by its MRENCLAVE, unique per account).
call GET /v1/builds
expect "GET /v1/builds" 200
build="$(body --arg m "$mrenclave" 'first(.items[] | select(.enclave_info.mrenclave == $m)) // empty')"
if [ -z "$build" ]; then
  call POST /v1/builds "$(jq -nc --arg a "$app_id" --arg m "$mrenclave" --arg s "$mrsigner" --argjson p "$isvprodid" --argjson v "$isvsvn" \
    '{app_id: $a, mrenclave: $m, mrsigner: $s, isvprodid: $p, isvsvn: $v}')"
  expect "POST /v1/builds" 200 201
  build_id="$(body .build_id)"
else
  build_id="$(jq -r .build_id <<<"$build")"
  [ "$(jq -r .app_id <<<"$build")" = "$app_id" ] || fail "MRENCLAVE $mrenclave is registered for another app: $(jq -r .app_name <<<"$build")"
fi
echo "build: $build_id"

# 8. Approve the build.
approve BUILD_WHITELIST "$build_id" build

# 9. Check the outcome.
call GET "/v1/builds/$build_id"
expect "GET /v1/builds/$build_id" 200
[ "$(body .enclave_info.mrenclave)" = "$mrenclave" ] || fail "build $build_id does not carry MRENCLAVE $mrenclave"
build_status="$(body .status.status)"
echo "build status: $build_status"
[ "$build_status" = WHITELISTED ] || fail "build $build_id is $build_status, not WHITELISTED"
call GET "/v1/apps/$app_id"
expect "GET /v1/apps/$app_id" 200
echo "whitelisted domains: $(body '.whitelisted_domains | join(",")')"
body -e --arg d "$domain" '.whitelisted_domains | index($d)' >/dev/null || fail "app $app_id has not whitelisted $domain"

# 10. List nodes (an empty list until node agents enroll).
call GET /v1/nodes
expect "GET /v1/nodes" 200
echo "nodes: $(body '(if type == "array" then . else .items end) | length')"

echo "registration flow: OK"
