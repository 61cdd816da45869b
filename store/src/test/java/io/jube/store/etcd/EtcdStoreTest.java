package io.jube.store.etcd;

import io.jube.store.StoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** etcd-specific behaviour: the launcher and an unreachable cluster. */
class EtcdStoreTest {

    @Test
    void serverRunsOnLoopbackAndCleansUp() {
        Path data;
        try (EtcdServer etcd = EtcdTestSupport.startOrSkip()) {
            URI endpoint = URI.create(etcd.endpoint());
            assertThat(endpoint.getHost()).isEqualTo("127.0.0.1");
            try (EtcdStore store = EtcdStore.connect(List.of(etcd.endpoint()), "/t")) {
                store.create("/k", new byte[]{1}, 0);
                assertThat(store.get("/k")).isPresent();
            }
            data = etcd.dataDir();
            assertThat(data).exists();
        }
        assertThat(data).doesNotExist();
    }

    @Test
    void unreachableEtcdIsUnavailable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again below: nothing listens there
        }
        try (EtcdStore store = EtcdStore.connect(List.of("http://127.0.0.1:" + port), "/t")) {
            assertThatThrownBy(() -> store.get("/k")).isInstanceOfSatisfying(StoreException.class,
                    e -> assertThat(e.code()).isEqualTo(StoreException.Code.UNAVAILABLE));
        }
    }

    @Test
    void missingBinaryGivesAClearMessage(@TempDir Path empty) {
        assertThat(EtcdServer.binary(empty.toString())).isEmpty();
        assertThatThrownBy(() -> EtcdServer.requireBinary(empty.toString()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("etcd binary not found on PATH")
                .hasMessageContaining("etcd-server");
    }
}
