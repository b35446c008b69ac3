#!/usr/bin/env bash
# Urumqi (乌鲁木齐 2018): 7 working days (urumqi 四十九) across Xinjiang's 古尔邦节, lapsing into
# silent consent; a 绝密 request straight to the mayor accepted, a 机密 one returned (urumqi 四十八).
SCENARIO=urumqi; source "$(dirname "$0")/lib.sh"
start urumqi 2025-06-04T10:00:00+08:00
r="$(open_round audit "finance drc justice" u1)"; id="$(field "$r" 'r["id"]')"
check "$r" 'r["limitWorkingDays"] == 7 and r["limitSource"].startswith("urumqi 四十九")' "7 working days, urumqi 四十九"
check "$r" 'all(t["dueTime"] == "2025-06-18T12:00:00Z" for t in r["tasks"])' "due at the close of 2025-06-18, 20:00 Xinjiang summer hours (古尔邦节 6/6–10 off)"

# The calendar service: the platforms' own screens count the same way, provisional years included.
r="$(call audit gongwen.calendar.v1.CalendarService/AddWorkingDays '{"date":"2026-12-24","working_days":7}')"
check "$r" 'r["lastDay"] == "2027-01-05" and r["basis"]["provisionalYears"] == [2027]' "urumqi: 7 working days from 2026-12-24 end on 2027-01-05, provisional (no 2027 notice yet)"
r="$(call audit gongwen.calendar.v1.CalendarService/IsWorkingDay '{"date":"2025-06-09"}')"
check "$r" 'r.get("workingDay") is None and r["kind"] == "DAY_KIND_HOLIDAY" and r["holidayName"] == "古尔邦节"' "2025-06-09 is 古尔邦节 in Xinjiang"
r="$(call audit gongwen.calendar.v1.CalendarService/IsWorkingDay '{"date":"2025-06-09","region":"REGION_NATIONAL"}')"
check "$r" 'r["workingDay"] and r["kind"] == "DAY_KIND_WEEKDAY"' "…and a working day nationally"
r="$(call audit gongwen.calendar.v1.CalendarService/IsWorkingDay '{"date":"2026-10-10"}')"
check "$r" 'r["workingDay"] and r["kind"] == "DAY_KIND_MAKE_UP_WORKING_DAY"' "2026-10-10 is a make-up Saturday"
r="$(call audit gongwen.calendar.v1.CalendarService/WorkingDaysBetween '{"start_date":"2026-09-30","end_date":"2026-10-15"}')"
check "$r" 'r["workingDays"] == 7' "7 working days from 09-30 to 10-15 across National Day"
r="$(call audit gongwen.calendar.v1.CalendarService/ListYears '{}')"
check "$r" 'any(y["region"] == "REGION_XINJIANG" and y["year"] == 2024 and not y.get("provisional") for y in r["years"]) and any(y["year"] == 2027 and y["provisional"] for y in r["years"])' "years listed with their sources; 2027 provisional"
err="$(call audit gongwen.calendar.v1.CalendarService/AddWorkingDays '{"date":"2026-13-01","working_days":3}' 2>&1 || true)"
check "$(python3 -c 'import json,sys; print(json.dumps({"e": sys.argv[1]}))' "$err")" '"InvalidArgument" in r["e"]' "a date that is not one is InvalidArgument"
err="$(call - gongwen.calendar.v1.CalendarService/IsWorkingDay '{"date":"2026-10-10"}' 2>&1 || true)"
check "$(python3 -c 'import json,sys; print(json.dumps({"e": sys.argv[1]}))' "$err")" '"Unauthenticated" in r["e"]' "no credentials, no answer"
for p in finance:VERDICT_AGREED drc:VERDICT_AGREED_WITH_COMMENTS; do
  call "${p%%:*}" gongwen.countersign.v1.CountersignService/Reply \
    "{\"round_id\":\"$id\",\"department\":\"${p%%:*}\",\"verdict\":\"${p##*:}\",\"comments\":\"意见\",\"signed_by\":\"负责人\"}" >/dev/null
done
start urumqi 2025-06-19T09:00:00+08:00
for _ in $(seq 1 50); do
  r="$(call office gongwen.countersign.v1.CountersignService/Get "{\"round_id\":\"$id\"}" | res)"
  [ "$(field "$r" '[t["state"] for t in r["tasks"] if t["department"]=="justice"][0]')" = TASK_STATE_DEEMED_CONSENT ] && break
  sleep 0.1
done
check "$r" '[t for t in r["tasks"] if t["department"]=="justice"][0]["deemedArticle"].startswith("urumqi 四十九")' "justice deemed to consent"
cert="$(call audit gongwen.countersign.v1.CountersignService/Conclude "{\"round_id\":\"$id\"}" | res)"
req="$(request u-cert '{}' "{\"concerned_departments\":[\"finance\",\"drc\",\"justice\"],\"countersign\":{\"round_id\":\"$id\",\"digest\":\"$(field "$cert" 'r["digest"]')\"}}")"
s="$(call audit gongwen.intake.v1.IntakeService/Submit "$req")"
check "$s" 'r["submission"]["state"] == "SUBMISSION_STATE_REGISTERED"' "countersigned request registered"

req="$(request u-ts '{"doc_number":"审发〔2026〕13号","classification":"CLASSIFICATION_TOP_SECRET","copy_number":"000001"}' '{"addressee":"ADDRESSEE_KIND_LEADER","addressee_leader":"mayor","direct_reason":"DIRECT_REASON_TOP_SECRET_MATTER"}')"
s="$(call audit gongwen.intake.v1.IntakeService/Submit "$req")"
check "$s" 'r["submission"]["state"] == "SUBMISSION_STATE_REGISTERED"' "绝密 straight to the mayor is accepted"
req="$(request u-s '{"doc_number":"审发〔2026〕14号","classification":"CLASSIFICATION_SECRET","copy_number":"000002"}' '{"addressee":"ADDRESSEE_KIND_LEADER","addressee_leader":"mayor","direct_reason":"DIRECT_REASON_CLASSIFIED_MATTER"}')"
s="$(call audit gongwen.intake.v1.IntakeService/Submit "$req")"
check "$s" 'any(f["code"]=="NO_DIRECT_TO_LEADER" and "urumqi 四十八" in f["articles"] for f in r["submission"]["findings"])' "机密 straight to a leader is returned"

# A year's notice published while running (the office or service:operator): checked, stored, audited,
# counted with at once. (A test notice, not the State Council's.)
notice="$(python3 -c 'import json; print(json.dumps({"notice_toml": "region = \"national\"\n[[years]]\nyear = 2027\nsource = \"测试通知：2027年元旦放假4天（测试用）\"\nholidays = [ { name = \"元旦\", from = \"2027-01-01\", to = \"2027-01-04\" } ]\nworkdays = []\n"}))')"
err="$(call audit gongwen.calendar.v1.CalendarService/PublishNotice "$notice" 2>&1 || true)"
check "$(python3 -c 'import json,sys; print(json.dumps({"e": sys.argv[1]}))' "$err")" '"PermissionDenied" in r["e"]' "a department does not publish holiday notices"
bad="$(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); d["notice_toml"]=d["notice_toml"].replace("workdays = []","workdays = [\"2027-01-06\"]"); print(json.dumps(d))' "$notice")"
err="$(call office gongwen.calendar.v1.CalendarService/PublishNotice "$bad" 2>&1 || true)"
check "$(python3 -c 'import json,sys; print(json.dumps({"e": sys.argv[1]}))' "$err")" '"InvalidArgument" in r["e"] and "weekend" in r["e"]' "a make-up day on a Wednesday is refused, nothing published"
r="$(call office gongwen.calendar.v1.CalendarService/PublishNotice "$notice")"
check "$r" 'r["published"][0]["year"] == 2027 and not r["published"][0].get("provisional")' "the office publishes a 2027 notice"
r="$(call audit gongwen.calendar.v1.CalendarService/IsWorkingDay '{"date":"2027-01-04","region":"REGION_NATIONAL"}')"
check "$r" 'r.get("workingDay") is None and r["holidayName"] == "元旦" and not r.get("provisional")' "2027-01-04 is now 元旦, from the notice"
