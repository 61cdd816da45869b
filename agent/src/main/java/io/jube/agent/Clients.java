package io.jube.agent;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The fabric8 client every Jube component uses: stock, except that watch events decode in one pass and
 * {@code metadata.managedFields} is skipped. No component reads managedFields, and an update that omits them keeps
 * the stored ones (as in Kubernetes), while decoding them into maps was a sixth of what a component spent per watch
 * event.
 */
public final class Clients {
    private Clients() {
    }

    public static KubernetesClient build(Config config) {
        return new KubernetesClientBuilder().withConfig(config).withKubernetesSerialization(serialization()).build();
    }

    /** fabric8's serialization with {@link WatchObjectDeserializer} for {@link WatchEvent#getObject()}. */
    public static KubernetesSerialization serialization() {
        return new KubernetesSerialization(mapper(), true);
    }

    static ObjectMapper mapper() {
        return new ObjectMapper().addMixIn(WatchEvent.class, WatchEventObject.class)
                .addMixIn(ObjectMeta.class, NoManagedFields.class);
    }

    /** Mix-in: {@code managedFields} is neither read (the parser skips it) nor written. */
    @JsonIgnoreProperties("managedFields")
    abstract static class NoManagedFields {
    }

    /** Mix-in: replaces the deserializer fabric8 declares on WatchEvent's {@code object} field and its setter. */
    abstract static class WatchEventObject {
        @JsonDeserialize(using = WatchObjectDeserializer.class)
        Object object;

        @JsonDeserialize(using = WatchObjectDeserializer.class)
        abstract void setObject(Object object);
    }
}
