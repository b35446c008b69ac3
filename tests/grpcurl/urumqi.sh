#!/usr/bin/env bash
# Urumqi (乌鲁木齐 2018): 7 working days (urumqi 四十九) across Xinjiang's 古尔邦节, lapsing into
# silent consent; a 绝密 request straight to the mayor accepted, a 机密 one returned (urumqi 四十八).
SCENARIO=urumqi; source "$(dirname "$0")/lib.sh"
start urumqi 2025-06-04T10:00:00+08:00
r="$(open_round audit "finance drc justice" u1)"; id="$(field "$r" 'r["id"]')"
check "$r" 'r["limitWorkingDays"] == 7 and r["limitSource"].startswith("urumqi 四十九")' "7 working days, urumqi 四十九"
check "$r" 'all(t["dueAt"] == "2025-06-18T16:00:00Z" for t in r["tasks"])' "due at the end of 2025-06-18 (古尔邦节 6/6–10 off)"
for p in finance:AGREED drc:AGREED_WITH_COMMENTS; do
  call "${p%%:*}" gongwen.countersign.v1.Countersign/Reply \
    "{\"round_id\":\"$id\",\"department\":\"${p%%:*}\",\"verdict\":\"${p##*:}\",\"comments\":\"意见\",\"signed_by\":\"负责人\"}" >/dev/null
done
start urumqi 2025-06-19T09:00:00+08:00
for _ in $(seq 1 50); do
  r="$(call office gongwen.countersign.v1.Countersign/Get "{\"round_id\":\"$id\"}")"
  [ "$(field "$r" '[t["state"] for t in r["tasks"] if t["department"]=="justice"][0]')" = DEEMED_CONSENT ] && break
  sleep 0.1
done
check "$r" '[t for t in r["tasks"] if t["department"]=="justice"][0]["deemedArticle"].startswith("urumqi 四十九")' "justice deemed to consent"
cert="$(call audit gongwen.countersign.v1.Countersign/Conclude "{\"round_id\":\"$id\"}")"
req="$(request u-cert '{}' "{\"concerned_departments\":[\"finance\",\"drc\",\"justice\"],\"countersign\":{\"round_id\":\"$id\",\"digest\":\"$(field "$cert" 'r["digest"]')\"}}")"
s="$(call audit gongwen.intake.v1.Intake/Submit "$req")"
check "$s" 'r["submission"]["state"] == "REGISTERED"' "countersigned request registered"

req="$(request u-ts '{"doc_number":"审发〔2026〕13号","classification":"TOP_SECRET","copy_number":"000001"}' '{"addressee":"LEADER","addressee_leader":"mayor","direct_reason":"TOP_SECRET_MATTER"}')"
s="$(call audit gongwen.intake.v1.Intake/Submit "$req")"
check "$s" 'r["submission"]["state"] == "REGISTERED"' "绝密 straight to the mayor is accepted"
req="$(request u-s '{"doc_number":"审发〔2026〕14号","classification":"SECRET","copy_number":"000002"}' '{"addressee":"LEADER","addressee_leader":"mayor","direct_reason":"CLASSIFIED_MATTER"}')"
s="$(call audit gongwen.intake.v1.Intake/Submit "$req")"
check "$s" 'any(f["code"]=="NO_DIRECT_TO_LEADER" and "urumqi 四十八" in f["articles"] for f in r["submission"]["findings"])' "机密 straight to a leader is returned"
