package io.jube.agent;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserSequence;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.internal.KubernetesDeserializer;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decodes the {@code object} of a watch event straight into its typed class. fabric8's own deserializer first
 * reads the whole object into a JSON tree to find its {@code apiVersion} and {@code kind}, then converts the tree:
 * two passes, and the tree was two thirds of the CPU an in-process informer spent per pod event. API servers
 * write {@code apiVersion} and {@code kind} first, so when the first two fields are those, they name the class
 * and the rest of the object streams into it from the same parser (a parser of another class at Jackson's hot
 * call sites would make them megamorphic). Any other shape (another field order, a kind this client does not
 * know, a missing kind, a non-object) is handed to fabric8's deserializer with the same tokens, so the result is
 * always what fabric8 would give.
 */
final class WatchObjectDeserializer extends JsonDeserializer<Object> {
    private final KubernetesDeserializer kinds = new KubernetesDeserializer();
    /**
     * The bean deserializer per class: {@code ctxt.readValue} looked up a root deserializer and a type deserializer on
     * every event (a tenth of the decoding); the model classes carry no type information, so the bean is all it takes.
     * A bean reads on from a field name, as the parser is left here.
     */
    private final Map<Class<?>, JsonDeserializer<Object>> beans = new ConcurrentHashMap<>();

    private static JsonDeserializer<Object> bean(DeserializationContext ctxt, Class<?> type) {
        try {
            return ctxt.findRootValueDeserializer(ctxt.constructType(type));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (!p.isExpectedStartObjectToken()) {
            return kinds.deserialize(p, ctxt);
        }
        TokenBuffer head = ctxt.bufferForInputBuffering(p);
        head.writeStartObject();
        String apiVersion = null;
        String kind = null;
        boolean leading = true; // apiVersion and kind, as strings, are the first fields read
        while ((apiVersion == null || kind == null) && p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            head.writeFieldName(name);
            head.copyCurrentStructure(p);
            if (value == JsonToken.VALUE_STRING && "apiVersion".equals(name) && apiVersion == null) {
                apiVersion = p.getText();
            } else if (value == JsonToken.VALUE_STRING && "kind".equals(name) && kind == null) {
                kind = p.getText();
            } else {
                leading = false;
            }
        }
        Class<? extends KubernetesResource> type = apiVersion == null || kind == null ? null
                : kinds.getRegisteredKind(apiVersion, kind);
        if (leading && type != null && HasMetadata.class.isAssignableFrom(type) && kind.equals(HasMetadata.getKind(type))) {
            p.nextToken(); // the next field, or the end of the object
            HasMetadata obj = (HasMetadata) beans.computeIfAbsent(type, t -> bean(ctxt, t)).deserialize(p, ctxt);
            obj.setApiVersion(apiVersion); // kind is the class's own
            return obj;
        }
        JsonParser whole;
        if (p.currentToken() == JsonToken.END_OBJECT) { // the object ended before both were seen
            head.writeEndObject();
            whole = head.asParser(p);
        } else {
            whole = JsonParserSequence.createFlattened(false, head.asParser(p), p);
        }
        whole.nextToken();
        return type != null ? ctxt.readValue(whole, type) : kinds.deserialize(whole, ctxt);
    }
}
