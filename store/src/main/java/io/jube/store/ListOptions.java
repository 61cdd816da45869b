package io.jube.store;

/**
 * Options of a list: {@code revision} 0 means the newest; {@code limit} 0 means no limit;
 * {@code startAfter} non-null continues a paged list after that key (exclusive).
 */
public record ListOptions(long revision, long limit, String startAfter) {
    public static final ListOptions ALL = new ListOptions(0, 0, null);
}
