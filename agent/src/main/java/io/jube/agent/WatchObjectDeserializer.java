package io.jube.agent;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserSequence;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.internal.KubernetesDeserializer;
import java.io.IOException;

/**
 * Decodes the {@code object} of a watch event straight into its typed class. fabric8's own deserializer first
 * reads the whole object into a JSON tree to find its {@code apiVersion} and {@code kind}, then converts the tree:
 * two passes, and the tree was two thirds of the CPU an in-process informer spent per pod event. API servers
 * write {@code apiVersion} and {@code kind} first, so reading fields until both are seen (buffering only those)
 * names the class, and the rest of the object streams into it. Any other shape (a kind this client does not
 * know, a missing kind, a non-object) is handed to fabric8's deserializer with the same tokens, so the result is
 * always what fabric8 would give.
 */
final class WatchObjectDeserializer extends JsonDeserializer<Object> {
    private final KubernetesDeserializer kinds = new KubernetesDeserializer();

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (!p.isExpectedStartObjectToken()) {
            return kinds.deserialize(p, ctxt);
        }
        TokenBuffer head = ctxt.bufferForInputBuffering(p);
        head.writeStartObject();
        String apiVersion = null;
        String kind = null;
        while ((apiVersion == null || kind == null) && p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            head.writeFieldName(name);
            head.copyCurrentStructure(p);
            if (value == JsonToken.VALUE_STRING && "apiVersion".equals(name)) {
                apiVersion = p.getText();
            } else if (value == JsonToken.VALUE_STRING && "kind".equals(name)) {
                kind = p.getText();
            }
        }
        JsonParser whole;
        if (p.currentToken() == JsonToken.END_OBJECT) { // the object ended before both were seen
            head.writeEndObject();
            whole = head.asParser(p);
        } else {
            whole = JsonParserSequence.createFlattened(false, head.asParser(p), p);
        }
        whole.nextToken();
        Class<? extends KubernetesResource> type = apiVersion == null || kind == null ? null
                : kinds.getRegisteredKind(apiVersion, kind);
        return type != null ? ctxt.readValue(whole, type) : kinds.deserialize(whole, ctxt);
    }
}
