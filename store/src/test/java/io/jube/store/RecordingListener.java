package io.jube.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/** Records what a watch delivers, for tests. */
public final class RecordingListener implements WatchListener {
    public final List<List<WatchEvent>> batches = new CopyOnWriteArrayList<>();
    public final AtomicReference<StoreException> error = new AtomicReference<>();

    @Override
    public void onEvents(List<WatchEvent> events) {
        batches.add(List.copyOf(events));
    }

    @Override
    public void onError(StoreException e) {
        error.set(e);
    }

    public List<WatchEvent> events() {
        List<WatchEvent> all = new ArrayList<>();
        batches.forEach(all::addAll);
        return all;
    }
}
