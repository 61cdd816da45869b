package io.jube.api.printers;

import io.jube.api.Json;
import java.util.List;

/** Table columns per kind, matching what kubectl shows against Kubernetes. */
public final class Printers {
    private Printers() {
    }

    /** The NAME column every table starts with. */
    public static final Column NAME = new Column("Name", "string", "name",
            "Name must be unique within a namespace.", 0, o -> Json.text(o, "metadata", "name"));

    /** The AGE column, computed from creationTimestamp (rendered by the REST layer's clock). */
    public static final Column AGE = new Column("Age", "string", "",
            "CreationTimestamp is a timestamp representing the server time when this object was created.", 0,
            o -> Ages.since(Json.text(o, "metadata", "creationTimestamp")));

    /** Columns for a built-in kind; NAME and AGE for kinds without their own. */
    public static List<Column> columns(String group, String kind) {
        return List.of(NAME, AGE);
    }
}
