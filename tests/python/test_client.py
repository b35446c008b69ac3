"""A Python client of gongwen, through the pip-installable package at clients/python: proof that
a non-Rust e-government platform integrates over gRPC.

The package (`gongwen` stubs generated from proto/ when it is built, plus the `gongwen_client`
helpers) must be installed first, e.g.
    python3 -m pip install ./clients/python -r tests/python/requirements.txt
Nothing is generated here. The real `gongwen serve` binary (built by `cargo build --workspace
--bins`) is started on a free port with an embedded database; one more is started with mutual TLS.
"""

import hashlib
import os
import socket
import subprocess
import time
from pathlib import Path

import grpc
import pytest

import gongwen_client
from gongwen.approval.v1 import approval_pb2, approval_pb2_grpc
from gongwen.common.v1 import common_pb2
from gongwen.countersign.v1 import countersign_pb2, countersign_pb2_grpc
from gongwen.intake.v1 import intake_pb2, intake_pb2_grpc
from gongwen_client import bearer_metadata, error_details

ROOT = Path(__file__).resolve().parents[2]
BINARY = ROOT / "target" / "debug" / "gongwen"
DEV_CLOCK = "2026-11-02T09:00:00+08:00"


class Server:
    """A `gongwen serve` process: its address, data directory and (when given) TLS files."""

    def __init__(self, data_dir, extra=()):
        assert BINARY.exists(), f"{BINARY} is missing: run `cargo build --workspace --bins` first"
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.target = f"127.0.0.1:{self.port}"
        self.data_dir = str(data_dir)
        self.proc = subprocess.Popen(
            [str(BINARY), "serve", "--listen", self.target, "--data-dir", self.data_dir,
             "--rulebook", "jining", "--dev-clock", DEV_CLOCK, *extra],
            env={**os.environ, "RUST_LOG": "warn"},
        )

    def wait_ready(self, channel):
        try:
            grpc.channel_ready_future(channel).result(timeout=30)
        except grpc.FutureTimeoutError:
            pytest.fail(f"gongwen serve on {self.target} did not come up (exit code {self.proc.poll()})")

    def token(self, subject):
        """A bearer token for `subject` (department:audit, leader:<id>, office): minted with the
        development key this server keeps in its data directory. A platform gets these from its
        identity provider; the service checks signature, issuer, audience and expiry."""
        return subprocess.run(
            [str(BINARY), "token", "issue", "--data-dir", self.data_dir, "--subject", subject],
            check=True, capture_output=True, text=True,
        ).stdout.strip()

    def auth(self, subject):
        return bearer_metadata(self.token(subject))

    def stop(self):
        self.proc.terminate()
        assert self.proc.wait(timeout=15) == 0


@pytest.fixture(scope="session")
def served(tmp_path_factory):
    server = Server(tmp_path_factory.mktemp("gongwen-data"))
    channel = gongwen_client.channel(server.target)
    server.wait_ready(channel)
    server.channel = channel
    yield server
    channel.close()
    server.stop()


@pytest.fixture(scope="session")
def server(served):
    return served.channel


BODY = "为落实市委、市政府关于加强审计监督的部署，我局拟于2026年开展全市政府投资项目专项审计。恳请市政府批准开展该专项审计。妥否，请批示。"
ENVELOPE = intake_pb2.Envelope(submitting_unit="audit", addressee=intake_pb2.ADDRESSEE_KIND_GOVERNMENT)


def document(number=12):
    return common_pb2.Document(
        doc_type=common_pb2.DOC_TYPE_REQUEST,
        issuing_body="济宁市审计局",
        doc_number=f"济审发〔2026〕{number}号",
        title="济宁市审计局关于开展政府投资项目专项审计的请示",
        main_recipient="市政府",
        body=BODY,
        signed_off_by="韦正",
        date_of_writing="2026年3月5日",
    )


def submit(intake, served, number, key):
    resp = intake.Submit(intake_pb2.SubmitRequest(document=document(number), envelope=ENVELOPE, idempotency_key=key),
                         metadata=served.auth("department:audit"))
    return resp.submission


def test_a_submission_is_registered_and_a_defective_one_returned(served, server):
    intake = intake_pb2_grpc.IntakeServiceStub(server)
    sub = submit(intake, served, 12, "py-1")
    assert sub.state == intake_pb2.SUBMISSION_STATE_REGISTERED
    assert sub.receipt_number.startswith("收文〔")

    # The same key gives the stored outcome, marked as a replay.
    again = intake.Submit(intake_pb2.SubmitRequest(document=document(12), envelope=ENVELOPE, idempotency_key="py-1"),
                          metadata=served.auth("department:audit"))
    assert again.replayed and again.submission.id == sub.id

    # Get takes either key of its oneof.
    by_number = intake.Get(intake_pb2.GetRequest(receipt_number=sub.receipt_number), metadata=served.auth("department:audit"))
    assert by_number.submission.id == sub.id
    by_id = intake.Get(intake_pb2.GetRequest(id=sub.id), metadata=served.auth("department:audit"))
    assert by_id.submission.receipt_number == sub.receipt_number
    assert by_id.submission.document.title == document().title

    report = document(13)
    report.doc_type = common_pb2.DOC_TYPE_REPORT
    report.body = "现将我局上半年审计工作情况报告如下：共完成审计项目21个。下半年拟增加审计人员5名。妥否，请批示。"
    resp = intake.Submit(intake_pb2.SubmitRequest(document=report, envelope=ENVELOPE, idempotency_key="py-2"),
                         metadata=served.auth("department:audit"))
    assert resp.submission.state == intake_pb2.SUBMISSION_STATE_RETURNED
    assert resp.submission.receipt_number == ""
    finding = next(f for f in resp.submission.findings if f.code == "NO_REQUEST_IN_REPORT")
    assert "jining 五十六" in finding.articles
    assert finding.severity == common_pb2.SEVERITY_RETURN

    with pytest.raises(grpc.RpcError) as err:
        intake.Submit(intake_pb2.SubmitRequest(document=common_pb2.Document(), envelope=ENVELOPE, idempotency_key="py-3"),
                      metadata=served.auth("department:audit"))
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT


def test_a_department_replies_to_a_countersign_round(served, server):
    cs = countersign_pb2_grpc.CountersignServiceStub(server)
    draft = countersign_pb2.Draft(title="会签稿", doc_type=common_pb2.DOC_TYPE_REQUEST,
                                  content_sha256=hashlib.sha256(BODY.encode()).hexdigest())
    opened = cs.OpenRound(
        countersign_pb2.OpenRoundRequest(lead_department="audit", draft=draft, participants=["finance", "drc"],
                                         limit=countersign_pb2.LIMIT_KIND_RULEBOOK_DEFAULT, idempotency_key="py-round"),
        metadata=served.auth("department:audit"),
    ).round
    assert opened.limit_working_days == 3
    assert opened.state == countersign_pb2.ROUND_STATE_OPEN
    assert {t.department for t in opened.tasks} == {"finance", "drc"}

    replied = cs.Reply(
        countersign_pb2.ReplyRequest(round_id=opened.id, department="finance", verdict=common_pb2.VERDICT_AGREED,
                                     signed_by="钱卫东"),
        metadata=served.auth("department:finance"),
    ).round
    finance = next(t for t in replied.tasks if t.department == "finance")
    assert finance.state == countersign_pb2.TASK_STATE_AGREED
    assert finance.signed_by == "钱卫东"
    drc = next(t for t in replied.tasks if t.department == "drc")
    assert drc.state == countersign_pb2.TASK_STATE_PENDING

    # finance may not answer for drc: refused, with the rule named in the ErrorInfo.
    with pytest.raises(grpc.RpcError) as err:
        cs.Reply(countersign_pb2.ReplyRequest(round_id=opened.id, department="drc", verdict=common_pb2.VERDICT_AGREED,
                                              signed_by="韩东升"),
                 metadata=served.auth("department:finance"))
    assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED
    details = error_details(err.value)
    assert details.reason == "DEPARTMENT_ACTS_FOR_ITSELF"
    assert details.domain == "gongwen.countersign"


def test_the_office_reviews_and_a_leader_decides(served, server):
    intake = intake_pb2_grpc.IntakeServiceStub(server)
    approval = approval_pb2_grpc.ApprovalServiceStub(server)
    sub = submit(intake, served, 77, "py-approve")
    assert sub.state == intake_pb2.SUBMISSION_STATE_REGISTERED
    # Approval takes registered documents from intake asynchronously: wait for the item.
    item = None
    for _ in range(100):
        try:
            item = approval.Get(approval_pb2.GetRequest(submission_id=sub.id), metadata=served.auth("department:audit")).item
            break
        except grpc.RpcError as e:
            assert e.code() == grpc.StatusCode.NOT_FOUND, e
            time.sleep(0.05)
    assert item is not None, "approval never saw the registered submission"
    assert item.state == approval_pb2.ITEM_STATE_OFFICE_REVIEW
    assert item.receipt_number == sub.receipt_number
    assert item.doc_type == common_pb2.DOC_TYPE_REQUEST

    item = approval.Propose(approval_pb2.ProposeRequest(id=item.id, proposal="拟请常务副市长审批"),
                            metadata=served.auth("office")).item
    assert item.state == approval_pb2.ITEM_STATE_WITH_LEADERS
    assert item.proposal == "拟请常务副市长审批"
    leader = item.current_leader
    assert leader

    decided = approval.Decide(
        approval_pb2.DecideRequest(id=item.id, kind=approval_pb2.DECISION_KIND_APPROVE, opinion="同意",
                                   signed_name="高志强", signed_date="2026年11月3日"),
        metadata=served.auth(f"leader:{leader}"),
    ).item
    assert decided.state == approval_pb2.ITEM_STATE_DECIDED
    assert decided.decisions[0].meaning == "consent"
    assert decided.decisions[0].kind == approval_pb2.DECISION_KIND_APPROVE
    assert decided.decisions[0].decided_by == leader


def test_calls_without_credentials_are_refused(served, server):
    intake = intake_pb2_grpc.IntakeServiceStub(server)
    with pytest.raises(grpc.RpcError) as err:
        intake.List(intake_pb2.ListRequest(submitting_unit="audit"))
    assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED
    details = error_details(err.value)
    assert (details.reason, details.domain) == ("UNAUTHENTICATED", "gongwen.auth")

    with pytest.raises(grpc.RpcError) as err:
        intake.List(intake_pb2.ListRequest(submitting_unit="audit"), metadata=[("authorization", "Bearer not-a-token")])
    assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED

    # The same call with a token passes.
    listed = intake.List(intake_pb2.ListRequest(submitting_unit="audit"), metadata=served.auth("department:audit"))
    assert all(s.envelope.submitting_unit == "audit" for s in listed.submissions)


def test_watch_sees_a_registration(served, server):
    """Watch replays the events after a cursor, then streams live ones: a registration made while
    the stream is open arrives on it."""
    intake = intake_pb2_grpc.IntakeServiceStub(server)
    first = submit(intake, served, 301, "py-watch-1")
    stream = intake.Watch(intake_pb2.WatchRequest(after_event_id=0, submitting_unit="audit"),
                          metadata=served.auth("department:audit"), timeout=30)
    try:
        seen = []
        for resp in stream:  # the replay, up to the registration made before the stream opened
            seen.append(resp.event)
            if resp.event.submission_id == first.id:
                break
        assert seen[-1].submission_id == first.id, "the replay never reached the earlier registration"
        assert [e.event_id for e in seen] == sorted(e.event_id for e in seen)

        second = submit(intake, served, 302, "py-watch-2")  # while the stream is open
        event = next(resp.event for resp in stream if resp.event.submission_id == second.id)
    finally:
        stream.cancel()
    assert event.state == intake_pb2.SUBMISSION_STATE_REGISTERED
    assert event.receipt_number == second.receipt_number
    assert event.submitting_unit == "audit"
    assert event.event_id > seen[-1].event_id
    assert event.HasField("event_time")


def test_an_invalid_request_carries_decodable_details(served, server):
    intake = intake_pb2_grpc.IntakeServiceStub(server)
    with pytest.raises(grpc.RpcError) as err:
        intake.Precheck(intake_pb2.PrecheckRequest(document=common_pb2.Document(), envelope=ENVELOPE),
                        metadata=served.auth("department:audit"))
    details = error_details(err.value)
    assert details.code == grpc.StatusCode.INVALID_ARGUMENT
    assert details.reason == "INVALID_ARGUMENT"
    assert details.domain == "gongwen.intake"
    fields = {v.field for v in details.field_violations}
    assert {"document.doc_type", "document.title", "document.body"} <= fields
    assert all(v.description for v in details.field_violations)
    assert details.localized_message is not None
    assert details.localized_message.locale == "zh-CN"
    assert "请求参数有误" in details.localized_message.message
    assert details.resource_info is None and details.retry_info is None

    # NOT_FOUND names the missing record in a ResourceInfo.
    with pytest.raises(grpc.RpcError) as err:
        intake.Get(intake_pb2.GetRequest(id="no-such-submission"), metadata=served.auth("department:audit"))
    details = error_details(err.value)
    assert details.code == grpc.StatusCode.NOT_FOUND
    assert details.reason == "NOT_FOUND"
    assert details.resource_info.resource_type == "gongwen.intake.v1.Submission"
    assert details.resource_info.resource_name == "no-such-submission"

    # A well-formed document prechecks without error, and nothing is stored.
    checked = intake.Precheck(intake_pb2.PrecheckRequest(document=document(400), envelope=ENVELOPE),
                              metadata=served.auth("department:audit"))
    assert checked.would_register
    assert checked.rulebook


@pytest.fixture(scope="session")
def tls_served(tmp_path_factory):
    """A second server speaking mutual TLS only, with a development PKI (`gongwen pki dev-ca`)."""
    pki = tmp_path_factory.mktemp("gongwen-pki")
    subprocess.run([str(BINARY), "pki", "dev-ca", "--out", str(pki), "--client", "platform"],
                   check=True, capture_output=True)
    for name in ("ca.pem", "server.pem", "server-key.pem", "client-platform.pem", "client-platform-key.pem"):
        assert (pki / name).is_file(), f"gongwen pki dev-ca wrote no {name}"
    server = Server(tmp_path_factory.mktemp("gongwen-tls-data"),
                    ["--tls-cert", str(pki / "server.pem"), "--tls-key", str(pki / "server-key.pem"),
                     "--tls-ca", str(pki / "ca.pem")])
    server.pki = pki
    probe = gongwen_client.channel(server.target, ca=pki / "ca.pem", cert=pki / "client-platform.pem",
                                   key=pki / "client-platform-key.pem")
    server.wait_ready(probe)
    probe.close()
    yield server
    server.stop()


def test_mutual_tls_needs_a_client_certificate(tls_served):
    pki = tls_served.pki
    token = tls_served.token("department:audit")
    request = intake_pb2.SubmitRequest(document=document(500), envelope=ENVELOPE, idempotency_key="py-tls")

    # TLS with the right CA but no client certificate: the handshake is refused, even with a token.
    with gongwen_client.channel(tls_served.target, ca=pki / "ca.pem", token=token) as ch:
        with pytest.raises(grpc.RpcError) as err:
            intake_pb2_grpc.IntakeServiceStub(ch).Submit(request, timeout=10)
        assert err.value.code() == grpc.StatusCode.UNAVAILABLE
    # Plaintext is not spoken at all.
    with gongwen_client.channel(tls_served.target, token=token) as ch:
        with pytest.raises(grpc.RpcError) as err:
            intake_pb2_grpc.IntakeServiceStub(ch).Submit(request, timeout=10)
        assert err.value.code() == grpc.StatusCode.UNAVAILABLE

    # The platform's certificate plus a department's bearer token: the department submits.
    with gongwen_client.channel(tls_served.target, ca=pki / "ca.pem", cert=pki / "client-platform.pem",
                                key=pki / "client-platform-key.pem", token=token) as ch:
        intake = intake_pb2_grpc.IntakeServiceStub(ch)
        sub = intake.Submit(request, timeout=10).submission
        assert sub.state == intake_pb2.SUBMISSION_STATE_REGISTERED
        assert sub.receipt_number.startswith("收文〔")
        assert sub.envelope.submitting_unit == "audit"
        # The token names the caller: audit reads its own submission back.
        got = intake.Get(intake_pb2.GetRequest(id=sub.id), timeout=10).submission
        assert got.receipt_number == sub.receipt_number

    # The token may come per call instead (call credentials travel over TLS only).
    with gongwen_client.channel(tls_served.target, ca=pki / "ca.pem", cert=pki / "client-platform.pem",
                                key=pki / "client-platform-key.pem") as ch:
        again = intake_pb2_grpc.IntakeServiceStub(ch).Submit(
            request, credentials=gongwen_client.bearer_call_credentials(token), timeout=10)
        assert again.replayed and again.submission.id == sub.id
