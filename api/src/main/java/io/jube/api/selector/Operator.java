package io.jube.api.selector;

/** Label selector operators, with their string-syntax spelling. */
public enum Operator {
    EQUALS("="), DOUBLE_EQUALS("=="), NOT_EQUALS("!="), IN(" in "), NOT_IN(" notin "), EXISTS(""),
    DOES_NOT_EXIST(""), GREATER_THAN(">"), LESS_THAN("<");

    final String symbol;

    Operator(String symbol) {
        this.symbol = symbol;
    }
}
