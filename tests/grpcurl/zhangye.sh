#!/usr/bin/env bash
# Zhangye (张掖 2015): the top-secret exception and nothing wider (zhangye 四十八); no silent consent
# in the seed, so a silent department lapses without a verdict.
SCENARIO=zhangye; source "$(dirname "$0")/lib.sh"
start zhangye 2026-03-02T10:00:00+08:00
req="$(request zy-ts '{"classification":"CLASSIFICATION_TOP_SECRET","copy_number":"000001"}' '{"addressee":"ADDRESSEE_KIND_LEADER","addressee_leader":"mayor","direct_reason":"DIRECT_REASON_TOP_SECRET_MATTER"}')"
check "$(call audit gongwen.intake.v1.IntakeService/Submit "$req")" 'r["submission"]["state"]=="SUBMISSION_STATE_REGISTERED"' "绝密 straight to the mayor accepted"
for reason in DIRECT_REASON_CLASSIFIED_MATTER DIRECT_REASON_FOREIGN_AFFAIRS DIRECT_REASON_MAJOR_EMERGENCY; do
  req="$(request "zy-$reason" "{\"doc_number\":\"审发〔2026〕4$RANDOM号\",\"classification\":\"CLASSIFICATION_SECRET\",\"copy_number\":\"000002\"}" "{\"addressee\":\"ADDRESSEE_KIND_LEADER\",\"addressee_leader\":\"mayor\",\"direct_reason\":\"$reason\"}")"
  check "$(call audit gongwen.intake.v1.IntakeService/Submit "$req")" 'any(f["code"]=="NO_DIRECT_TO_LEADER" and "zhangye 四十八" in f["articles"] for f in r["submission"]["findings"])' "$reason is not an exception in Zhangye"
done
r="$(open_round audit "finance" zy1)"; id="$(field "$r" 'r["id"]')"
start zhangye 2026-03-20T09:00:00+08:00
for _ in $(seq 1 50); do
  r="$(call office gongwen.countersign.v1.CountersignService/Get "{\"round_id\":\"$id\"}" | res)"
  [ "$(field "$r" 'r["tasks"][0]["state"]')" = TASK_STATE_LAPSED ] && break
  sleep 0.1
done
check "$r" 'r["tasks"][0]["state"] == "TASK_STATE_LAPSED" and r["tasks"][0]["deemedArticle"].startswith("default")' "silence lapses, citing the declared default"

# zhangye 五十一 ¶2: the office's own documents are signed by the secretary-general, a deputy or a
# deputy office director.
r="$(call office gongwen.approval.v1.ApprovalService/SigningAuthority '{"issuer":"ISSUER_OFFICE","direction":"DIRECTION_DOWNWARD"}')"
check "$r" 'r["signers"] == ["secretary_general","deputy_secretary_general","office_deputy_director"] and r["source"].startswith("zhangye 五十一")' "the office's documents: secretary-general, deputy or deputy office director"
