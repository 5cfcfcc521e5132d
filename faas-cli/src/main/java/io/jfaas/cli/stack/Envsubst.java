package io.jfaas.cli.stack;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${VAR}} and {@code ${VAR:-default}} in a stack file, replaced from the environment before it is read. An
 * unset variable without a default becomes empty, as envsubst does; {@code :-} also applies to a variable set empty.
 */
public final class Envsubst {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");

    private Envsubst() {
    }

    public static String apply(String text, Map<String, String> env) {
        Matcher matcher = VARIABLE.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String value = env.get(matcher.group(1));
            if ((value == null || value.isEmpty()) && matcher.group(2) != null) {
                value = matcher.group(3);
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(value == null ? "" : value));
        }
        matcher.appendTail(result);
        return result.toString();
    }
}
