package io.jube.store;

import java.util.List;

/**
 * A page of keys. {@code revision} is the revision the list was read at (pass it back, with the
 * last key as {@code startAfter}, to read the next page consistently); {@code remaining} is how
 * many keys under the prefix follow this page (0 when {@code more} is false).
 */
public record ListResult(List<KeyValue> items, long revision, boolean more, long remaining) {
}
