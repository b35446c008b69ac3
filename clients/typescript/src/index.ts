// The gongwen client for Node: Connect clients over real gRPC (HTTP/2) for
// every v1 service, made from the code `npm run generate` writes to src/gen.
import { Code, ConnectError, createClient, type Client, type Interceptor } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";

import { ApprovalService } from "./gen/gongwen/approval/v1/approval_pb.js";
import { AuditLogService } from "./gen/gongwen/audit/v1/audit_pb.js";
import { CalendarService } from "./gen/gongwen/calendar/v1/calendar_pb.js";
import { CountersignService } from "./gen/gongwen/countersign/v1/countersign_pb.js";
import { IntakeService } from "./gen/gongwen/intake/v1/intake_pb.js";
import {
  BadRequestSchema,
  ErrorInfoSchema,
  LocalizedMessageSchema,
  ResourceInfoSchema,
  RetryInfoSchema,
  type BadRequest_FieldViolation,
  type ErrorInfo,
  type LocalizedMessage,
  type ResourceInfo,
  type RetryInfo,
} from "./gen/google/rpc/error_details_pb.js";

export { ApprovalService, AuditLogService, CalendarService, CountersignService, IntakeService };
export { Code, ConnectError };

export interface GongwenOptions {
  /** e.g. http://127.0.0.1:50051 (plaintext HTTP/2) or https://gongwen.example (TLS). */
  baseUrl: string;
  /** A bearer token, or a function giving the current one (called per request). */
  token?: string | (() => string | Promise<string>);
}

export interface GongwenClients {
  intake: Client<typeof IntakeService>;
  countersign: Client<typeof CountersignService>;
  approval: Client<typeof ApprovalService>;
  audit: Client<typeof AuditLogService>;
  calendar: Client<typeof CalendarService>;
}

/** Sends `authorization: Bearer <token>` on every call. */
export function bearer(token: string | (() => string | Promise<string>)): Interceptor {
  return (next) => async (req) => {
    req.header.set("authorization", `Bearer ${typeof token === "function" ? await token() : token}`);
    return next(req);
  };
}

/** One HTTP/2 connection (gRPC protocol, binary) shared by a client of each service. */
export function createGongwenClients(options: GongwenOptions): GongwenClients {
  const transport = createGrpcTransport({
    baseUrl: options.baseUrl,
    interceptors: options.token === undefined ? [] : [bearer(options.token)],
  });
  return {
    intake: createClient(IntakeService, transport),
    countersign: createClient(CountersignService, transport),
    approval: createClient(ApprovalService, transport),
    audit: createClient(AuditLogService, transport),
    calendar: createClient(CalendarService, transport),
  };
}

/** The google.rpc details every gongwen error carries (docs/errors.md), decoded. */
export interface GongwenErrorDetails {
  code: Code;
  message: string;
  /** ErrorInfo: `reason` is the stable code to match on, `domain` the service (e.g. gongwen.intake). */
  errorInfo?: ErrorInfo;
  /** BadRequest's field violations (INVALID_ARGUMENT). */
  fieldViolations: BadRequest_FieldViolation[];
  /** The zh-CN wording for a clerk's screen. */
  localized?: LocalizedMessage;
  resourceInfo?: ResourceInfo;
  retryInfo?: RetryInfo;
}

export function errorDetails(err: unknown): GongwenErrorDetails {
  const e = ConnectError.from(err);
  return {
    code: e.code,
    message: e.rawMessage,
    errorInfo: e.findDetails(ErrorInfoSchema)[0],
    fieldViolations: e.findDetails(BadRequestSchema).flatMap((b) => b.fieldViolations),
    localized: e.findDetails(LocalizedMessageSchema)[0],
    resourceInfo: e.findDetails(ResourceInfoSchema)[0],
    retryInfo: e.findDetails(RetryInfoSchema)[0],
  };
}
