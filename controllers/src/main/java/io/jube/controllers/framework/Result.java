package io.jube.controllers.framework;

import java.time.Duration;

/** What a reconcile asks of the framework: nothing more, or another look at the key after a delay. */
public record Result(Duration requeueAfter) {
    private static final Result DONE = new Result(null);

    public static Result done() {
        return DONE;
    }

    public static Result requeueAfter(Duration delay) {
        return new Result(delay.isNegative() ? Duration.ZERO : delay);
    }

    public boolean requeue() {
        return requeueAfter != null;
    }

    /** The sooner of two results (a requeue wins over done). */
    public Result min(Result other) {
        if (!requeue()) {
            return other;
        }
        if (!other.requeue()) {
            return this;
        }
        return requeueAfter.compareTo(other.requeueAfter) <= 0 ? this : other;
    }
}
