package io.jube.controllers.garbagecollector;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.Resource;

/** An object the collector acts on, with the client operation that reads and writes it (typed or generic). */
record Item(HasMetadata obj, Resource<? extends HasMetadata> op) {
    String describe() {
        String ns = obj.getMetadata().getNamespace();
        return obj.getKind() + " " + (ns == null || ns.isEmpty() ? "" : ns + "/") + obj.getMetadata().getName();
    }
}
