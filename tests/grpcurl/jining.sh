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
