package io.jube.store.embedded;

import io.jube.store.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Every write acknowledged before a kill -9 is in the store after reopening. */
class KillDurabilityTest {
    private static final int ACKS_BEFORE_KILL = 3000;

    @TempDir
    Path dir;

    @Test
    void acknowledgedWritesSurviveKillMinus9() throws Exception {
        Path data = dir.resolve("store");
        Path stderr = dir.resolve("child.err");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                DurabilityChild.class.getName(), data.toString()))
                .redirectError(stderr.toFile()).start();
        Map<String, Long> acked = new HashMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (acked.size() < ACKS_BEFORE_KILL && (line = in.readLine()) != null) {
                String[] parts = line.split(" ");
                if (parts.length == 3 && parts[0].equals("ack")) {
                    acked.put(parts[1], Long.parseLong(parts[2]));
                }
            }
            assertThat(acked).as("child acknowledged writes (stderr: %s)", Files.readString(stderr)).hasSize(ACKS_BEFORE_KILL);
            child.destroyForcibly(); // SIGKILL while writers are mid-stream
            // (destroy closes our end of the pipe, so acks printed after this point are not checked)
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(child.exitValue()).isEqualTo(137);
        try (EmbeddedStore store = EmbeddedStore.open(data,
                EmbeddedStore.Options.DEFAULT.withCompaction(Duration.ZERO, Duration.ZERO))) {
            long maxAcked = acked.values().stream().mapToLong(Long::longValue).max().orElseThrow();
            assertThat(store.currentRevision()).isGreaterThanOrEqualTo(maxAcked);
            for (Map.Entry<String, Long> e : acked.entrySet()) {
                KeyValue kv = store.get(e.getKey()).orElse(null);
                assertThat(kv).as("acknowledged key %s", e.getKey()).isNotNull();
                assertThat(kv.modRevision()).isEqualTo(e.getValue());
                assertThat(new String(kv.value(), StandardCharsets.UTF_8)).isEqualTo(e.getKey());
            }
            // The store is usable after the crash and revisions continue densely.
            assertThat(store.create("/after", new byte[]{1}, 0).modRevision()).isEqualTo(store.currentRevision());
            assertThat(store.count("/d/")).isGreaterThanOrEqualTo(acked.size());
        }
    }
}
