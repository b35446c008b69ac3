"""Helpers for calling gongwen from Python.

The stubs themselves are generated from the protos into the ``gongwen`` package
(``gongwen.intake.v1.intake_pb2``, ``..._pb2_grpc``, ...). This module adds the three
things every client needs besides them:

* :func:`channel` - a channel to a server, plaintext or mutual TLS, optionally carrying a
  bearer token on every call;
* :func:`bearer_metadata` / :func:`bearer_call_credentials` - the ``authorization: Bearer ...``
  credential for single calls;
* :func:`error_details` - the ``google.rpc`` details of a failed call (ErrorInfo, BadRequest,
  PreconditionFailure, ResourceInfo, RetryInfo, LocalizedMessage), decoded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple, Union

import grpc
from google.rpc import error_details_pb2
from grpc_status import rpc_status

__all__ = ["channel", "bearer_metadata", "bearer_call_credentials", "error_details", "ErrorDetails"]

PathLike = Union[str, Path]


def bearer_metadata(token: str) -> List[Tuple[str, str]]:
    """Call metadata carrying `token`: pass as ``metadata=`` to any call, on any channel."""
    return [("authorization", f"Bearer {token}")]


def bearer_call_credentials(token: str) -> grpc.CallCredentials:
    """Call credentials carrying `token` (sent only over TLS): ``credentials=`` on a call."""
    return grpc.access_token_call_credentials(token)


class _Bearer(grpc.UnaryUnaryClientInterceptor, grpc.UnaryStreamClientInterceptor):
    """Adds the bearer token to calls that carry no authorization (metadata or credentials) of their own."""

    def __init__(self, token: str):
        self._metadata = bearer_metadata(token)

    def _details(self, details):
        metadata = list(details.metadata or [])
        if details.credentials is None and not any(k == "authorization" for k, _ in metadata):
            metadata += self._metadata
        return _Details(details, metadata)

    def intercept_unary_unary(self, continuation, client_call_details, request):
        return continuation(self._details(client_call_details), request)

    def intercept_unary_stream(self, continuation, client_call_details, request):
        return continuation(self._details(client_call_details), request)


class _Details(grpc.ClientCallDetails):
    def __init__(self, d, metadata):
        self.method, self.timeout, self.credentials = d.method, d.timeout, d.credentials
        self.wait_for_ready, self.compression = d.wait_for_ready, d.compression
        self.metadata = metadata


def _read(path: Optional[PathLike]) -> Optional[bytes]:
    return None if path is None else Path(path).read_bytes()


def channel(
    target: str,
    *,
    ca: Optional[PathLike] = None,
    cert: Optional[PathLike] = None,
    key: Optional[PathLike] = None,
    server_name: Optional[str] = None,
    token: Optional[str] = None,
    options: Sequence[Tuple[str, object]] = (),
) -> grpc.Channel:
    """A channel to a gongwen server at `target` (``host:port``).

    Without `ca` the channel is plaintext. With `ca` (the PEM file the server's certificate chains
    to) it is TLS, and with `cert` and `key` too (this client's PEM certificate and key) mutual TLS:
    a server started with ``--tls-ca`` refuses clients without a certificate, and takes the
    certificate's Common Name as the principal ``service:<CN>``. `server_name` overrides the name
    the server's certificate is checked against (e.g. ``localhost`` when dialling an address).
    With `token`, every call carries ``authorization: Bearer <token>`` unless it brings its own
    (``metadata=`` or ``credentials=``).
    """
    if (cert is None) != (key is None):
        raise ValueError("a client certificate needs both cert and key")
    opts = list(options)
    if ca is None:
        if cert is not None:
            raise ValueError("mutual TLS needs the CA (ca=) as well as cert and key")
        ch = grpc.insecure_channel(target, options=opts)
    else:
        if server_name:
            opts.append(("grpc.ssl_target_name_override", server_name))
        creds = grpc.ssl_channel_credentials(
            root_certificates=_read(ca), private_key=_read(key), certificate_chain=_read(cert))
        ch = grpc.secure_channel(target, creds, options=opts)
    return grpc.intercept_channel(ch, _Bearer(token)) if token else ch


@dataclass
class ErrorDetails:
    """What a failed call says about itself: the status and the google.rpc details it carries.

    Every gongwen error carries an ErrorInfo (``reason`` is the code of docs/errors.md, ``domain``
    the service) and a zh-CN LocalizedMessage; INVALID_ARGUMENT a BadRequest naming every field,
    FAILED_PRECONDITION a PreconditionFailure, NOT_FOUND a ResourceInfo, retryable ones a RetryInfo.
    """

    code: grpc.StatusCode
    message: str
    error_info: Optional[error_details_pb2.ErrorInfo] = None
    field_violations: List[error_details_pb2.BadRequest.FieldViolation] = field(default_factory=list)
    precondition_violations: List[error_details_pb2.PreconditionFailure.Violation] = field(default_factory=list)
    resource_info: Optional[error_details_pb2.ResourceInfo] = None
    retry_info: Optional[error_details_pb2.RetryInfo] = None
    localized_message: Optional[error_details_pb2.LocalizedMessage] = None

    @property
    def reason(self) -> str:
        """ErrorInfo.reason, e.g. INVALID_ARGUMENT or DEPARTMENT_ACTS_FOR_ITSELF ("" without one)."""
        return self.error_info.reason if self.error_info else ""

    @property
    def domain(self) -> str:
        """ErrorInfo.domain, e.g. gongwen.intake ("" without one)."""
        return self.error_info.domain if self.error_info else ""

    @property
    def metadata(self) -> Dict[str, str]:
        return dict(self.error_info.metadata) if self.error_info else {}

    @property
    def retry_delay(self) -> Optional[float]:
        """RetryInfo.retry_delay in seconds, when the error is retryable."""
        return self.retry_info.retry_delay.ToTimedelta().total_seconds() if self.retry_info else None


_DETAILS = {
    error_details_pb2.ErrorInfo: "error_info",
    error_details_pb2.BadRequest: "bad_request",
    error_details_pb2.PreconditionFailure: "precondition_failure",
    error_details_pb2.ResourceInfo: "resource_info",
    error_details_pb2.RetryInfo: "retry_info",
    error_details_pb2.LocalizedMessage: "localized_message",
}


def error_details(rpc_error: grpc.RpcError) -> ErrorDetails:
    """Decode the google.rpc.Status a failed call carries (``grpc-status-details-bin``).

    Details of other types are ignored; a call without details gives just its code and message.
    """
    code = rpc_error.code() if hasattr(rpc_error, "code") else grpc.StatusCode.UNKNOWN
    message = rpc_error.details() if hasattr(rpc_error, "details") else str(rpc_error)
    out = ErrorDetails(code=code, message=message or "")
    status = rpc_status.from_call(rpc_error) if hasattr(rpc_error, "trailing_metadata") else None
    if status is None:
        return out
    out.message = status.message
    for any_ in status.details:
        for cls, name in _DETAILS.items():
            if any_.Is(cls.DESCRIPTOR):
                msg = cls()
                any_.Unpack(msg)
                if name == "bad_request":
                    out.field_violations.extend(msg.field_violations)
                elif name == "precondition_failure":
                    out.precondition_violations.extend(msg.violations)
                else:
                    setattr(out, name, msg)
    return out
