package io.jube.controllers.framework;

/**
 * One controller: it declares in {@link #setup} which shared informers it watches and how their events map to
 * keys ({@code namespace/name}), and brings one key's objects to their desired state in {@link #reconcile}.
 *
 * <p>{@code reconcile} reads from the informer caches, makes the smallest set of API writes and returns; it never
 * waits, and it keeps no state that cannot be rebuilt from the API. An exception retries the key with
 * back-off; {@link Result#requeueAfter} asks for another look later.
 */
public interface Controller {
    /** The name used for logs, metrics and the {@code --controllers} selection, e.g. {@code "replicaset"}. */
    String name();

    void setup(ControllerContext ctx);

    Result reconcile(String key) throws Exception;
}
