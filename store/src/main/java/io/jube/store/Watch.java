package io.jube.store;

/** A running watch; closing it stops deliveries (a delivery under way may still complete). */
public interface Watch extends AutoCloseable {
    @Override
    void close();
}
