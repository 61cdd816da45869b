package io.jube.api.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Test objects written as YAML. */
public final class T {
    private T() {
    }

    public static ObjectNode yaml(String text) {
        try {
            return (ObjectNode) Json.YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
