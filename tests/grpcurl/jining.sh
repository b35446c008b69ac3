#!/usr/bin/env bash
# Jining (济宁 2022): 3 working days (jining 五十九) and one week for complex matters; a 呈阅件 and an
# over-long 简报 returned (jining 五十六, 六十三); a 机密 matter may go straight to a leader (jining 五十五).
SCENARIO=jining; source "$(dirname "$0")/lib.sh"
start jining 2026-04-30T10:00:00+08:00
r="$(open_round audit "finance" j1)"
check "$r" 'r["limitWorkingDays"] == 3 and r["tasks"][0]["dueTime"] == "2026-05-08T16:00:00Z"' "3 working days across 劳动节 end 2026-05-08"
r="$(call audit gongwen.countersign.v1.CountersignService/OpenRound "{\"lead_department\":\"audit\",\"participants\":[\"drc\"],\"limit\":\"LIMIT_KIND_COMPLEX_MATTER\",\"idempotency_key\":\"j2\",\"draft\":{\"title\":\"复杂事项\",\"content_sha256\":\"$(sha256 x)\"}}" | res)"
check "$r" 'r["limitSource"].startswith("jining 五十九") and r["limitWorkingDays"] == 5 and r["tasks"][0]["dueTime"] == "2026-05-11T16:00:00Z"' "a complex matter gets a working week: from 04-30 across 劳动节 to the end of 05-11"
s="$(call audit gongwen.intake.v1.IntakeService/Submit "$(request j-read '{"doc_type":"DOC_TYPE_FOR_READING","doc_number":"审发〔2026〕20号"}')")"
check "$s" 'r["submission"]["state"]=="SUBMISSION_STATE_RETURNED" and any(f["code"]=="FORMAL_FORM_ONLY" and f["articles"]==["jining 五十六"] for f in r["submission"]["findings"])' "呈阅件 returned"
long="$(python3 -c 'print("本期简报反映全市审计工作动态。" * 150)')"
s="$(call audit gongwen.intake.v1.IntakeService/Submit "$(request j-brief "{\"doc_type\":\"DOC_TYPE_BRIEFING\",\"doc_number\":\"审发〔2026〕21号\",\"body\":\"$long\"}")")"
check "$s" 'any(f["code"]=="BRIEFING_LENGTH" and "jining 六十三" in f["articles"] for f in r["submission"]["findings"])' "简报 over 2,000 characters returned"
s="$(call audit gongwen.intake.v1.IntakeService/Submit "$(request j-secret '{"doc_number":"审发〔2026〕22号","classification":"CLASSIFICATION_SECRET","copy_number":"000003"}' '{"addressee":"ADDRESSEE_KIND_LEADER","addressee_leader":"mayor","direct_reason":"DIRECT_REASON_CLASSIFIED_MATTER"}')")"
check "$s" 'r["submission"]["state"]=="SUBMISSION_STATE_REGISTERED"' "a 机密 matter goes straight to a leader in Jining"

# 呈批: registered → the office's queue → 拟办 (major, with a co-approver) → the deputy in charge →
# the co-approver (圈阅 on a request is consent) → the mayor; the department sees the decision.
s="$(call audit gongwen.intake.v1.IntakeService/Submit "$(request j-approve '{"doc_number":"审发〔2026〕40号"}')")"
sub="$(field "$s" 'r["submission"]["id"]')"
item="$(office_item "$sub")"
r="$(call office gongwen.approval.v1.ApprovalService/Propose "{\"id\":\"$item\",\"proposal\":\"拟请常务副市长审批，孙副市长会签，报市长审定\",\"major\":true,\"co_approvers\":[\"vm-sun\"]}" | res)"
check "$r" '[s["leader"] for s in r["route"]] == ["exec-vm","vm-sun","mayor"]' "route: deputy in charge, co-approver, the mayor for a major matter"
# jining 五十七: a request with a specific ask needs a written opinion — 圈阅 on it decides nothing.
if call_leader exec-vm gongwen.approval.v1.ApprovalService/Decide "{\"id\":\"$item\",\"kind\":\"DECISION_KIND_CIRCLE\",\"signed_name\":\"exec-vm\",\"signed_date\":\"2026年5月6日\"}" >/dev/null 2>&1; then
  fail "圈阅 was accepted as a decision on a Jining request"
fi
for step in exec-vm:DECISION_KIND_APPROVE:同意 vm-sun:DECISION_KIND_APPROVE:同意 mayor:DECISION_KIND_APPROVE:同意; do
  IFS=: read -r leader kind opinion <<<"$step"
  r="$(call_leader "$leader" gongwen.approval.v1.ApprovalService/Decide "{\"id\":\"$item\",\"kind\":\"$kind\",\"opinion\":\"$opinion\",\"signed_name\":\"$leader\",\"signed_date\":\"2026年5月6日\"}" | res)"
done
seen="$(call audit gongwen.approval.v1.ApprovalService/Get "{\"submission_id\":\"$sub\"}" | res)"
check "$seen" 'r["state"] == "ITEM_STATE_DECIDED" and [d["meaning"] for d in r["decisions"]] == ["consent","consent","consent"]' "decided, each with a written opinion"
if call_leader mayor gongwen.approval.v1.ApprovalService/Decide "{\"id\":\"$item\",\"kind\":\"DECISION_KIND_APPROVE\",\"opinion\":\"同意\",\"signed_name\":\"孔祥文\"}" >/dev/null 2>&1; then
  fail "a decision without the full date was accepted"
fi

# An absent deputy's items go to the backup (jining: vm-zhou stands in for vm-sun), who decides on
# vm-sun's behalf; the office records the absence.
call office gongwen.approval.v1.ApprovalService/SetAbsence '{"leader":"vm-sun","start_time":"2026-04-29T00:00:00Z","end_time":"2026-05-30T00:00:00Z","reason":"出访"}' >/dev/null
s="$(call education gongwen.intake.v1.IntakeService/Submit "$(request j-edu '{"issuing_body":"市教育局","doc_number":"教发〔2026〕3号","signed_off_by":"文博"}' '{"submitting_unit":"education"}')")"
check "$s" 'r["submission"]["state"]=="SUBMISSION_STATE_REGISTERED"' "the education bureau's request is registered"
sub="$(field "$s" 'r["submission"]["id"]')"
item="$(office_item "$sub")"
r="$(call office gongwen.approval.v1.ApprovalService/Propose "{\"id\":\"$item\",\"proposal\":\"拟请孙副市长审批\"}" | res)"
check "$r" 'r["currentLeader"] == "vm-sun" and r["actingLeader"] == "vm-zhou"' "vm-sun is away: the backup vm-zhou acts"
if call_leader vm-sun gongwen.approval.v1.ApprovalService/Decide "{\"id\":\"$item\",\"kind\":\"DECISION_KIND_APPROVE\",\"opinion\":\"同意\",\"signed_name\":\"孙\",\"signed_date\":\"2026年5月6日\"}" >/dev/null 2>&1; then
  fail "a leader decided a step while recorded as away"
fi
r="$(call_leader vm-zhou gongwen.approval.v1.ApprovalService/Decide "{\"id\":\"$item\",\"kind\":\"DECISION_KIND_APPROVE\",\"opinion\":\"同意\",\"signed_name\":\"周\",\"signed_date\":\"2026年5月6日\"}" | res)"
check "$r" 'r["decisions"][0]["decidedBy"] == "vm-zhou" and r["decisions"][0]["onBehalfOf"] == "vm-sun"' "decided by the backup on behalf of vm-sun"

# 一文一事 read as a clerk reads it (jining 五十六): two matters asked in one sentence are returned
# with the matters found and the sentences they rest on (offsets in code points into the body).
two="我局审计任务逐年加重。恳请市政府批准为我局增加行政编制5名，并拨付审计数据分析设备购置经费120万元。妥否，请批示。"
s="$(call audit gongwen.intake.v1.IntakeService/Submit "$(request j-two "{\"doc_number\":\"审发〔2026〕50号\",\"title\":\"市审计局关于增加编制并拨付设备经费的请示\",\"body\":\"$two\"}")")"
check "$s" 'r["submission"]["state"]=="SUBMISSION_STATE_RETURNED" and any(f["code"]=="ONE_MATTER_PER_REQUEST" and f["severity"]=="SEVERITY_RETURN" and len(f["matters"])==2 and any("增加行政编制5名" in e["text"] for e in f["evidence"]) for f in r["submission"]["findings"])' "two matters returned with their matters and sentences"
# A reading that is not sure registers the document with an advisory; the office sees it at 拟办 and
# returns it with one audited call; the receipt number stays used and approval closes the item.
unsure="我局拟于2026年开展两项专项审计。恳请市政府批准开展全市政府投资项目专项审计。恳请市政府批准开展全市国有企业负责人经济责任审计。妥否，请批示。"
s="$(call audit gongwen.intake.v1.IntakeService/Submit "$(request j-unsure "{\"doc_number\":\"审发〔2026〕51号\",\"title\":\"市审计局关于开展专项审计的请示\",\"body\":\"$unsure\"}")")"
check "$s" 'r["submission"]["state"]=="SUBMISSION_STATE_REGISTERED" and r["submission"]["findings"][0]["severity"]=="SEVERITY_ADVISORY"' "an unsure reading registers with an advisory"
sub="$(field "$s" 'r["submission"]["id"]')"
receipt="$(field "$s" 'r["submission"]["receiptNumber"]')"
item="$(office_item "$sub")"
r="$(call office gongwen.approval.v1.ApprovalService/Get "{\"id\":\"$item\"}" | res)"
check "$r" 'r["advisories"][0]["code"]=="ONE_MATTER_PER_REQUEST" and len(r["advisories"][0]["evidence"])==2' "the office's queue shows the advisory with its sentences"
r="$(call office gongwen.intake.v1.IntakeService/ReturnAfterReview "{\"id\":\"$sub\",\"upheld_codes\":[\"ONE_MATTER_PER_REQUEST\"],\"reason\":\"一文两事，请分别行文\"}" | res)"
check "$r" 'r["state"]=="SUBMISSION_STATE_RETURNED" and r["receiptNumber"]=="'"$receipt"'" and r["findings"][0]["severity"]=="SEVERITY_RETURN"' "the office returns it after review; the number stays used"
for _ in $(seq 1 50); do
  r="$(call office gongwen.approval.v1.ApprovalService/Get "{\"id\":\"$item\"}" | res)"
  [ "$(field "$r" 'r["state"]')" = "ITEM_STATE_RETURNED_TO_SENDER" ] && break
  sleep 0.1
done
check "$r" 'r["state"]=="ITEM_STATE_RETURNED_TO_SENDER"' "approval closes the returned item"
r="$(call office gongwen.audit.v1.AuditLogService/ListAudit '{"chain":"intake","page_size":1000}')"
check "$r" 'any(e["action"]=="intake.return_after_review" and e["actor"]=="office" for e in r["entries"])' "the office's return is in the audit log"

# 按分工呈批 (jining 五十七): the subject's portfolio decides, whoever sends it.
s="$(call audit gongwen.intake.v1.IntakeService/Submit "$(request j-subj '{"doc_number":"审发〔2026〕60号"}' '{"subject":"education"}')")"
item="$(office_item "$(field "$s" 'r["submission"]["id"]')")"
r="$(call office gongwen.approval.v1.ApprovalService/Get "{\"id\":\"$item\"}" | res)"
check "$r" 'r["route"][0]["leader"] == "vm-sun"' "an education matter from the audit bureau goes to the deputy in charge of education"
# jining 五十五 admits no level-skipping, approved or not.
s="$(call qufu-town gongwen.intake.v1.IntakeService/Submit "$(request j-skip '{"doc_number":"审发〔2026〕61号","cc":["曲阜市人民政府"]}' '{"submitting_unit":"qufu-town","level_skip_approved":true}')")"
check "$s" 'any(f["code"]=="NO_LEVEL_SKIPPING" and "jining 五十五" in f["messageZh"] for f in r["submission"]["findings"])' "an approved level-skip is still returned in Jining"

# A leader's written instruction (批示) on a report forwards it and opens supervision (jining 六十九(六), 七十).
s="$(call audit gongwen.intake.v1.IntakeService/Submit "$(request j-rep '{"doc_type":"DOC_TYPE_REPORT","doc_number":"审发〔2026〕62号","title":"市审计局关于上半年审计工作情况的报告","body":"现将我局上半年审计工作情况报告如下：共完成审计项目21个，查出问题金额3.2亿元，推动整改到位2.8亿元。特此报告。"}')")"
check "$s" 'r["submission"]["state"]=="SUBMISSION_STATE_REGISTERED"' "a plain report is registered"
item="$(office_item "$(field "$s" 'r["submission"]["id"]')")"
r="$(call office gongwen.approval.v1.ApprovalService/Propose "{\"id\":\"$item\",\"proposal\":\"呈常务副市长阅示\"}" | res)"
leader="$(field "$r" 'r["currentLeader"]')"
r="$(call_leader "$leader" gongwen.approval.v1.ApprovalService/Decide "{\"id\":\"$item\",\"kind\":\"DECISION_KIND_INSTRUCT\",\"opinion\":\"请市财政局研究办理整改资金事宜\",\"signed_name\":\"高\",\"signed_date\":\"2026年5月6日\",\"instruct_departments\":[\"finance\"],\"due_working_days\":10}" | res)"
check "$r" 'r["decisions"][-1]["meaning"] == "instructed" and r["supervision"][0]["department"] == "finance" and r["supervision"][0]["flag"] == "FLAG_BLUE"' "the 批示 forwards to finance and opens supervision"

# Every step above is in the SM3-chained audit log, intact; departments may not read it, and
# nothing is answered without credentials.
r="$(call office gongwen.audit.v1.AuditLogService/VerifyAudit '{}')"
check "$r" 'r["intact"] and int(r["entries"]) >= 10 and {"intake","countersign","approval"} <= set(r["chains"])' "the audit chains verify"
r="$(call office gongwen.audit.v1.AuditLogService/ListAudit '{"chain":"approval"}')"
check "$r" 'any(e["action"] == "approval.decide" and e["actor"] == "leader:vm-zhou" and e["onBehalfOf"] == "vm-sun" for e in r["entries"])' "the substitute's decision is recorded on vm-sun's behalf"
err="$(call audit gongwen.audit.v1.AuditLogService/VerifyAudit '{}' 2>&1 || true)"
check "$(python3 -c 'import json,sys; print(json.dumps({"e": sys.argv[1]}))' "$err")" '"PermissionDenied" in r["e"] and "AUDIT_READERS_ONLY" in r["e"]' "a department is refused the audit log"
err="$(call - gongwen.approval.v1.ApprovalService/Inbox '{"office_queue": true}' 2>&1 || true)"
check "$(python3 -c 'import json,sys; print(json.dumps({"e": sys.argv[1]}))' "$err")" '"Unauthenticated" in r["e"]' "no credentials, no answer"
