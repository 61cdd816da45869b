package io.jube.api.catalogue;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Converts an object between a served version and the storage version, in place. */
public interface Conversion {
    Conversion NONE = new Conversion() {
        @Override
        public ObjectNode toStorage(ObjectNode obj) {
            return obj;
        }

        @Override
        public ObjectNode fromStorage(ObjectNode obj) {
            return obj;
        }
    };

    /** From the served version to the storage version (sets apiVersion). */
    ObjectNode toStorage(ObjectNode obj);

    /** From the storage version to the served version (sets apiVersion). */
    ObjectNode fromStorage(ObjectNode obj);
}
