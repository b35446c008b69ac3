#!/usr/bin/env bash
# Jining (济宁 2022): 3 working days (jining 五十九) and one week for complex matters; a 呈阅件 and an
# over-long 简报 returned (jining 五十六, 六十三); a 机密 matter may go straight to a leader (jining 五十五).
SCENARIO=jining; source "$(dirname "$0")/lib.sh"
start jining 2026-04-30T10:00:00+08:00
r="$(open_round audit "finance" j1)"
check "$r" 'r["limitWorkingDays"] == 3 and r["tasks"][0]["dueAt"] == "2026-05-08T16:00:00Z"' "3 working days across 劳动节 end 2026-05-08"
r="$(call audit gongwen.countersign.v1.Countersign/OpenRound "{\"lead_department\":\"audit\",\"participants\":[\"drc\"],\"limit\":\"COMPLEX_MATTER\",\"idempotency_key\":\"j2\",\"draft\":{\"title\":\"复杂事项\",\"content_sha256\":\"$(sha256 x)\"}}")"
check "$r" 'r["limitSource"].startswith("jining 五十九") and r["tasks"][0]["dueAt"] == "2026-05-07T16:00:00Z"' "one calendar week from 04-30 ends at the end of 05-07"
s="$(call - gongwen.intake.v1.Intake/Submit "$(request j-read '{"doc_type":"FOR_READING","doc_number":"审发〔2026〕20号"}')")"
check "$s" 'r["submission"]["state"]=="RETURNED" and any(f["code"]=="FORMAL_FORM_ONLY" and f["articles"]==["jining 五十六"] for f in r["submission"]["findings"])' "呈阅件 returned"
long="$(python3 -c 'print("本期简报反映全市审计工作动态。" * 150)')"
s="$(call - gongwen.intake.v1.Intake/Submit "$(request j-brief "{\"doc_type\":\"BRIEFING\",\"doc_number\":\"审发〔2026〕21号\",\"body\":\"$long\"}")")"
check "$s" 'any(f["code"]=="BRIEFING_LENGTH" and "jining 六十三" in f["articles"] for f in r["submission"]["findings"])' "简报 over 2,000 characters returned"
s="$(call - gongwen.intake.v1.Intake/Submit "$(request j-secret '{"doc_number":"审发〔2026〕22号","classification":"SECRET","copy_number":"000003"}' '{"addressee":"LEADER","addressee_leader":"mayor","direct_reason":"CLASSIFIED_MATTER"}')")"
check "$s" 'r["submission"]["state"]=="REGISTERED"' "a 机密 matter goes straight to a leader in Jining"

# 呈批: registered → the office's queue → 拟办 (major, with a co-approver) → the deputy in charge →
# the co-approver (圈阅 on a request is consent) → the mayor; the department sees the decision.
s="$(call - gongwen.intake.v1.Intake/Submit "$(request j-approve '{"doc_number":"审发〔2026〕40号"}')")"
sub="$(field "$s" 'r["submission"]["id"]')"
item=""
for _ in $(seq 1 50); do
  q="$(call office gongwen.approval.v1.Approval/Inbox '{"office_queue": true}')"
  item="$(field "$q" '([i["id"] for i in r.get("items", []) if i["submissionId"] == "'"$sub"'"] + [""])[0]')"
  [ -n "$item" ] && break
  sleep 0.1
done
[ -n "$item" ] || fail "the registered request never reached the office's queue"
r="$(call office gongwen.approval.v1.Approval/Propose "{\"id\":\"$item\",\"proposal\":\"拟请常务副市长审批，孙副市长会签，报市长审定\",\"major\":true,\"co_approvers\":[\"vm-sun\"]}")"
check "$r" '[s["leader"] for s in r["route"]] == ["exec-vm","vm-sun","mayor"]' "route: deputy in charge, co-approver, the mayor for a major matter"
for step in exec-vm:APPROVE:同意 vm-sun:CIRCLE: mayor:APPROVE:同意; do
  IFS=: read -r leader kind opinion <<<"$step"
  r="$(call_leader "$leader" gongwen.approval.v1.Approval/Decide "{\"id\":\"$item\",\"kind\":\"$kind\",\"opinion\":\"$opinion\",\"signed_name\":\"$leader\",\"signed_date\":\"2026年5月6日\"}")"
done
seen="$(call audit gongwen.approval.v1.Approval/Get "{\"submission_id\":\"$sub\"}")"
check "$seen" 'r["state"] == "DECIDED" and [d["meaning"] for d in r["decisions"]] == ["consent","consent","consent"]' "decided; 圈阅 counted as consent on a request"
if call_leader mayor gongwen.approval.v1.Approval/Decide "{\"id\":\"$item\",\"kind\":\"APPROVE\",\"opinion\":\"同意\",\"signed_name\":\"孔祥文\"}" >/dev/null 2>&1; then
  fail "a decision without the full date was accepted"
fi
