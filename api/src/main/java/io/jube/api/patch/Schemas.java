package io.jube.api.patch;

import io.jube.api.schema.Schema;

/** Navigation in a {@link Schema} where null means "unknown". */
public final class Schemas {
    private Schemas() {
    }

    /** The schema of a field (OBJECT) or map value (MAP); null when the schema does not say. */
    public static Schema child(Schema schema, String field) {
        if (schema == null) {
            return null;
        }
        return switch (schema.type()) {
            case OBJECT -> schema.property(field);
            case MAP -> schema.items();
            default -> null;
        };
    }

    /** The item schema of a list; null when unknown. */
    public static Schema items(Schema schema) {
        return schema == null ? null : schema.items();
    }
}
