package io.jube.store.embedded;

import io.jube.store.KeyValue;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Child JVM for {@link KillDurabilityTest}: many threads create keys and print one line
 * "ack KEY REVISION" for each write the store acknowledged, until killed (bounded by count).
 */
public final class DurabilityChild {
    private DurabilityChild() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedStore store = EmbeddedStore.open(Path.of(args[0]),
                EmbeddedStore.Options.DEFAULT.withCompaction(Duration.ZERO, Duration.ZERO));
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        int threads = 32;
        int perThread = 100_000;
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int thread = t;
            workers[t] = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    String key = "/d/" + thread + "/" + i;
                    KeyValue kv = store.create(key, key.getBytes(StandardCharsets.UTF_8), 0);
                    synchronized (out) {
                        out.println("ack " + key + " " + kv.modRevision());
                        out.flush();
                    }
                }
            });
            workers[t].start();
        }
        for (Thread w : workers) {
            w.join();
        }
    }
}
