// Command example is the smallest Go client of gongwen's IntakeService: it
// builds a SubmitRequest from the generated types and, only when given
// -addr, sends it. Without -addr it prints nothing and exits 0, so CI can
// build and run it with no server (scripts/clients-go-java).
//
//	go run ./example -addr 127.0.0.1:50051 -token "$TOKEN"
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	commonv1 "github.com/gongwen/gongwen/gen/go/gongwen/common/v1"
	intakev1 "github.com/gongwen/gongwen/gen/go/gongwen/intake/v1"
)

func main() {
	addr := flag.String("addr", "", "host:port of an intake server (plaintext); without it nothing is sent")
	token := flag.String("token", os.Getenv("GONGWEN_TOKEN"), "bearer token (JWT) sent as authorization metadata")
	flag.Parse()

	req := &intakev1.SubmitRequest{
		Document: &commonv1.Document{
			DocType:        commonv1.DocType_DOC_TYPE_REQUEST,
			IssuingBody:    "济南市审计局",
			DocNumber:      "济审发〔2026〕12号",
			Title:          "济南市审计局关于申请审计业务经费的请示",
			MainRecipient:  "济南市人民政府",
			Body:           "……妥否，请批示。",
			RequestMatters: []string{"申请审计业务经费"},
			SignedOffBy:    "张三",
			DateOfWriting:  "2026年3月5日",
		},
		Envelope: &intakev1.Envelope{
			SubmittingUnit: "audit",
			Addressee:      intakev1.AddresseeKind_ADDRESSEE_KIND_GOVERNMENT,
		},
		IdempotencyKey: "example-2026-0001",
	}
	if *addr == "" {
		return
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if *token != "" {
		ctx = metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+*token)
	}
	// WithInsecure is plaintext; it exists in every grpc-go from Debian's 1.33
	// to today (newer code may use insecure.NewCredentials instead).
	conn, err := grpc.Dial(*addr, grpc.WithInsecure())
	if err != nil {
		fmt.Fprintln(os.Stderr, "dial:", err)
		os.Exit(1)
	}
	defer conn.Close()

	resp, err := intakev1.NewIntakeServiceClient(conn).Submit(ctx, req)
	if err != nil {
		st := status.Convert(err)
		fmt.Fprintf(os.Stderr, "%s: %s\n", st.Code(), st.Message())
		for _, d := range st.Details() {
			switch d := d.(type) {
			case *errdetails.ErrorInfo:
				fmt.Fprintf(os.Stderr, "  reason %s (%s)\n", d.GetReason(), d.GetDomain())
			case *errdetails.BadRequest:
				for _, v := range d.GetFieldViolations() {
					fmt.Fprintf(os.Stderr, "  %s: %s\n", v.GetField(), v.GetDescription())
				}
			case *errdetails.LocalizedMessage:
				fmt.Fprintf(os.Stderr, "  %s\n", d.GetMessage())
			}
		}
		os.Exit(1)
	}
	s := resp.GetSubmission()
	fmt.Printf("%s %s %s replayed=%v\n", s.GetId(), s.GetState(), s.GetReceiptNumber(), resp.GetReplayed())
	for _, f := range s.GetFindings() {
		fmt.Printf("  %s %s %s\n", f.GetCheck(), f.GetCode(), f.GetMessageZh())
	}
}
