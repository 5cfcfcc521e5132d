package io.jfaas.gateway.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * The gateway's one user, read from {@code basic-auth-user} and {@code basic-auth-password} in a directory, as
 * OpenFaaS mounts them from the {@code basic-auth} Secret. Values are trimmed.
 *
 * @param user the user name
 * @param password the password
 */
public record Credentials(String user, String password) {

    public static final String USER_FILE = "basic-auth-user";
    public static final String PASSWORD_FILE = "basic-auth-password";
    static final String DEFAULT_USER = "admin";
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int PASSWORD_LENGTH = 32;

    @Override
    public String toString() {
        return "Credentials[user=" + user + ", password=***]";
    }

    /** Reads the two files; fails with a message naming the missing or empty one. */
    public static Credentials read(Path dir) throws IOException {
        return new Credentials(readFile(dir.resolve(USER_FILE)), readFile(dir.resolve(PASSWORD_FILE)));
    }

    /**
     * Writes {@code admin} and a random 32-character password, readable by the owner only, unless the files exist.
     * Returns true when it wrote them.
     */
    public static boolean generateIfMissing(Path dir) throws IOException {
        Path userFile = dir.resolve(USER_FILE);
        Path passwordFile = dir.resolve(PASSWORD_FILE);
        if (Files.exists(userFile) || Files.exists(passwordFile)) {
            return false;
        }
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        writeOwnerOnly(userFile, DEFAULT_USER);
        writeOwnerOnly(passwordFile, randomPassword());
        return true;
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

    private static void writeOwnerOnly(Path file, String value) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            throw new IOException(file + " appeared while the gateway was creating it", e);
        }
        Files.writeString(file, value, StandardCharsets.UTF_8);
    }

    private static String randomPassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder(PASSWORD_LENGTH);
        for (int i = 0; i < PASSWORD_LENGTH; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
