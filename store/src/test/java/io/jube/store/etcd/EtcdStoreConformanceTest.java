package io.jube.store.etcd;

import io.jube.store.Store;
import io.jube.store.StoreConformanceTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The conformance suite on a real etcd; each test gets its own key prefix on one shared server. */
class EtcdStoreConformanceTest extends StoreConformanceTest {
    private static final AtomicInteger TESTS = new AtomicInteger();
    private static EtcdServer etcd;

    @BeforeAll
    static void startEtcd() {
        etcd = EtcdTestSupport.startOrSkip();
    }

    @AfterAll
    static void stopEtcd() {
        if (etcd != null) {
            etcd.close();
        }
    }

    @Override
    protected Store newStore() {
        return EtcdStore.connect(List.of(etcd.endpoint()), "/jube-test-" + TESTS.incrementAndGet());
    }
}
