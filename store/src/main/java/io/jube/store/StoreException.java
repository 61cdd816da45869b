package io.jube.store;

/** A store failure with a code the API server maps onto a Kubernetes Status. */
public class StoreException extends RuntimeException {
    public enum Code { NOT_FOUND, ALREADY_EXISTS, CONFLICT, COMPACTED, UNAVAILABLE, INTERNAL }

    private final Code code;
    private final transient KeyValue current;

    public StoreException(Code code, String message) {
        this(code, message, null, null);
    }

    public StoreException(Code code, String message, KeyValue current, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.current = current;
    }

    public Code code() {
        return code;
    }

    /** For CONFLICT: the key's current value, when the backend knows it. */
    public KeyValue current() {
        return current;
    }
}
