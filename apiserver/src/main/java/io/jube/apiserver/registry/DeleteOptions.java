package io.jube.apiserver.registry;

/** The parts of meta/v1 DeleteOptions the registry honours (null = not given). */
public record DeleteOptions(Long gracePeriodSeconds, String propagationPolicy, String preconditionUid,
                            String preconditionResourceVersion) {
    public static final DeleteOptions DEFAULT = new DeleteOptions(null, null, null, null);
}
