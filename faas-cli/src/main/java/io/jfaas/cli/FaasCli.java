package io.jfaas.cli;

import io.jfaas.cli.command.BuildCommand;
import io.jfaas.cli.command.DeadLetterCommand;
import io.jfaas.cli.command.DeployCommand;
import io.jfaas.cli.command.DescribeCommand;
import io.jfaas.cli.command.GenerateCommand;
import io.jfaas.cli.command.InvokeCommand;
import io.jfaas.cli.command.ListCommand;
import io.jfaas.cli.command.LoginCommand;
import io.jfaas.cli.command.LogoutCommand;
import io.jfaas.cli.command.LogsCommand;
import io.jfaas.cli.command.NamespaceCommand;
import io.jfaas.cli.command.NamespacesCommand;
import io.jfaas.cli.command.NewCommand;
import io.jfaas.cli.command.PushCommand;
import io.jfaas.cli.command.RemoveCommand;
import io.jfaas.cli.command.SecretCommand;
import io.jfaas.cli.command.TemplateCommand;
import io.jfaas.cli.command.UpCommand;
import io.jfaas.cli.command.VersionCommand;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code faas-cli}: OpenFaaS's command-line verbs, against a jfaas (or OpenFaaS) gateway. */
@Command(name = "faas-cli", mixinStandardHelpOptions = true, versionProvider = FaasCli.VersionProvider.class,
        scope = CommandLine.ScopeType.INHERIT, // every command takes -h/--help, as the hint after a bad flag says
        description = "Manage your OpenFaaS functions from the command line")
public final class FaasCli implements Callable<Integer> {

    /** The commands, in the order help lists them. */
    static final List<Class<?>> COMMANDS = List.of(NewCommand.class, BuildCommand.class, PushCommand.class,
            DeployCommand.class, UpCommand.class, GenerateCommand.class, InvokeCommand.class, ListCommand.class,
            DescribeCommand.class, RemoveCommand.class, LogsCommand.class, SecretCommand.class, TemplateCommand.class,
            DeadLetterCommand.class, NamespacesCommand.class, NamespaceCommand.class, LoginCommand.class,
            LogoutCommand.class, VersionCommand.class, CommandLine.HelpCommand.class);

    static {
        // picocli looks for Groovy's closure class once; finding none makes the class loader open every jar of the
        // CLI's class path (the build commands' dozens) just to say no. faas-cli's annotations hold no closures.
        System.setProperty("picocli.disable.closures", "true");
    }

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int exit = run(CliContext.system(), out, err, args);
        if (exit != 0 || userThreadsLeft()) {
            System.exit(exit);
        }
        // A call that succeeded ends by returning (exit code 0): System.exit would first log the exit through the
        // JDK's System.Logger, whose first use looks for a logging back end in every jar of the class path (most of
        // them the build commands'), a good part of a short call.
    }

    /** Whether a thread other than this one would keep the JVM running once {@code main} returns. */
    private static boolean userThreadsLeft() {
        ThreadGroup group = Thread.currentThread().getThreadGroup();
        Thread[] threads = new Thread[group.activeCount() + 8];
        int count = group.enumerate(threads, true);
        for (int i = 0; i < count; i++) {
            if (threads[i] != Thread.currentThread() && !threads[i].isDaemon()) {
                return true;
            }
        }
        return count == threads.length; // more than it could list: assume so
    }

    /** Runs one command line; returns the exit code. Tests call this with their own context and writers. */
    public static int run(CliContext context, PrintWriter out, PrintWriter err, String... args) {
        FailureHandler failures = new FailureHandler("1".equals(context.env("FAAS_DEBUG")));
        ContextFactory factory = new ContextFactory(context);
        CommandLine commandLine = new CommandLine(new FaasCli(), factory);
        // picocli reads a command's options by reflection when it is added: only the one the line names is (the
        // start-up of a call is the CLI's cost), all of them for help, a mistyped name or none
        for (Class<?> command : commandsFor(args)) {
            commandLine.addSubcommand(new CommandLine(command, factory));
        }
        commandLine.setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler(failures)
                .setParameterExceptionHandler(failures);
        int exit = commandLine.execute(args);
        out.flush();
        err.flush();
        return exit;
    }

    /** The commands a command line needs: the one its first argument names, else all of them. */
    static List<Class<?>> commandsFor(String... args) {
        if (args.length > 0 && !args[0].startsWith("-")) {
            for (Class<?> command : COMMANDS) {
                Command annotation = command.getAnnotation(Command.class);
                if (command != CommandLine.HelpCommand.class && (annotation.name().equals(args[0])
                        || Arrays.asList(annotation.aliases()).contains(args[0]))) {
                    return List.of(command);
                }
            }
        }
        return COMMANDS;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** Gives commands the {@link CliContext} through their constructor. */
    private record ContextFactory(CliContext context) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                Constructor<K> constructor = type.getDeclaredConstructor(CliContext.class);
                return constructor.newInstance(context);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"faas-cli (jfaas) " + Version.version()};
        }
    }
}
