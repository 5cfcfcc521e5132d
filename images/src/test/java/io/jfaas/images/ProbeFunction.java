package io.jfaas.images;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The classic {@code fprocess} program of the container tests' function image: one process per call, the request body
 * on stdin is a command, the answer on stdout. It runs on the function runtime's JRE (the image has no shell).
 *
 * <pre>
 * secret NAME     the secret's content, read at /var/openfaas/secrets/NAME
 * ls DIR          the names in a folder, or "missing"
 * write FILE      "wrote", or "refused: ..." when the file cannot be written
 * alloc MIB       touches that many MiB of memory, then "allocated MIB"
 * uid             the process's user id
 * env NAME        an environment variable
 * </pre>
 */
public final class ProbeFunction {

    private ProbeFunction() {
    }

    public static void main(String[] args) throws IOException {
        String[] command = new String(System.in.readAllBytes(), StandardCharsets.UTF_8).trim().split("\\s+", 2);
        String argument = command.length > 1 ? command[1] : "";
        System.out.print(switch (command[0]) {
            case "secret" -> Files.readString(Path.of("/var/openfaas/secrets", argument));
            case "ls" -> list(Path.of(argument));
            case "write" -> write(Path.of(argument));
            case "alloc" -> allocate(Integer.parseInt(argument));
            case "uid" -> Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("Uid:")).findFirst().orElse("?").split("\\s+")[1];
            case "env" -> String.valueOf(System.getenv(argument));
            default -> "unknown command " + command[0];
        });
        System.out.flush();
    }

    private static String list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return "missing";
        }
        try (Stream<Path> files = Files.list(dir)) {
            return String.join(",", files.map(file -> file.getFileName().toString()).sorted().toList());
        }
    }

    private static String write(Path file) {
        try {
            Files.writeString(file, "x");
            return "wrote";
        } catch (IOException e) {
            return "refused: " + e;
        }
    }

    private static String allocate(int mib) {
        List<byte[]> kept = new ArrayList<>();
        for (int i = 0; i < mib; i++) {
            byte[] block = new byte[1 << 20];
            for (int j = 0; j < block.length; j += 4096) {
                block[j] = 1;
            }
            kept.add(block);
        }
        return "allocated " + kept.size();
    }
}
