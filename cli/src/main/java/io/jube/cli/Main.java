package io.jube.cli;

/** The {@code jube} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.out.println("jube: not yet");
    }
}
