#!/usr/bin/env bash
# Yueqing (乐清 2020): the seed is truncated before its document chapter, so only the national
# floor applies: the Regulation's one exception (leader-assigned matters, 第十五条(五)).
SCENARIO=yueqing; source "$(dirname "$0")/lib.sh"
start yueqing
pre="$(call audit gongwen.intake.v1.IntakeService/Precheck "$(request y0 | python3 -c 'import json,sys; d=json.load(sys.stdin); d.pop("idempotency_key"); print(json.dumps(d, ensure_ascii=False))')")"
check "$pre" 'r["rulebook"] == "yueqing" and r["wouldRegister"]' "a well-formed request passes the national floor"
req="$(request y-ts '{"classification":"CLASSIFICATION_TOP_SECRET","copy_number":"000001"}' '{"addressee":"ADDRESSEE_KIND_LEADER","addressee_leader":"mayor","direct_reason":"DIRECT_REASON_TOP_SECRET_MATTER"}')"
check "$(call audit gongwen.intake.v1.IntakeService/Submit "$req")" 'any(f["code"]=="NO_DIRECT_TO_LEADER" and f["articles"]==["Regulation 第十五条(五)"] for f in r["submission"]["findings"])' "no top-secret exception on the national floor"
req="$(request y-la '{"doc_number":"审发〔2026〕50号"}' '{"addressee":"ADDRESSEE_KIND_LEADER","addressee_leader":"mayor","direct_reason":"DIRECT_REASON_LEADER_ASSIGNED","direct_reason_note":"市长2026年3月1日批示交办"}')"
check "$(call audit gongwen.intake.v1.IntakeService/Submit "$req")" 'r["submission"]["state"]=="SUBMISSION_STATE_REGISTERED"' "a leader-assigned matter goes straight to the leader"
r="$(open_round audit "finance" y1)"
check "$r" 'r["limitWorkingDays"] == 7 and r["limitSource"].startswith("default")' "countersign limit is a declared default"

# yueqing 第十条: the office is run by its director — there is no secretary-general to instruct a
# forwarding; the office director does.
s="$(call audit gongwen.intake.v1.IntakeService/Submit "$(request y-fwd '{"doc_number":"审发〔2026〕51号"}')")"
item="$(office_item "$(field "$s" 'r["submission"]["id"]')")"
if call office gongwen.approval.v1.ApprovalService/Propose "{\"id\":\"$item\",\"proposal\":\"转有关部门办理\",\"forward_to_department\":\"finance\",\"instructed_by\":\"sg\"}" >/dev/null 2>&1; then
  fail "Yueqing has no secretary-general"
fi
r="$(call office gongwen.approval.v1.ApprovalService/Propose "{\"id\":\"$item\",\"proposal\":\"转有关部门办理\",\"forward_to_department\":\"finance\",\"instructed_by\":\"office-director\"}" | res)"
check "$r" 'r["state"] == "ITEM_STATE_FORWARDED_TO_DEPARTMENT" and r["forwardInstructedBy"] == "office-director"' "forwarded on the office director's instruction"
