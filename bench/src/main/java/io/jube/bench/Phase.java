package io.jube.bench;

import io.vertx.core.buffer.Buffer;

/**
 * A bounded load phase over {@link HttpConnections}: closed loop ({@link LoadPhase}) or open loop
 * at a fixed offered rate ({@link PacedPhase}). Both call the operation and the reply hook on the
 * writer's own event loop, one request at a time per writer.
 */
interface Phase {
    /** The request bytes for global request number {@code seq}, sent by {@code writer} (0..writers-1). */
    interface Operation {
        Buffer request(int seq, int writer);
    }

    /** Called with each 2xx reply (valid only during the call); used to remember resourceVersions. */
    interface OnReply {
        void accept(int seq, int writer, Http1Reply reply);
    }

    int writers();

    PhaseResult run(String scenario, String store, Operation op, OnReply onReply);
}
