package io.jube.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JstackSamplerTest {
    private static final String DUMP = """
            2024-01-01 00:00:00
            Full thread dump OpenJDK 64-Bit Server VM:

            "vert.x-eventloop-thread-1" #20 prio=5 os_prio=0 cpu=1.00ms elapsed=9.00s tid=0x1 nid=0x2 runnable
               java.lang.Thread.State: RUNNABLE
            \tat io.netty.channel.epoll.Native.epollWait(Native Method)
            \tat io.netty.channel.epoll.EpollEventLoop.run(EpollEventLoop.java:1)

            "jube-store-writer" #30 daemon prio=5 os_prio=0 tid=0x3 nid=0x4 runnable
               java.lang.Thread.State: RUNNABLE
            \tat org.rocksdb.RocksDB.write0(Native Method)
            \tat io.jube.store.embedded.RevisionLog$Batch.commit(RevisionLog.java:10)

            "apiserver-7" #40 prio=5 os_prio=0 tid=0x5 nid=0x6 waiting on condition
               java.lang.Thread.State: WAITING (parking)
            \tat jdk.internal.misc.Unsafe.park(Native Method)
            \t- parking to wait for  <0x1> (a java.util.concurrent.CompletableFuture$Signaller)
            \tat io.jube.store.embedded.EmbeddedStore.await(EmbeddedStore.java:5)
            """;

    @Test
    void countsOnlyThreadsDoingWorkAsBusy() {
        JstackSampler s = new JstackSampler();
        s.fold(DUMP);
        String report = s.render(10);
        assertThat(s.dumps()).isEqualTo(1);
        assertThat(report).contains("1 busy RUNNABLE thread stacks");
        assertThat(report).contains("| 1 | `org.rocksdb.RocksDB.write0` |");
        assertThat(report).contains("| 1 | `io.jube.store.embedded.RevisionLog$Batch.commit` |");
        assertThat(report).doesNotContain("epollWait` |");
        assertThat(report).contains("| 1 | `vert.x-eventloop-thread-N RUNNABLE(idle wait)` |");
    }

    @Test
    void namesTheLockAWaitingThreadWaitsFor() {
        JstackSampler s = new JstackSampler();
        s.fold(DUMP);
        assertThat(s.render(10)).contains(
                "WAITING in io.jube.store.embedded.EmbeddedStore.await on java.util.concurrent.CompletableFuture$Signaller");
    }
}
