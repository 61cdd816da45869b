package io.jube.store.etcd;

import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.common.exception.EtcdException;
import io.etcd.jetcd.common.exception.EtcdExceptionFactory;
import io.jube.store.StoreException;
import io.jube.store.StoreException.Code;

/** Maps jetcd / gRPC failures onto {@link StoreException} codes. */
final class EtcdErrors {
    private EtcdErrors() {
    }

    static StoreException toStoreException(Throwable t) {
        if (t instanceof StoreException se) {
            return se;
        }
        if (t instanceof CompactedException c) {
            return new StoreException(Code.COMPACTED, "etcd history compacted up to revision " + c.getCompactedRevision(), null, t);
        }
        EtcdException e = t instanceof EtcdException ee ? ee : EtcdExceptionFactory.toEtcdException(t);
        String message = e.getMessage() == null ? "" : e.getMessage();
        Code code;
        if (message.contains("required revision has been compacted")) {
            code = Code.COMPACTED;
        } else {
            code = switch (e.getErrorCode()) {
                case UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED -> Code.UNAVAILABLE;
                case NOT_FOUND -> Code.NOT_FOUND;
                case ALREADY_EXISTS -> Code.ALREADY_EXISTS;
                default -> Code.INTERNAL;
            };
        }
        return new StoreException(code, "etcd: " + message, null, t);
    }
}
