package io.jube.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** The fabric8 client every Jube component uses: stock, except that watch events decode in one pass. */
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
        return new ObjectMapper().addMixIn(WatchEvent.class, WatchEventObject.class);
    }

    /** Mix-in: replaces the deserializer fabric8 declares on WatchEvent's {@code object} field and its setter. */
    abstract static class WatchEventObject {
        @JsonDeserialize(using = WatchObjectDeserializer.class)
        Object object;

        @JsonDeserialize(using = WatchObjectDeserializer.class)
        abstract void setObject(Object object);
    }
}
