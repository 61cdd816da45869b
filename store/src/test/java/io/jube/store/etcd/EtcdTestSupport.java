package io.jube.store.etcd;

import org.junit.jupiter.api.Assumptions;

/** Starts etcd for a test; a missing binary fails under JUBE_E2E_REQUIRED=1 and skips otherwise. */
final class EtcdTestSupport {
    private EtcdTestSupport() {
    }

    static EtcdServer startOrSkip() {
        if (EtcdServer.binary().isEmpty() && !"1".equals(System.getenv("JUBE_E2E_REQUIRED"))) {
            Assumptions.abort("etcd binary not on PATH (install etcd-server); set JUBE_E2E_REQUIRED=1 to fail instead");
        }
        return EtcdServer.start();
    }
}
