package io.jube.api.selector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Splits a label selector string into tokens the way Kubernetes' selector lexer does. */
final class LabelLexer {
    enum Kind { IDENTIFIER, IN, NOT_IN, BANG, EQUALS, DOUBLE_EQUALS, NOT_EQUALS, GREATER, LESS, OPEN, CLOSE, COMMA,
        END, ERROR }

    record Token(Kind kind, String literal) {
    }

    private static final Map<String, Kind> SYMBOLS = Map.of("!", Kind.BANG, "!=", Kind.NOT_EQUALS, "(", Kind.OPEN,
            ")", Kind.CLOSE, ",", Kind.COMMA, "=", Kind.EQUALS, "==", Kind.DOUBLE_EQUALS, ">", Kind.GREATER,
            "<", Kind.LESS);

    private LabelLexer() {
    }

    static List<Token> tokens(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (true) {
            while (i < s.length() && isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i >= s.length()) {
                out.add(new Token(Kind.END, ""));
                return out;
            }
            int start = i;
            if (isSpecial(s.charAt(i))) {
                // longest run of special characters that still forms a known symbol
                Token last = null;
                int end = i;
                while (i < s.length() && isSpecial(s.charAt(i))) {
                    Kind k = SYMBOLS.get(s.substring(start, i + 1));
                    if (k != null) {
                        last = new Token(k, s.substring(start, i + 1));
                        end = i + 1;
                    } else if (last != null) {
                        break;
                    }
                    i++;
                }
                if (last == null) {
                    out.add(new Token(Kind.ERROR, "error expected: keyword found '" + s.substring(start, i) + "'"));
                } else {
                    out.add(last);
                    i = end;
                }
            } else {
                while (i < s.length() && !isWhitespace(s.charAt(i)) && !isSpecial(s.charAt(i))) {
                    i++;
                }
                String word = s.substring(start, i);
                out.add(new Token(word.equals("in") ? Kind.IN : word.equals("notin") ? Kind.NOT_IN : Kind.IDENTIFIER,
                        word));
            }
        }
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isSpecial(char c) {
        return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '>' || c == '<';
    }
}
