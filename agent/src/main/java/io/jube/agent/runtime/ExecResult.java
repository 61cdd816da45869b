package io.jube.agent.runtime;

/** Output of a command run in a container (CRI ExecSync). */
public record ExecResult(int exitCode, String stdout, String stderr) {
}
