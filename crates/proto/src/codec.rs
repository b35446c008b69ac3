//! The codec every generated server and client uses: prost's, except that a
//! message that does not decode is the sender's fault — INVALID_ARGUMENT with
//! an `ErrorInfo` (`UNDECODABLE_MESSAGE`) — not INTERNAL, which would read as
//! a server fault a client should retry.

use tonic::{
    Code, Status,
    codec::{BufferSettings, Codec, DecodeBuf, Decoder},
};
use tonic_prost::{ProstCodec, ProstDecoder, ProstEncoder};
use tonic_types::{ErrorDetails, StatusExt};

/// The reason an undecodable message is refused with.
pub const UNDECODABLE: &str = "UNDECODABLE_MESSAGE";

/// prost's codec with INVALID_ARGUMENT for bytes that are not the message.
#[derive(Debug, Clone)]
pub struct StrictCodec<T, U>(ProstCodec<T, U>);

impl<T, U> Default for StrictCodec<T, U> {
    fn default() -> Self {
        Self(ProstCodec::default())
    }
}

impl<T, U> Codec for StrictCodec<T, U>
where
    T: prost::Message + Send + 'static,
    U: prost::Message + Default + Send + 'static,
{
    type Encode = T;
    type Decode = U;
    type Encoder = ProstEncoder<T>;
    type Decoder = StrictDecoder<U>;

    fn encoder(&mut self) -> Self::Encoder {
        self.0.encoder()
    }

    fn decoder(&mut self) -> Self::Decoder {
        StrictDecoder(self.0.decoder())
    }
}

/// prost's decoder, refusing what does not decode as INVALID_ARGUMENT.
#[derive(Debug, Clone)]
pub struct StrictDecoder<U>(ProstDecoder<U>);

impl<U: prost::Message + Default> Decoder for StrictDecoder<U> {
    type Item = U;
    type Error = Status;

    fn decode(&mut self, buf: &mut DecodeBuf<'_>) -> Result<Option<U>, Status> {
        self.0.decode(buf).map_err(|s| {
            if s.code() != Code::Internal {
                return s;
            }
            let mut details = ErrorDetails::with_error_info(UNDECODABLE, "gongwen", []);
            details.add_bad_request_violation("", s.message().to_owned());
            details.set_localized_message("zh-CN", "请求内容无法解析为该接口的消息");
            Status::with_error_details(
                Code::InvalidArgument,
                format!("the message is not a valid {}: {}", std::any::type_name::<U>(), s.message()),
                details,
            )
        })
    }

    fn buffer_settings(&self) -> BufferSettings {
        self.0.buffer_settings()
    }
}
