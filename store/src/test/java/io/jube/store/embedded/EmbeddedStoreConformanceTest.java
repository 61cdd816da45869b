package io.jube.store.embedded;

import io.jube.store.Store;
import io.jube.store.StoreConformanceTest;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

class EmbeddedStoreConformanceTest extends StoreConformanceTest {
    @TempDir
    Path dir;

    @Override
    protected Store newStore() {
        return EmbeddedStore.open(dir, EmbeddedStore.Options.DEFAULT.withCompaction(Duration.ZERO, Duration.ZERO));
    }
}
