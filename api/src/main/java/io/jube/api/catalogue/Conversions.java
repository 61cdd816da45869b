package io.jube.api.catalogue;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Conversions between served and storage versions of multi-version built-in resources. */
final class Conversions {
    private Conversions() {
    }

    /** autoscaling/v1 HorizontalPodAutoscaler ⇄ autoscaling/v2 (storage). */
    static final Conversion HPA_V1 = new Conversion() {
        @Override
        public ObjectNode toStorage(ObjectNode obj) {
            obj.put("apiVersion", "autoscaling/v2");
            return obj;
        }

        @Override
        public ObjectNode fromStorage(ObjectNode obj) {
            obj.put("apiVersion", "autoscaling/v1");
            return obj;
        }
    };

    /** events.k8s.io/v1 Event ⇄ core/v1 Event (storage). */
    static final Conversion EVENTS_V1 = new Conversion() {
        @Override
        public ObjectNode toStorage(ObjectNode obj) {
            obj.put("apiVersion", "v1");
            return obj;
        }

        @Override
        public ObjectNode fromStorage(ObjectNode obj) {
            obj.put("apiVersion", "events.k8s.io/v1");
            return obj;
        }
    };
}
