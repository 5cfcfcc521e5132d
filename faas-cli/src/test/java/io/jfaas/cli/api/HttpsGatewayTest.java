package io.jfaas.cli.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * faas-cli against HTTPS gateways, in a JVM of its own whose trust store (the JDK's process-wide default, which the CLI
 * uses) holds the test's certificates: a certificate the trust store holds and that names the gateway's address is
 * accepted; one the trust store holds but that names another host is refused.
 */
class HttpsGatewayTest {

    private static final String PASSWORD = "changeit";

    @Test
    void a_trusted_certificate_for_the_gateways_address_is_accepted_and_one_for_another_host_is_refused(
            @TempDir Path dir) throws Exception {
        Path forAddress = keyPair(dir, "address", "SAN=ip:127.0.0.1");
        Path forOtherHost = keyPair(dir, "other", "SAN=dns:gateway.jfaas.test");
        Path trust = dir.resolve("trust.p12");
        for (String alias : List.of("address", "other")) {
            Path certificate = dir.resolve(alias + ".crt");
            keytool("-exportcert", "-alias", alias, "-keystore", dir.resolve(alias + ".p12").toString(), "-storepass",
                    PASSWORD, "-rfc", "-file", certificate.toString());
            keytool("-importcert", "-noprompt", "-alias", alias, "-file", certificate.toString(), "-storetype",
                    "PKCS12", "-keystore", trust.toString(), "-storepass", PASSWORD);
        }
        HttpsServer right = gateway(forAddress);
        HttpsServer wrong = gateway(forOtherHost);
        try {
            Run accepted = faasCli(dir, trust, "list", "--gateway",
                    "https://127.0.0.1:" + right.getAddress().getPort());
            assertThat(accepted.exit()).as(accepted.output()).isZero();
            assertThat(accepted.output()).contains("Function").contains("Invocations").contains("Replicas");

            Run refused = faasCli(dir, trust, "list", "--gateway",
                    "https://127.0.0.1:" + wrong.getAddress().getPort());
            assertThat(refused.exit()).as(refused.output()).isNotZero();
            // the same trust store, a certificate that differs only in the name it carries
            assertThat(refused.output()).contains("Cannot connect to OpenFaaS on URL: https://127.0.0.1:")
                    .doesNotContain("Invocations");
        } finally {
            right.stop(0);
            wrong.stop(0);
        }
    }

    /** A key pair in {@code ALIAS.p12} with a self-signed certificate carrying this subject alternative name. */
    private static Path keyPair(Path dir, String alias, String alternativeName) throws Exception {
        Path keystore = dir.resolve(alias + ".p12");
        keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-dname", "CN=jfaas test " + alias, "-ext",
                alternativeName, "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", PASSWORD);
        return keystore;
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(120, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();
    }

    /** An HTTPS gateway on the loopback address with this key pair, answering the function list with none. */
    private static HttpsServer gateway(Path keystore) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(managers.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/system/functions", exchange -> {
            byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private record Run(int exit, String output) {
    }

    /** faas-cli's main in a JVM of its own that trusts {@code trust}, with an empty home (no saved logins). */
    private static Run faasCli(Path dir, Path trust, String... args) throws IOException, InterruptedException {
        Path home = Files.createDirectories(dir.resolve("home"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Djavax.net.ssl.trustStore=" + trust, "-Djavax.net.ssl.trustStorePassword=" + PASSWORD,
                "-Djavax.net.ssl.trustStoreType=PKCS12", "-cp", System.getProperty("java.class.path"),
                "io.jfaas.cli.FaasCli"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("HOME", home.toString());
        builder.environment().remove("OPENFAAS_URL");
        builder.environment().remove("OPENFAAS_CONFIG");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("faas-cli did not end within 120 s: " + output);
        }
        return new Run(process.exitValue(), output);
    }
}
