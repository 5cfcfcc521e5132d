package io.jfaas.cli.command;

import io.jfaas.cli.CliFailure;
import io.jfaas.model.Names;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code faas-cli secret}: the group of the secret commands; alone, it prints their list. */
@Command(name = "secret", description = "OpenFaaS secret commands",
        subcommands = {SecretCreateCommand.class, SecretUpdateCommand.class, SecretListCommand.class,
            SecretRemoveCommand.class})
public final class SecretCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** The secret's name, or a failure that shows how to give one. */
    static String requireName(String name, String verb) {
        if (name == null || name.isBlank()) {
            throw new CliFailure("secret name required, e.g. \"faas-cli secret " + verb + " NAME\"");
        }
        return name;
    }

    /** The secret's name, when it is one a gateway accepts (a DNS-1123 subdomain), or a failure saying why not. */
    static String requireValidName(String name, String verb) {
        requireName(name, verb);
        Names.secretNameProblem(name).ifPresent(problem -> {
            throw new CliFailure("secret " + problem);
        });
        return name;
    }

    /** {@code NAME.NAMESPACE}, or {@code NAME} when no namespace was given. */
    static String qualified(String name, String namespace) {
        return name + (namespace == null || namespace.isBlank() ? "" : "." + namespace);
    }

    /** The {@code -n} flag to repeat in a suggested command, or nothing. */
    static String namespaceFlag(String namespace) {
        return namespace == null || namespace.isBlank() ? "" : " -n " + namespace;
    }
}
