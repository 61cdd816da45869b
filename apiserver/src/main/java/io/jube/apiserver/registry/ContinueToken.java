package io.jube.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.jube.api.Json;
import io.jube.apiserver.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The opaque list continue token: the revision of the first page and the last key returned. */
record ContinueToken(long revision, String start) {
    String encode() {
        String json = Json.string(Json.object().put("v", "meta.k8s.io/v1").put("rv", revision).put("start", start));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static ContinueToken decode(String token) {
        try {
            JsonNode n = Json.parse(Base64.getUrlDecoder().decode(token.trim()));
            if (!"meta.k8s.io/v1".equals(n.path("v").asText()) || !n.path("rv").canConvertToLong()
                    || !n.path("start").isTextual() || n.path("start").asText().contains("..")) {
                throw new IllegalArgumentException();
            }
            return new ContinueToken(n.get("rv").asLong(), n.get("start").asText());
        } catch (RuntimeException e) {
            throw ApiException.badRequest("continue key is not valid: " + token);
        }
    }
}
