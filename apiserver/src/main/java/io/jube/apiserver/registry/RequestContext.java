package io.jube.apiserver.registry;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-request facts the registry needs: who asks, the field manager, dry-run and field
 * validation directives; collects warnings returned in {@code Warning} headers.
 */
public final class RequestContext {
    public enum FieldValidation { IGNORE, WARN, STRICT }

    private final String user;
    private final String fieldManager;
    private final boolean dryRun;
    private final FieldValidation fieldValidation;
    private final List<String> warnings = new ArrayList<>();
    private volatile boolean applyOperation;

    public RequestContext(String user, String fieldManager, boolean dryRun, FieldValidation fieldValidation) {
        this.user = user;
        this.fieldManager = fieldManager;
        this.dryRun = dryRun;
        this.fieldValidation = fieldValidation;
    }

    public static RequestContext internal(String manager) {
        return new RequestContext("system:apiserver", manager, false, FieldValidation.IGNORE);
    }

    public String user() {
        return user;
    }

    public String fieldManager() {
        return fieldManager;
    }

    public boolean dryRun() {
        return dryRun;
    }

    public FieldValidation fieldValidation() {
        return fieldValidation;
    }

    /** Marks a server-side apply: managed fields were already recorded as an Apply operation. */
    public void markApply() {
        applyOperation = true;
    }

    public boolean isApply() {
        return applyOperation;
    }

    public synchronized void warn(String warning) {
        if (!warnings.contains(warning)) {
            warnings.add(warning);
        }
    }

    public synchronized List<String> warnings() {
        return List.copyOf(warnings);
    }
}
