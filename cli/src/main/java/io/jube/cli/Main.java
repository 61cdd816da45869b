package io.jube.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code jube} command: one jar for the server, node agents and tools. */
@Command(name = "jube", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Jube: a Kubernetes-compatible container orchestrator.",
        subcommands = {ServerCommand.class, SimCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code = new CommandLine(new Main()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"jube 0.1.0 (Kubernetes API v1.32)"};
        }
    }
}
