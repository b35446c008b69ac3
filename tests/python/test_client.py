"""A Python client of gongwen, built only from the protos: proof that a
non-Rust e-government platform integrates over gRPC.

Stubs are generated from proto/ with grpcio-tools at test time; the real
`gongwen serve` binary (built by `cargo build --workspace --bins`) is started on
a free port with an embedded database.
"""

import hashlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import grpc
import pytest
from grpc_tools import protoc

ROOT = Path(__file__).resolve().parents[2]
PROTO = ROOT / "proto"
BINARY = ROOT / "target" / "debug" / "gongwen"


@pytest.fixture(scope="session")
def stubs():
    out = Path(tempfile.mkdtemp(prefix="gongwen-stubs-"))
    well_known = Path(protoc.__file__).parent / "_proto"
    files = [str(p.relative_to(PROTO)) for p in PROTO.rglob("*.proto")]
    rc = protoc.main(["protoc", f"-I{PROTO}", f"-I{well_known}", f"--python_out={out}", f"--grpc_python_out={out}", *files])
    assert rc == 0, "protoc failed"
    sys.path.insert(0, str(out))
    from gongwen.common.v1 import common_pb2
    from gongwen.countersign.v1 import countersign_pb2, countersign_pb2_grpc
    from gongwen.intake.v1 import intake_pb2, intake_pb2_grpc
    from gongwen.approval.v1 import approval_pb2, approval_pb2_grpc

    return common_pb2, intake_pb2, intake_pb2_grpc, countersign_pb2, countersign_pb2_grpc, approval_pb2, approval_pb2_grpc


@pytest.fixture(scope="session")
def server():
    assert BINARY.exists(), f"{BINARY} is missing: run `cargo build --workspace --bins` first"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    data = tempfile.mkdtemp(prefix="gongwen-data-")
    proc = subprocess.Popen(
        [str(BINARY), "serve", "--listen", f"127.0.0.1:{port}", "--data-dir", data, "--rulebook", "jining",
         "--dev-clock", "2026-11-02T09:00:00+08:00"],
        env={**os.environ, "RUST_LOG": "warn"},
    )
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    grpc.channel_ready_future(channel).result(timeout=30)
    TOKEN_DATA_DIR.append(data)
    yield channel
    proc.terminate()
    assert proc.wait(timeout=15) == 0


TOKEN_DATA_DIR = []


def auth(subject):
    """Call metadata for `subject` (department:audit, leader:mayor, office): a bearer token minted with
    the development key the server keeps in its data directory. A platform gets these from its identity
    provider; the service checks signature, issuer, audience and expiry."""
    token = subprocess.run(
        [str(BINARY), "token", "issue", "--data-dir", TOKEN_DATA_DIR[-1], "--subject", subject],
        check=True, capture_output=True, text=True,
    ).stdout.strip()
    return [("authorization", f"Bearer {token}")]


BODY = "为落实市委、市政府关于加强审计监督的部署，我局拟于2026年开展全市政府投资项目专项审计。恳请市政府批准开展该专项审计。妥否，请批示。"


def document(common_pb2, number=12):
    return common_pb2.Document(
        doc_type=common_pb2.REQUEST,
        issuing_body="济宁市审计局",
        doc_number=f"济审发〔2026〕{number}号",
        title="济宁市审计局关于开展政府投资项目专项审计的请示",
        main_recipient="市政府",
        body=BODY,
        signed_off_by="韦正",
        date_of_writing="2026年3月5日",
    )


def test_a_submission_is_registered_and_a_defective_one_returned(stubs, server):
    common_pb2, intake_pb2, intake_pb2_grpc, *_ = stubs
    intake = intake_pb2_grpc.IntakeStub(server)
    envelope = intake_pb2.Envelope(submitting_unit="audit", addressee=intake_pb2.GOVERNMENT)
    resp = intake.Submit(intake_pb2.SubmitRequest(document=document(common_pb2), envelope=envelope, idempotency_key="py-1"), metadata=auth("department:audit"))
    assert resp.submission.state == intake_pb2.REGISTERED
    assert resp.submission.receipt_number.startswith("收文〔")

    report = document(common_pb2, 13)
    report.doc_type = common_pb2.REPORT
    report.body = "现将我局上半年审计工作情况报告如下：共完成审计项目21个。下半年拟增加审计人员5名。妥否，请批示。"
    resp = intake.Submit(intake_pb2.SubmitRequest(document=report, envelope=envelope, idempotency_key="py-2"), metadata=auth("department:audit"))
    assert resp.submission.state == intake_pb2.RETURNED
    finding = next(f for f in resp.submission.findings if f.code == "NO_REQUEST_IN_REPORT")
    assert "jining 五十六" in finding.articles

    with pytest.raises(grpc.RpcError) as err:
        intake.Submit(intake_pb2.SubmitRequest(document=common_pb2.Document(), envelope=envelope, idempotency_key="py-3"), metadata=auth("department:audit"))
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT


def test_a_department_replies_to_a_countersign_round(stubs, server):
    _, _, _, countersign_pb2, countersign_pb2_grpc, *_ = stubs
    cs = countersign_pb2_grpc.CountersignStub(server)
    draft = countersign_pb2.Draft(title="会签稿", content_sha256=hashlib.sha256(BODY.encode()).hexdigest())
    opened = cs.OpenRound(
        countersign_pb2.OpenRoundRequest(lead_department="audit", draft=draft, participants=["finance", "drc"],
                                         limit=countersign_pb2.RULEBOOK_DEFAULT, idempotency_key="py-round"),
        metadata=auth("department:audit"),
    )
    assert opened.limit_working_days == 3
    round_ = cs.Reply(
        countersign_pb2.ReplyRequest(round_id=opened.id, department="finance", verdict=countersign_pb2.AGREED,
                                     signed_by="钱卫东"),
        metadata=auth("department:finance"),
    )
    finance = next(t for t in round_.tasks if t.department == "finance")
    assert finance.state == countersign_pb2.AGREED
    with pytest.raises(grpc.RpcError) as err:
        cs.Reply(countersign_pb2.ReplyRequest(round_id=opened.id, department="drc", verdict=countersign_pb2.AGREED,
                                              signed_by="韩东升"),
                 metadata=auth("department:finance"))
    assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED


def test_the_office_reviews_and_a_leader_decides(stubs, server):
    common_pb2, intake_pb2, intake_pb2_grpc, _, _, approval_pb2, approval_pb2_grpc = stubs
    intake = intake_pb2_grpc.IntakeStub(server)
    approval = approval_pb2_grpc.ApprovalStub(server)
    envelope = intake_pb2.Envelope(submitting_unit="audit", addressee=intake_pb2.GOVERNMENT)
    sub = intake.Submit(intake_pb2.SubmitRequest(document=document(common_pb2, 77), envelope=envelope, idempotency_key="py-approve"), metadata=auth("department:audit")).submission
    assert sub.state == intake_pb2.REGISTERED
    item = None
    for _ in range(100):
        try:
            item = approval.Get(approval_pb2.GetItemRequest(submission_id=sub.id), metadata=auth("department:audit"))
            break
        except grpc.RpcError:
            time.sleep(0.05)
    assert item is not None and item.state == approval_pb2.OFFICE_REVIEW
    office = auth("office")
    item = approval.Propose(approval_pb2.ProposeRequest(id=item.id, proposal="拟请常务副市长审批"), metadata=office)
    leader = item.current_leader
    decided = approval.Decide(
        approval_pb2.DecideRequest(id=item.id, kind=approval_pb2.APPROVE, opinion="同意", signed_name="高志强", signed_date="2026年11月3日"),
        metadata=auth(f"leader:{leader}"),
    )
    assert decided.state == approval_pb2.DECIDED
    assert decided.decisions[0].meaning == "consent"


def test_calls_without_credentials_are_refused(stubs, server):
    _, intake_pb2, intake_pb2_grpc, *_ = stubs
    intake = intake_pb2_grpc.IntakeStub(server)
    with pytest.raises(grpc.RpcError) as err:
        intake.List(intake_pb2.ListRequest())
    assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED
    with pytest.raises(grpc.RpcError) as err:
        intake.List(intake_pb2.ListRequest(), metadata=[("authorization", "Bearer not-a-token")])
    assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED
