package io.jube.api.proto;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The message catalogue read from {@code fields.tsv}: for each Kubernetes protobuf message its
 * fields, with their numbers, JSON names and types. Loaded once; immutable afterwards.
 */
final class FieldTable {
    static final String META = "k8s.io.apimachinery.pkg.apis.meta.v1.";

    /** Messages whose JSON form is not an object of their fields. */
    enum Special {
        NONE, TIME, MICRO_TIME, DURATION, INT_OR_STRING, QUANTITY, RAW_EXTENSION, FIELDS_V1, VERBS
    }

    enum Card { OPT, REP, MAP }

    /** Scalar wire types used by the Kubernetes protos (no floats, no unsigned, no zigzag). */
    enum Scalar { STRING, INT32, INT64, BOOL, BYTES }

    /**
     * One field. Exactly one of {@code scalar} / {@code message} is set, except for maps where
     * {@code keyScalar} is the key and the value is {@code scalar} or {@code message}.
     */
    record Field(int number, String json, Card card, Scalar scalar, String message, Scalar keyScalar,
                 boolean pointer, boolean inline) {
    }

    record Message(String name, Special special, List<Field> fields, Map<Integer, Field> byNumber) {
        Field field(int number) {
            return byNumber.get(number);
        }
    }

    private static final FieldTable INSTANCE = load();

    private final Map<String, Message> messages;

    private FieldTable(Map<String, Message> messages) {
        this.messages = messages;
    }

    static FieldTable get() {
        return INSTANCE;
    }

    /** The message of this full name, or null. */
    Message message(String fullName) {
        return messages.get(fullName);
    }

    private static FieldTable load() {
        Map<String, List<Field>> raw = new LinkedHashMap<>();
        try (InputStream in = FieldTable.class.getResourceAsStream("fields.tsv")) {
            if (in == null) {
                throw new IllegalStateException("fields.tsv missing from the classpath");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<Field> current = null;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] c = line.split("\t", -1);
                if (c[0].equals("message")) {
                    current = new ArrayList<>();
                    raw.put(c[1], current);
                } else {
                    current.add(parseField(c));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Message> messages = new HashMap<>();
        raw.forEach((name, fields) -> {
            Map<Integer, Field> byNumber = new HashMap<>();
            fields.forEach(f -> byNumber.put(f.number(), f));
            messages.put(name, new Message(name, special(name), List.copyOf(fields), Map.copyOf(byNumber)));
        });
        return new FieldTable(Collections.unmodifiableMap(messages));
    }

    private static Field parseField(String[] c) {
        int number = Integer.parseInt(c[0]);
        Card card = Card.valueOf(c[2].toUpperCase());
        String flags = c.length > 4 ? c[4] : "";
        boolean pointer = flags.contains("ptr");
        boolean inline = flags.contains("inline");
        if (card == Card.MAP) {
            String[] kv = c[3].split(",");
            Scalar value = scalar(kv[1]);
            return new Field(number, c[1], card, value, value == null ? kv[1] : null, scalar(kv[0]), pointer, inline);
        }
        Scalar s = scalar(c[3]);
        return new Field(number, c[1], card, s, s == null ? c[3] : null, null, pointer, inline);
    }

    private static Scalar scalar(String type) {
        return type.contains(".") ? null : Scalar.valueOf(type.toUpperCase());
    }

    private static Special special(String name) {
        return switch (name) {
            case META + "Time" -> Special.TIME;
            case META + "MicroTime" -> Special.MICRO_TIME;
            case META + "Duration" -> Special.DURATION;
            case META + "FieldsV1" -> Special.FIELDS_V1;
            case META + "Verbs" -> Special.VERBS;
            case "k8s.io.apimachinery.pkg.util.intstr.IntOrString" -> Special.INT_OR_STRING;
            case "k8s.io.apimachinery.pkg.api.resource.Quantity" -> Special.QUANTITY;
            case "k8s.io.apimachinery.pkg.runtime.RawExtension" -> Special.RAW_EXTENSION;
            default -> Special.NONE;
        };
    }
}
