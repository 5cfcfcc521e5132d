package io.jfaas.operator.provider;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * The gateway's basic auth: the one user from {@code basic-auth-user} and {@code basic-auth-password} (trimmed) in
 * {@code secret_mount_path}; the password compared in constant time; 401 with {@code WWW-Authenticate: Basic
 * realm="Restricted"} and {@code invalid credentials} otherwise.
 */
public final class BasicAuth extends Filter {

    public static final String USER_FILE = "basic-auth-user";
    public static final String PASSWORD_FILE = "basic-auth-password";

    private final String user;
    private final byte[] password;

    public BasicAuth(String user, String password) {
        this.user = user;
        this.password = password.getBytes(StandardCharsets.UTF_8);
    }

    /** Reads the two files; fails naming the missing or empty one. */
    public static BasicAuth read(Path dir) throws IOException {
        return new BasicAuth(readFile(dir.resolve(USER_FILE)), readFile(dir.resolve(PASSWORD_FILE)));
    }

    private static String readFile(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("basic auth is on but " + file + " does not exist: create it, or set basic_auth=false");
        }
        String value = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (value.isEmpty()) {
            throw new IOException("basic auth is on but " + file + " is empty");
        }
        return value;
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        if (allowed(exchange.getRequestHeaders().getFirst("Authorization"))) {
            chain.doFilter(exchange);
            return;
        }
        exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"Restricted\"");
        Exchanges.error(exchange, 401, "invalid credentials");
    }

    boolean allowed(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        boolean passwordOk = MessageDigest.isEqual(password,
                decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8));
        return user.equals(decoded.substring(0, colon)) && passwordOk;
    }

    @Override
    public String description() {
        return "basic auth";
    }
}
