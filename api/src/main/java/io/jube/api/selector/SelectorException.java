package io.jube.api.selector;

/** A label or field selector that cannot be parsed or is not supported; the message is Kubernetes' own. */
public class SelectorException extends IllegalArgumentException {
    public SelectorException(String message) {
        super(message);
    }
}
