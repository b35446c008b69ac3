// The smallest Java client of gongwen's IntakeService: it builds a
// SubmitRequest with the generated builders and, only when given an address,
// sends it with the grpc-java blocking stub. Without arguments it prints
// nothing and exits 0, so CI can compile and run it with no server
// (scripts/clients-go-java).
//
//   java -cp ... Example 127.0.0.1:50051 "$TOKEN"
//
// It is in the default package on purpose: `javac` it beside the generated
// sources, no build tool needed.

import cn.gongwen.common.v1.DocType;
import cn.gongwen.common.v1.Document;
import cn.gongwen.common.v1.Finding;
import cn.gongwen.intake.v1.AddresseeKind;
import cn.gongwen.intake.v1.Envelope;
import cn.gongwen.intake.v1.IntakeServiceGrpc;
import cn.gongwen.intake.v1.SubmitRequest;
import cn.gongwen.intake.v1.SubmitResponse;
import cn.gongwen.intake.v1.Submission;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.LocalizedMessage;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import java.util.concurrent.TimeUnit;

public final class Example {
  static SubmitRequest request() {
    return SubmitRequest.newBuilder()
        .setDocument(Document.newBuilder()
            .setDocType(DocType.DOC_TYPE_REQUEST)
            .setIssuingBody("济南市审计局")
            .setDocNumber("济审发〔2026〕12号")
            .setTitle("济南市审计局关于申请审计业务经费的请示")
            .setMainRecipient("济南市人民政府")
            .setBody("……妥否，请批示。")
            .addRequestMatters("申请审计业务经费")
            .setSignedOffBy("张三")
            .setDateOfWriting("2026年3月5日"))
        .setEnvelope(Envelope.newBuilder()
            .setSubmittingUnit("audit")
            .setAddressee(AddresseeKind.ADDRESSEE_KIND_GOVERNMENT))
        .setIdempotencyKey("example-2026-0001")
        .build();
  }

  public static void main(String[] args) throws Exception {
    SubmitRequest req = request();
    if (args.length == 0) {
      return;
    }
    ManagedChannel channel = ManagedChannelBuilder.forTarget(args[0]).usePlaintext().build();
    try {
      IntakeServiceGrpc.IntakeServiceBlockingStub stub =
          IntakeServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
      if (args.length > 1) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
            "Bearer " + args[1]);
        stub = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
      }
      SubmitResponse resp = stub.submit(req);
      Submission s = resp.getSubmission();
      System.out.println(s.getId() + " " + s.getState() + " " + s.getReceiptNumber()
          + " replayed=" + resp.getReplayed());
      for (Finding f : s.getFindingsList()) {
        System.out.println("  " + f.getCheck() + " " + f.getCode() + " " + f.getMessageZh());
      }
    } catch (StatusRuntimeException e) {
      System.err.println(e.getStatus().getCode() + ": " + e.getStatus().getDescription());
      com.google.rpc.Status st = StatusProto.fromThrowable(e);
      if (st != null) {
        for (Any d : st.getDetailsList()) {
          printDetail(d);
        }
      }
      System.exit(1);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  static void printDetail(Any d) throws InvalidProtocolBufferException {
    if (d.is(BadRequest.class)) {
      for (BadRequest.FieldViolation v : d.unpack(BadRequest.class).getFieldViolationsList()) {
        System.err.println("  " + v.getField() + ": " + v.getDescription());
      }
    } else if (d.is(LocalizedMessage.class)) {
      System.err.println("  " + d.unpack(LocalizedMessage.class).getMessage());
    } else {
      // google.rpc.ErrorInfo and the rest: unpack them with a
      // proto-google-common-protos that has them (Debian's 1.16 lacks ErrorInfo).
      System.err.println("  " + d.getTypeUrl());
    }
  }
}
