// End to end through the generated client against the real `gongwen serve`:
// gRPC over HTTP/2 (Connect's gRPC transport), bearer tokens, a server stream,
// and google.rpc error details decoded with the generated google.rpc schemas.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";

import { create } from "@bufbuild/protobuf";

import { Code, ConnectError, createGongwenClients, errorDetails, type GongwenClients } from "../src/index.js";
import { DecisionKind, ItemState, type Item } from "../src/gen/gongwen/approval/v1/approval_pb.js";
import { DocType, DocumentSchema, type Document } from "../src/gen/gongwen/common/v1/common_pb.js";
import {
  AddresseeKind,
  EnvelopeSchema,
  SubmissionState,
  type Submission,
  type SubmissionEvent,
} from "../src/gen/gongwen/intake/v1/intake_pb.js";
import { BadRequestSchema, ErrorInfoSchema, LocalizedMessageSchema } from "../src/gen/google/rpc/error_details_pb.js";
import { startServer, type Server } from "./server.js";

const BODY =
  "为落实市委、市政府关于加强审计监督的部署，我局拟于2026年开展全市政府投资项目专项审计。恳请市政府批准开展该专项审计。妥否，请批示。";

/** A well-formed 请示 from the audit bureau (tests/python/test_client.py). */
function document(number: number): Document {
  return create(DocumentSchema, {
    docType: DocType.REQUEST,
    issuingBody: "济宁市审计局",
    docNumber: `济审发〔2026〕${number}号`,
    title: "济宁市审计局关于开展政府投资项目专项审计的请示",
    mainRecipient: "市政府",
    body: BODY,
    signedOffBy: "韦正",
    dateOfWriting: "2026年3月5日",
  });
}

const envelope = create(EnvelopeSchema, { submittingUnit: "audit", addressee: AddresseeKind.GOVERNMENT });

let server: Server;
const as = (subject: string): GongwenClients => createGongwenClients({ baseUrl: server.baseUrl, token: server.token(subject) });

before(async () => {
  server = await startServer("jining", "2026-11-02T09:00:00+08:00");
});
after(async () => {
  // SIGTERM is a graceful shutdown: the server exits 0.
  assert.equal(await server?.stop(), 0);
});

let registered: Submission;

test("a well-formed request is registered, and Watch streams its registration", async () => {
  const audit = as("department:audit");
  // Watch from the beginning, opened before the submission: the event arrives live (or is
  // replayed). It may come before Submit's answer, so each event waits for the submission's id.
  let submitted!: (s: Submission) => void;
  const submission = new Promise<Submission>((ok) => (submitted = ok));
  const watching = (async (): Promise<SubmissionEvent> => {
    const stream = audit.intake.watch({ afterEventId: 0n, submittingUnit: "audit" }, { signal: AbortSignal.timeout(20_000) });
    for await (const { event } of stream) {
      if (event && event.submissionId === (await submission).id) return event; // leaving the loop cancels the stream
    }
    throw new Error("the Watch stream ended without the registration event");
  })();

  const res = await audit.intake.submit({ document: document(12), envelope, idempotencyKey: `ts-${randomUUID()}` });
  assert.ok(res.submission);
  registered = res.submission;
  submitted(registered);
  assert.equal(registered.state, SubmissionState.REGISTERED, `findings: ${JSON.stringify(registered.findings.map((f) => f.code))}`);
  assert.match(registered.receiptNumber, /^收文〔2026〕\d+号$/);
  assert.equal(registered.receiptYear, 2026);
  assert.equal(res.replayed, false);

  const event = await watching;
  assert.equal(event.state, SubmissionState.REGISTERED);
  assert.equal(event.receiptNumber, registered.receiptNumber);
  assert.equal(event.submittingUnit, "audit");
  assert.ok(event.eventId > 0n);
  assert.ok(event.eventTime, "the event carries its time");
});

test("the office proposes (拟办) and the leader the route names approves", async () => {
  assert.ok(registered, "needs the registered submission of the first test");
  const office = as("office");

  // Approval takes registered documents from intake asynchronously: wait for the office's queue.
  let item: Item | undefined;
  for (let i = 0; i < 100 && !item; i++) {
    const inbox = await office.approval.inbox({ officeQueue: true });
    item = inbox.items.find((it) => it.submissionId === registered.id);
    if (!item) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(item, "the submission never reached the office's queue");
  assert.equal(item.state, ItemState.OFFICE_REVIEW);
  assert.equal(item.receiptNumber, registered.receiptNumber);
  assert.equal(item.docType, DocType.REQUEST);

  const proposed = (await office.approval.propose({ id: item.id, proposal: "拟请常务副市长审批", requestId: randomUUID() })).item;
  assert.ok(proposed);
  assert.equal(proposed.state, ItemState.WITH_LEADERS);
  assert.equal(proposed.proposal, "拟请常务副市长审批");
  const leader = proposed.currentLeader;
  assert.ok(leader, "the route names a leader");
  assert.equal(proposed.route[0]?.leader, leader);

  const decided = (
    await as(`leader:${leader}`).approval.decide({
      id: item.id,
      kind: DecisionKind.APPROVE,
      opinion: "同意",
      signedName: "高志强",
      signedDate: "2026年11月2日",
      requestId: randomUUID(),
    })
  ).item;
  assert.ok(decided);
  assert.equal(decided.state, ItemState.DECIDED);
  assert.equal(decided.decisions.length, 1);
  const [decision] = decided.decisions;
  assert.equal(decision?.kind, DecisionKind.APPROVE);
  assert.equal(decision?.meaning, "consent");
  assert.equal(decision?.decidedBy, leader);
  assert.equal(decision?.opinion, "同意");
  assert.equal(decision?.signedName, "高志强");
  assert.equal(decision?.signedDate, "2026年11月2日");

  // The submitting department reads the outcome by its submission.
  const seen = (await as("department:audit").approval.get({ key: { case: "submissionId", value: registered.id } })).item;
  assert.equal(seen?.state, ItemState.DECIDED);
  assert.deepEqual(seen?.decisions.map((d) => d.meaning), ["consent"]);
});

test("INVALID_ARGUMENT carries ErrorInfo, BadRequest and a zh-CN LocalizedMessage", async () => {
  const audit = as("department:audit");
  const err = await audit.intake.precheck({ document: {}, envelope }).then(
    () => assert.fail("Precheck with an empty document succeeded"),
    (e: unknown) => ConnectError.from(e),
  );
  assert.equal(err.code, Code.InvalidArgument);

  // Straight from ConnectError with the generated google.rpc schemas ...
  const [info] = err.findDetails(ErrorInfoSchema);
  assert.equal(info?.reason, "INVALID_ARGUMENT");
  assert.equal(info?.domain, "gongwen.intake");
  const fields = err.findDetails(BadRequestSchema).flatMap((b) => b.fieldViolations.map((v) => v.field));
  assert.ok(fields.includes("document.doc_type"), `violations: ${fields.join(", ")}`);
  assert.ok(fields.includes("document.title"));
  assert.ok(fields.includes("document.body"));
  const [zh] = err.findDetails(LocalizedMessageSchema);
  assert.equal(zh?.locale, "zh-CN");
  assert.match(zh?.message ?? "", /^请求参数有误：.*document\.doc_type/);

  // ... and through the package's helper.
  const d = errorDetails(err);
  assert.equal(d.errorInfo?.reason, "INVALID_ARGUMENT");
  assert.deepEqual(
    d.fieldViolations.map((v) => v.field),
    fields,
  );
  assert.equal(d.localized?.message, zh?.message);
});

test("a call without credentials is UNAUTHENTICATED, with ErrorInfo", async () => {
  const anonymous = createGongwenClients({ baseUrl: server.baseUrl });
  const err = await anonymous.intake.list({}).then(
    () => assert.fail("List without credentials succeeded"),
    (e: unknown) => ConnectError.from(e),
  );
  assert.equal(err.code, Code.Unauthenticated);
  const d = errorDetails(err);
  assert.equal(d.errorInfo?.reason, "UNAUTHENTICATED");
  assert.equal(d.errorInfo?.domain, "gongwen.auth");
});
