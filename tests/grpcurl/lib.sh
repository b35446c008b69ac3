# Helpers for the grpcurl scenarios: start the real `gongwen serve`, call it
# through grpcurl with reflection only (no local proto files), assert on JSON.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BIN="$ROOT/target/debug/gongwen"
DATA="$(mktemp -d)"
PID=""
ADDR=""

cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$DATA"; }
trap cleanup EXIT

fail() { echo "FAIL [$SCENARIO]: $*" >&2; exit 1; }

# start RULEBOOK [DEV_CLOCK]: (re)starts the server on the same data directory.
start() {
  [ -n "$PID" ] && { kill "$PID"; wait "$PID" 2>/dev/null || true; }
  local port
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  ADDR="127.0.0.1:$port"
  local clock=()
  [ -n "${2:-}" ] && clock=(--dev-clock "$2")
  RUST_LOG=error "$BIN" serve --listen "$ADDR" --data-dir "$DATA" --rulebook "$1" "${clock[@]}" &
  PID=$!
  for _ in $(seq 1 100); do
    grpcurl -plaintext "$ADDR" list >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  fail "server did not start"
}

# token SUBJECT: a bearer token (department:audit, leader:mayor, office),
# minted with the development key the server keeps in its data directory.
declare -A TOKENS=()
token() {
  [ -n "${TOKENS[$1]:-}" ] || TOKENS[$1]="$("$BIN" token issue --data-dir "$DATA" --subject "$1" --clearance top_secret)"
  echo "${TOKENS[$1]}"
}

# as SUBJECT METHOD JSON: prints the JSON reply.
as() { grpcurl -plaintext -H "authorization: Bearer $(token "$1")" -d "$3" "$ADDR" "$2"; }

# call DEPT|office|- METHOD JSON: as a department or the office ("-": no credentials).
call() {
  local dept="$1" method="$2" body="$3"
  case "$dept" in
    -) grpcurl -plaintext -d "$body" "$ADDR" "$method" ;;
    office) as office "$method" "$body" ;;
    *) as "department:$dept" "$method" "$body" ;;
  esac
}

# call_leader LEADER METHOD JSON: as a leader.
call_leader() { as "leader:$1" "$2" "$3"; }

# check JSON PYTHON_EXPR MESSAGE: the expression, over `r` (the parsed JSON), must be true.
check() {
  python3 -c 'import json,sys; r=json.loads(sys.argv[1]); sys.exit(0 if eval(sys.argv[2]) else 1)' "$1" "$2" \
    || fail "$3 — got: $(echo "$1" | head -c 600)"
}

# A request from the Jining/Urumqi/... audit bureau; $1 key, $2 extra document JSON, $3 extra envelope JSON.
request() {
  python3 - "$@" <<'PY'
import json, sys
key, doc, env = sys.argv[1], json.loads(sys.argv[2] if len(sys.argv) > 2 else "{}"), json.loads(sys.argv[3] if len(sys.argv) > 3 else "{}")
d = {"doc_type": "DOC_TYPE_REQUEST", "issuing_body": "市审计局", "doc_number": "审发〔2026〕12号",
     "title": "市审计局关于开展政府投资项目专项审计的请示", "main_recipient": "市政府",
     "body": "为落实市委、市政府关于加强审计监督的部署，我局拟开展全市政府投资项目专项审计。恳请市政府批准开展该专项审计。妥否，请批示。",
     "signed_off_by": "韦正", "date_of_writing": "2026年3月5日"}
d.update(doc)
e = {"submitting_unit": "audit", "addressee": "ADDRESSEE_KIND_GOVERNMENT"}
e.update(env)
print(json.dumps({"document": d, "envelope": e, "idempotency_key": key}, ensure_ascii=False))
PY
}

sha256() { python3 -c 'import hashlib,sys; print(hashlib.sha256(sys.argv[1].encode()).hexdigest())' "$1"; }

BODY="为落实市委、市政府关于加强审计监督的部署，我局拟开展全市政府投资项目专项审计。恳请市政府批准开展该专项审计。妥否，请批示。"

# open_round LEAD "p1 p2 ..." KEY: prints the round id.
open_round() {
  local parts
  parts="$(python3 -c 'import json,sys; print(json.dumps(sys.argv[1].split()))' "$2")"
  call "$1" gongwen.countersign.v1.CountersignService/OpenRound \
    "{\"lead_department\":\"$1\",\"participants\":$parts,\"limit\":\"LIMIT_KIND_RULEBOOK_DEFAULT\",\"idempotency_key\":\"$3\",
      \"draft\":{\"title\":\"会签稿\",\"content_sha256\":\"$(sha256 "$BODY")\"}}" | res
}

# res: the record a v1 response carries (its one field: round, item, submission, certificate or
# absence), read from stdin; every RPC has its own response message.
res() { python3 -c 'import json,sys; r=json.load(sys.stdin); (k,)=r.keys(); print(json.dumps(r[k], ensure_ascii=False))'; }

field() { python3 -c 'import json,sys; r=json.loads(sys.argv[1]); print(eval(sys.argv[2]))' "$1" "$2"; }

# office_item SUBMISSION_ID: waits until approval has the registered submission in the office's
# queue and prints the item id.
office_item() {
  local q item
  for _ in $(seq 1 50); do
    q="$(call office gongwen.approval.v1.ApprovalService/Inbox '{"office_queue": true}')"
    item="$(field "$q" '([i["id"] for i in r.get("items", []) if i["submissionId"] == "'"$1"'"] + [""])[0]')"
    [ -n "$item" ] && { echo "$item"; return 0; }
    sleep 0.1
  done
  fail "submission $1 never reached the office's queue"
}
