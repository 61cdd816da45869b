package io.jube.store;

import java.util.List;

/** Receives a watch's changes in revision order; events of one revision arrive in one call. */
public interface WatchListener {
    void onEvents(List<WatchEvent> events);

    /** The watch ended abnormally (e.g. COMPACTED after falling behind); no more calls follow. */
    void onError(StoreException error);
}
