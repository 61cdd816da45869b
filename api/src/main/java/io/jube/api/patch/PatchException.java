package io.jube.api.patch;

/**
 * A patch that is malformed (HTTP 400, BadRequest) or that cannot be applied to the target
 * (HTTP 422, as the Kubernetes API server answers a failed JSON-patch {@code test} or a
 * missing path).
 */
public class PatchException extends RuntimeException {
    private final int code;

    public PatchException(int code, String message) {
        super(message);
        this.code = code;
    }

    /** The HTTP status code the API server should answer with. */
    public int code() {
        return code;
    }

    public static PatchException badRequest(String message) {
        return new PatchException(400, message);
    }

    public static PatchException unprocessable(String message) {
        return new PatchException(422, message);
    }
}
