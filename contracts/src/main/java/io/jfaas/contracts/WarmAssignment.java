package io.jfaas.contracts;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one function a warm-pool watchdog JVM is given, written by the gateway to the JVM's standard input: the
 * function's jars and the whole environment a replica started cold would have. Binary (lengths, then UTF-8), so that
 * no value needs quoting; a JVM reads at most {@link #MAX_BYTES} and {@link #MAX_ENTRIES} jars or variables.
 *
 * @param classpath the function's jars, in classpath order
 * @param env the replica's environment, the watchdog's settings included
 */
public record WarmAssignment(List<String> classpath, Map<String, String> env) {

    /** The watchdog's argument that starts it as a warm-pool JVM. */
    public static final String ARGUMENT = "--warm-pool";
    /**
     * The line a warm-pool JVM prints on its standard error when it is warm and waits for its assignment: what came
     * before on that stream is the warm-up's, not the function's.
     */
    public static final String WARM_LINE = "jfaas-warm-pool: warm";
    /** The most bytes of one assignment. */
    public static final int MAX_BYTES = 1 << 20;
    /** The most jars, and the most variables, of one assignment. */
    public static final int MAX_ENTRIES = 4096;

    private static final int MAGIC = 0x4a465741;

    public WarmAssignment {
        classpath = List.copyOf(classpath);
        env = Map.copyOf(env);
    }

    /** Writes it and flushes. */
    public void write(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(MAGIC);
        data.writeInt(classpath.size());
        for (String jar : classpath) {
            writeString(data, jar);
        }
        data.writeInt(env.size());
        for (Map.Entry<String, String> entry : env.entrySet()) {
            writeString(data, entry.getKey());
            writeString(data, entry.getValue());
        }
        data.flush();
    }

    /**
     * Reads one assignment. {@link EOFException}: the stream ended first (the gateway is gone); any other
     * {@link IOException} names what was wrong (not an assignment, past a bound).
     */
    public static WarmAssignment read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        if (data.readInt() != MAGIC) {
            throw new IOException("not a warm-pool assignment");
        }
        int[] budget = {MAX_BYTES};
        int jars = count(data, "jars");
        List<String> classpath = new ArrayList<>(jars);
        for (int i = 0; i < jars; i++) {
            classpath.add(readString(data, budget));
        }
        int variables = count(data, "environment variables");
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < variables; i++) {
            env.put(readString(data, budget), readString(data, budget));
        }
        return new WarmAssignment(classpath, env);
    }

    private static void writeString(DataOutputStream data, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        data.writeInt(bytes.length);
        data.write(bytes);
    }

    private static int count(DataInputStream data, String what) throws IOException {
        int count = data.readInt();
        if (count < 0 || count > MAX_ENTRIES) {
            throw new IOException("a warm-pool assignment has " + count + " " + what + "; at most " + MAX_ENTRIES);
        }
        return count;
    }

    private static String readString(DataInputStream data, int[] budget) throws IOException {
        int length = data.readInt();
        if (length < 0 || length > budget[0]) {
            throw new IOException("a warm-pool assignment is larger than " + MAX_BYTES + " bytes");
        }
        budget[0] -= length;
        byte[] bytes = new byte[length];
        data.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
