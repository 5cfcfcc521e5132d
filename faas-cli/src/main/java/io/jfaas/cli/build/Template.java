package io.jfaas.cli.build;

import java.nio.file.Path;

/**
 * A language template: {@code template.yml} and the skeleton {@code faas-cli new} copies.
 *
 * @param language the template's name ({@code java})
 * @param fprocess the process the template runs, empty for in-process Java handlers
 * @param welcomeMessage printed after {@code new}
 * @param handlerFolder the skeleton folder inside the template ({@code function})
 * @param root the template's folder (possibly inside the CLI's jar)
 */
public record Template(String language, String fprocess, String welcomeMessage, String handlerFolder, Path root) {

    /** The skeleton a new function starts from. */
    public Path skeleton() {
        return root.resolve(handlerFolder);
    }
}
