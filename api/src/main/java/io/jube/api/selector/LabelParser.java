package io.jube.api.selector;

import io.jube.api.selector.LabelLexer.Kind;
import io.jube.api.selector.LabelLexer.Token;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Recursive-descent parser for the label selector string syntax, with Kubernetes' error messages. */
final class LabelParser {
    private final List<Token> tokens;
    private int pos;

    private LabelParser(String s) {
        tokens = LabelLexer.tokens(s);
    }

    static List<Requirement> parse(String s) {
        return new LabelParser(s).parse();
    }

    private List<Requirement> parse() {
        List<Requirement> out = new ArrayList<>();
        while (true) {
            Token t = lookahead(true);
            switch (t.kind()) {
                case IDENTIFIER, BANG -> {
                    try {
                        out.add(requirement());
                    } catch (SelectorException e) {
                        throw new SelectorException("unable to parse requirement: " + e.getMessage());
                    }
                    Token after = consume(true);
                    if (after.kind() == Kind.END) {
                        return out;
                    } else if (after.kind() == Kind.COMMA) {
                        Token next = lookahead(true);
                        if (next.kind() != Kind.IDENTIFIER && next.kind() != Kind.BANG) {
                            throw new SelectorException("found '" + next.literal() + "', expected: identifier after ','");
                        }
                    } else {
                        throw new SelectorException("found '" + after.literal() + "', expected: ',' or 'end of string'");
                    }
                }
                case END -> {
                    return out;
                }
                default -> throw new SelectorException(
                        "found '" + t.literal() + "', expected: !, identifier, or 'end of string'");
            }
        }
    }

    private Requirement requirement() {
        Operator op = null;
        Token t = consume(true);
        if (t.kind() == Kind.BANG) {
            op = Operator.DOES_NOT_EXIST;
            t = consume(true);
        }
        if (t.kind() != Kind.IDENTIFIER) {
            throw new SelectorException("found '" + t.literal() + "', expected: identifier");
        }
        String key = t.literal();
        List<String> keyErrs = LabelSyntax.keyErrors(key);
        if (!keyErrs.isEmpty()) {
            throw new SelectorException("<nil>: Invalid value: " + LabelSyntax.quote(key) + ": "
                    + String.join("; ", keyErrs));
        }
        Kind next = lookahead(true).kind();
        if (next == Kind.END || next == Kind.COMMA) {
            if (op == null) {
                op = Operator.EXISTS;
            }
        }
        if (op != null) {
            return Requirement.of(key, op, List.of());
        }
        op = operator();
        List<String> values = op == Operator.IN || op == Operator.NOT_IN ? valueList() : exactValue();
        return Requirement.of(key, op, values);
    }

    private Operator operator() {
        Token t = consume(false);
        return switch (t.kind()) {
            case IN -> Operator.IN;
            case NOT_IN -> Operator.NOT_IN;
            case EQUALS -> Operator.EQUALS;
            case DOUBLE_EQUALS -> Operator.DOUBLE_EQUALS;
            case NOT_EQUALS -> Operator.NOT_EQUALS;
            case GREATER -> Operator.GREATER_THAN;
            case LESS -> Operator.LESS_THAN;
            default -> throw new SelectorException(
                    "found '" + t.literal() + "', expected: in, notin, =, ==, !=, gt, lt");
        };
    }

    private List<String> exactValue() {
        Kind k = lookahead(true).kind();
        if (k == Kind.END || k == Kind.COMMA) {
            return List.of("");
        }
        Token t = consume(true);
        if (t.kind() == Kind.IDENTIFIER) {
            return List.of(t.literal());
        }
        throw new SelectorException("found '" + t.literal() + "', expected: identifier");
    }

    private List<String> valueList() {
        Token open = consume(true);
        if (open.kind() != Kind.OPEN) {
            throw new SelectorException("found '" + open.literal() + "' expected: '('");
        }
        Token t = lookahead(true);
        switch (t.kind()) {
            case IDENTIFIER, COMMA -> {
                Set<String> s = identifiers();
                if (consume(true).kind() != Kind.CLOSE) {
                    throw new SelectorException("found '" + t.literal() + "', expected: ')'");
                }
                return new ArrayList<>(s);
            }
            case CLOSE -> {
                consume(true);
                return List.of("");
            }
            default -> throw new SelectorException("found '" + t.literal() + "', expected: ',', ')' or identifier");
        }
    }

    private Set<String> identifiers() {
        Set<String> s = new LinkedHashSet<>();
        while (true) {
            Token t = consume(true);
            switch (t.kind()) {
                case IDENTIFIER -> {
                    s.add(t.literal());
                    Token next = lookahead(true);
                    if (next.kind() == Kind.CLOSE) {
                        return s;
                    } else if (next.kind() != Kind.COMMA) {
                        throw new SelectorException("found '" + next.literal() + "', expected: ',' or ')'");
                    }
                }
                case COMMA -> {
                    // empty values around commas ("(,a)", "(a,)", "(a,,b)") stand for ""
                    if (s.isEmpty()) {
                        s.add("");
                    }
                    Kind next = lookahead(true).kind();
                    if (next == Kind.CLOSE) {
                        s.add("");
                        return s;
                    } else if (next == Kind.COMMA) {
                        consume(true);
                        s.add("");
                    }
                }
                default -> throw new SelectorException("found '" + t.literal() + "', expected: ',', or identifier");
            }
        }
    }

    /** In value positions the keywords "in" and "notin" are plain identifiers. */
    private Token lookahead(boolean values) {
        Token t = tokens.get(pos);
        if (values && (t.kind() == Kind.IN || t.kind() == Kind.NOT_IN)) {
            return new Token(Kind.IDENTIFIER, t.literal());
        }
        return t;
    }

    private Token consume(boolean values) {
        Token t = lookahead(values);
        if (pos < tokens.size() - 1) {
            pos++;
        }
        return t;
    }
}
