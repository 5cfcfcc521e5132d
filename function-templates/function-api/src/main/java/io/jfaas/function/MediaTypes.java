package io.jfaas.function;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/** The charset a Content-Type names, UTF-8 when it names none or one this JDK does not know. */
final class MediaTypes {

    static final String TEXT_UTF8 = "text/plain; charset=utf-8";
    static final String JSON = "application/json";

    private MediaTypes() {
    }

    static Charset charsetOf(Optional<String> contentType) {
        if (contentType.isEmpty()) {
            return StandardCharsets.UTF_8;
        }
        for (String parameter : contentType.get().split(";")) {
            String trimmed = parameter.trim();
            if (trimmed.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                String name = trimmed.substring("charset=".length()).replace("\"", "").trim();
                try {
                    return Charset.forName(name);
                } catch (IllegalArgumentException unknown) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }
}
