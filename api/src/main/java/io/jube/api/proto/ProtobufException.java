package io.jube.api.proto;

/** A Kubernetes protobuf body (or a JSON object to encode) that cannot be translated. */
public class ProtobufException extends IllegalArgumentException {
    public ProtobufException(String message) {
        super(message);
    }

    public ProtobufException(String message, Throwable cause) {
        super(message, cause);
    }
}
