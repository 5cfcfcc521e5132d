package io.jfaas.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * nginx (Debian package {@code nginx-light} or {@code nginx}) as a reverse proxy, the floor for one proxy hop: run
 * unprivileged from a folder of its own ({@code nginx -p DIR -c FILE}), one worker per core, keep-alive connections
 * to the upstream, no access log.
 */
final class Nginx implements AutoCloseable {

    private final Process process;
    private final int port;

    private Nginx(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Whether an nginx binary is on the PATH (or in /usr/sbin, where Debian puts it). */
    static boolean installed() {
        return binary() != null;
    }

    private static String binary() {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "nginx"))) {
                return Path.of(dir, "nginx").toString();
            }
        }
        return null;
    }

    /** Starts nginx proxying every path to {@code 127.0.0.1:upstreamPort/}, and waits until it answers. */
    static Nginx start(Path work, int upstreamPort) throws IOException, InterruptedException {
        String nginx = binary();
        if (nginx == null) {
            throw new IllegalStateException("nginx is needed as the baseline proxy (Debian package nginx-light):"
                    + " apt-get install -y nginx-light");
        }
        Path dir = work.resolve("nginx");
        Files.createDirectories(dir.resolve("logs"));
        Files.createDirectories(dir.resolve("tmp"));
        int port = Server.freePort();
        String conf = """
                worker_processes %d;
                pid %s;
                error_log %s warn;
                events { worker_connections 4096; }
                http {
                    access_log off;
                    client_body_temp_path %s;
                    proxy_temp_path %s;
                    fastcgi_temp_path %s;
                    uwsgi_temp_path %s;
                    scgi_temp_path %s;
                    upstream function { server 127.0.0.1:%d; keepalive 128; }
                    server {
                        listen 127.0.0.1:%d;
                        location / {
                            proxy_pass http://function/;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                            proxy_set_header X-Forwarded-For $remote_addr;
                            proxy_set_header X-Forwarded-Host $host;
                            proxy_buffering off;
                        }
                    }
                }
                """.formatted(Runtime.getRuntime().availableProcessors(), dir.resolve("nginx.pid"),
                dir.resolve("logs/error.log"), dir.resolve("tmp"), dir.resolve("tmp"), dir.resolve("tmp"),
                dir.resolve("tmp"), dir.resolve("tmp"), upstreamPort, port);
        Path file = dir.resolve("nginx.conf");
        Files.writeString(file, conf);
        Process process = new ProcessBuilder(List.of(nginx, "-p", dir.toString(), "-c", file.toString(),
                "-g", "daemon off;")).redirectErrorStream(true).redirectOutput(dir.resolve("logs/stdout.log").toFile())
                .start();
        Nginx started = new Nginx(process, port);
        Server.await200(port, "/", "nginx");
        return started;
    }

    int port() {
        return port;
    }

    /** CPU time nginx's master and worker processes have used so far. */
    java.time.Duration cpu() {
        return process.toHandle().descendants().map(Cpu::of).reduce(Cpu.of(process.toHandle()),
                java.time.Duration::plus);
    }

    /** The resident memory of nginx's processes together, from /proc. */
    long rssKib() throws IOException {
        long total = ProcessMemory.rssKib(process.pid());
        for (ProcessHandle child : process.toHandle().descendants().toList()) {
            total += ProcessMemory.rssKib(child.pid());
        }
        return total;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(1, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
    }
}
