#!/usr/bin/env bash
# Ziyang (资阳 2017): a disagreement escalated up the three-level ladder (ziyang 四十六) and concluded
# with every party's positions and the coordination record; an urgent major matter may go straight
# to a leader (ziyang 四十五); an absent deputy's documents go to the executive deputy (ziyang 五十七's
# A/B pairs are for public engagements, not documents).
SCENARIO=ziyang; source "$(dirname "$0")/lib.sh"
start ziyang 2026-03-02T10:00:00+08:00
r="$(open_round audit "finance drc" z1)"; id="$(field "$r" 'r["id"]')"
call finance gongwen.countersign.v1.CountersignService/Reply "{\"round_id\":\"$id\",\"department\":\"finance\",\"verdict\":\"VERDICT_DISAGREED\",\"comments\":\"经费应由部门预算解决\",\"signed_by\":\"钱卫东\"}" >/dev/null
call drc gongwen.countersign.v1.CountersignService/Reply "{\"round_id\":\"$id\",\"department\":\"drc\",\"verdict\":\"VERDICT_AGREED\",\"signed_by\":\"韩东升\"}" >/dev/null
for level in 1 2 3; do
  r="$(call audit gongwen.countersign.v1.CountersignService/Escalate "{\"round_id\":\"$id\",\"outcome\":\"第${level}级协调未果\",\"agreed\":false}" | res)"
done
check "$r" '[e["coordinator"] for e in r["escalations"]] == ["lead_principal_head","liaison_deputy_secretary_general","leader_in_charge"]' "three levels of ziyang 四十六"
if call audit gongwen.countersign.v1.CountersignService/Escalate "{\"round_id\":\"$id\",\"outcome\":\"再协调\"}" >/dev/null 2>&1; then fail "a fourth level was accepted"; fi
if call audit gongwen.countersign.v1.CountersignService/Conclude "{\"round_id\":\"$id\",\"positions\":\"各方理据\",\"proposal\":\"办理建议\"}" >/dev/null 2>&1; then
  fail "concluded without the coordination record"
fi
cert="$(call audit gongwen.countersign.v1.CountersignService/Conclude "{\"round_id\":\"$id\",\"positions\":\"审计局认为…；财政局认为…\",\"proposal\":\"建议按审计局意见办理\",\"coordination_record\":\"经三级逐级协调\"}" | res)"
check "$cert" 'r["disputed"] and r["positions"].startswith("审计局")' "disputed certificate with every party's positions"
req="$(request z-cert '{}' "{\"concerned_departments\":[\"finance\",\"drc\"],\"countersign\":{\"round_id\":\"$id\",\"digest\":\"$(field "$cert" 'r["digest"]')\"}}")"
check "$(call audit gongwen.intake.v1.IntakeService/Submit "$req")" 'r["submission"]["state"]=="SUBMISSION_STATE_REGISTERED"' "submitted for the government to decide"
req="$(request z-urgent '{"doc_number":"审发〔2026〕30号","urgency":"URGENCY_EXTRA_URGENT"}' '{"addressee":"ADDRESSEE_KIND_LEADER","addressee_leader":"mayor","direct_reason":"DIRECT_REASON_URGENT_MAJOR_MATTER"}')"
check "$(call audit gongwen.intake.v1.IntakeService/Submit "$req")" 'r["submission"]["state"]=="SUBMISSION_STATE_REGISTERED"' "urgent major matter straight to the mayor"

# vm-sun is away: the education bureau's request goes to the executive deputy, who decides on vm-sun's
# behalf (ziyang 五十七's A/B roles cover 部分政务活动, not document approval).
call office gongwen.approval.v1.ApprovalService/SetAbsence '{"leader":"vm-sun","start_time":"2026-03-01T00:00:00Z","end_time":"2026-03-31T00:00:00Z","reason":"学习培训"}' >/dev/null
s="$(call education gongwen.intake.v1.IntakeService/Submit "$(request z-edu '{"issuing_body":"市教育局","doc_number":"教发〔2026〕5号","signed_off_by":"文博"}' '{"submitting_unit":"education"}')")"
check "$s" 'r["submission"]["state"]=="SUBMISSION_STATE_REGISTERED"' "the education bureau's request is registered"
item="$(office_item "$(field "$s" 'r["submission"]["id"]')")"
r="$(call office gongwen.approval.v1.ApprovalService/Propose "{\"id\":\"$item\",\"proposal\":\"拟请孙副市长审批\"}" | res)"
check "$r" 'r["currentLeader"] == "vm-sun" and r["actingLeader"] == "exec-vm"' "vm-sun away: the executive deputy acts"
if call_leader vm-zhao gongwen.approval.v1.ApprovalService/Decide "{\"id\":\"$item\",\"kind\":\"DECISION_KIND_APPROVE\",\"opinion\":\"同意\",\"signed_name\":\"赵\",\"signed_date\":\"2026年3月3日\"}" >/dev/null 2>&1; then
  fail "the A/B partner decided a document (ziyang 五十七's pairs are for public engagements)"
fi
r="$(call_leader exec-vm gongwen.approval.v1.ApprovalService/Decide "{\"id\":\"$item\",\"kind\":\"DECISION_KIND_APPROVE\",\"opinion\":\"同意\",\"signed_name\":\"高\",\"signed_date\":\"2026年3月3日\"}" | res)"
check "$r" 'r["decisions"][0]["onBehalfOf"] == "vm-sun"' "decided on vm-sun's behalf"

# ziyang 七十六: the mayor and the executive deputy are 一般 not away together — accepted, with a warning.
call office gongwen.approval.v1.ApprovalService/SetAbsence '{"leader":"mayor","start_time":"2026-04-01T00:00:00Z","end_time":"2026-04-03T00:00:00Z","reason":"出访"}' >/dev/null
r="$(call office gongwen.approval.v1.ApprovalService/SetAbsence '{"leader":"exec-vm","start_time":"2026-04-02T00:00:00Z","end_time":"2026-04-05T00:00:00Z","reason":"出差"}' | res)"
check "$r" 'any(w.startswith("BOTH_AWAY") and "ziyang 七十六" in w for w in r["warnings"])' "a second absence is accepted with a BOTH_AWAY warning"

# ziyang 五十一: an urgent document waits for the office, which may expedite it (必要时).
s="$(call audit gongwen.intake.v1.IntakeService/Submit "$(request z-exp '{"doc_number":"审发〔2026〕31号","urgency":"URGENCY_URGENT"}')")"
item="$(office_item "$(field "$s" 'r["submission"]["id"]')")"
r="$(call office gongwen.approval.v1.ApprovalService/Propose "{\"id\":\"$item\",\"expedite\":true}" | res)"
check "$r" 'r["state"] == "ITEM_STATE_WITH_LEADERS" and r["expedited"] and "ziyang 五十一" in r["proposal"]' "the office expedites an urgent document"

# ziyang 四十七: a matter within a department's remit is registered for the office to forward, on the
# instruction of the secretary-general or a deputy.
s="$(call audit gongwen.intake.v1.IntakeService/Submit "$(request z-remit '{"doc_number":"审发〔2026〕32号"}' '{"subject":"price_filing"}')")"
check "$s" 'r["submission"]["state"]=="SUBMISSION_STATE_REGISTERED" and any(f["code"]=="WITHIN_DEPARTMENT_REMIT" and f["severity"]=="SEVERITY_ADVISORY" for f in r["submission"]["findings"])' "within a department's remit: registered with an advisory to forward"
item="$(office_item "$(field "$s" 'r["submission"]["id"]')")"
if call office gongwen.approval.v1.ApprovalService/Propose "{\"id\":\"$item\",\"proposal\":\"转有关部门办理\",\"forward_to_department\":\"drc\"}" >/dev/null 2>&1; then
  fail "forwarded without the secretary-general's instruction"
fi
r="$(call office gongwen.approval.v1.ApprovalService/Propose "{\"id\":\"$item\",\"proposal\":\"转有关部门办理\",\"forward_to_department\":\"drc\",\"instructed_by\":\"dsg\"}" | res)"
check "$r" 'r["state"] == "ITEM_STATE_FORWARDED_TO_DEPARTMENT" and r["forwardInstructedBy"] == "dsg"' "forwarded on the deputy secretary-general's instruction"

# ziyang 四十六: without silent consent a lapse must not block. finance never replies; after the deadline
# the lead escalates the lapse, finance's late reply is still accepted, and the round concludes.
r="$(open_round audit "finance" z-lapse)"; lapse="$(field "$r" 'r["id"]')"
start ziyang 2026-03-20T10:00:00+08:00
for _ in $(seq 1 50); do
  r="$(call audit gongwen.countersign.v1.CountersignService/Get "{\"round_id\":\"$lapse\"}" | res)"
  [ "$(field "$r" 'r["tasks"][0]["state"]')" = "TASK_STATE_LAPSED" ] && break
  sleep 0.1
done
check "$r" 'r["tasks"][0]["state"] == "TASK_STATE_LAPSED"' "finance's silence lapses (no silent consent in Ziyang)"
r="$(call audit gongwen.countersign.v1.CountersignService/Escalate "{\"round_id\":\"$lapse\",\"outcome\":\"审计局主要负责人协调财政局\"}" | res)"
check "$r" 'r["escalations"][0]["coordinator"] == "lead_principal_head"' "the lapse is escalated up the ladder"
r="$(call finance gongwen.countersign.v1.CountersignService/Reply "{\"round_id\":\"$lapse\",\"department\":\"finance\",\"verdict\":\"VERDICT_AGREED\",\"signed_by\":\"钱卫东\"}" | res)"
check "$r" 'r["tasks"][0]["state"] == "TASK_STATE_AGREED"' "a late reply is accepted until the round concludes"

# ziyang 七十三: on a statutory holiday a 特急 item goes to the leader on holiday duty, with hours to act.
start ziyang 2026-10-02T10:00:00+08:00
s="$(call education gongwen.intake.v1.IntakeService/Submit "$(request z-duty '{"issuing_body":"市教育局","doc_number":"教发〔2026〕9号","signed_off_by":"文博","urgency":"URGENCY_EXTRA_URGENT"}' '{"submitting_unit":"education"}')")"
item="$(office_item "$(field "$s" 'r["submission"]["id"]')")"
r="$(call office gongwen.approval.v1.ApprovalService/Propose "{\"id\":\"$item\",\"expedite\":true}" | res)"
check "$r" 'r["currentLeader"] == "vm-sun" and r["actingLeader"] == "vm-zhao" and r["route"][0]["dueTime"].startswith("2026-10-03T02:0")' "National Day: the leader on duty acts, within 24 hours"
