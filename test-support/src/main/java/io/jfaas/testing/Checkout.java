package io.jfaas.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The checkout the tests run in, as git sees it. */
public final class Checkout {

    private Checkout() {
    }

    /**
     * The commit checked out ({@code git rev-parse HEAD} in the checkout's root, {@code jfaas.root}), or
     * {@code unknown} when the tests run outside git: what a build made here writes into its artifacts.
     */
    public static String commit() throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("jfaas.root", ".")).toAbsolutePath();
        Process git;
        try {
            git = new ProcessBuilder("git", "rev-parse", "HEAD").directory(root.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException noGit) {
            return "unknown";
        }
        String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!git.waitFor(30, TimeUnit.SECONDS)) {
            git.destroyForcibly();
            throw new IOException("git rev-parse HEAD did not finish in 30 s in " + root);
        }
        return git.exitValue() == 0 && !out.isEmpty() ? out : "unknown";
    }
}
