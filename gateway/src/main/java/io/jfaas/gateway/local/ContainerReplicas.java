package io.jfaas.gateway.local;

import io.jfaas.gateway.ChildProcesses;
import io.jfaas.model.FunctionDeployment;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The container half of {@link ReplicaLauncher}: a container replica is a {@code podman run} in the foreground, whose
 * output is the container's and whose exit is the container's, so {@link LocalFunction} keeps one lifecycle for both
 * kinds. Stopping goes through {@code podman stop}; after every exit the container is removed (also when the
 * {@code podman run} was killed), and at start-up the containers an earlier gateway of the same state directory left
 * are removed (they carry {@value ContainerCommand#STATE_LABEL}).
 */
final class ContainerReplicas {

    private static final Logger LOG = Logger.getLogger(ContainerReplicas.class.getName());

    private final Podman podman;
    private final Path stateDir;

    ContainerReplicas(Podman podman, Path stateDir) {
        this.podman = podman;
        this.stateDir = stateDir;
    }

    /**
     * Starts {@code podman run} for one replica. Its secrets are copied into the replica's own folder (readable inside
     * the container whatever its user) and mounted one file each; the folder goes when the replica does.
     */
    Process start(FunctionDeployment deployment, FunctionImage.Container image, String instance, int hostPort,
                  Path directory, SecretStore secrets) throws IOException {
        Path secretsDir = directory.resolve("secrets");
        Files.createDirectories(secretsDir, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Map<String, Path> files = new LinkedHashMap<>();
        for (String name : deployment.secrets()) {
            Path copy = secretsDir.resolve(name);
            Files.copy(secrets.fileOf(name, deployment.namespace()), copy, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("r--r--r--"));
            files.put(name, copy);
        }
        ContainerCommand command = ContainerCommand.of(new ContainerCommand.Launch(podman.config(), deployment,
                image.id(), image.user(), instance, hostPort, stateDir, files, directory.resolve("env")));
        writePrivately(directory.resolve("env"), command.envFile());
        ProcessBuilder builder = new ProcessBuilder(command.command()).directory(directory.toFile());
        return ChildProcesses.start(builder, ChildProcesses.OnGatewayDeath.KILL);
    }

    /** Writes lines to a file only the gateway's user may read, from the moment it exists. */
    private static void writePrivately(Path file, List<String> lines) throws IOException {
        Files.deleteIfExists(file);
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line).append('\n'));
        try (SeekableByteChannel channel = Files.newByteChannel(file,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }
    }

    /**
     * Finds the container's main process (in the background), so that the autoscaler's CPU time and memory bound
     * read the function rather than the {@code podman run} that waits for it.
     */
    void findWorkload(Replica replica) {
        Thread.ofVirtual().name(replica.instance() + "-pid").start(() -> {
            try {
                podman.pidOf(replica.instance()).flatMap(ProcessHandle::of).ifPresent(replica::workload);
            } catch (IOException e) {
                LOG.fine(() -> "cannot find the process of container " + replica.instance() + ": " + e.getMessage());
            }
        });
    }

    /** Asks the container to drain and stop: SIGTERM, SIGKILL after {@code grace}. Returns at once. */
    void stop(String instance, Duration grace) {
        Thread.ofVirtual().name(instance + "-stop").start(() -> {
            try {
                Podman.Result result = podman.stop(instance, grace);
                if (!result.ok()) {
                    LOG.warning("podman stop " + instance + " failed: " + result.output().trim() + "; removing it");
                    podman.remove(List.of(instance));
                }
            } catch (IOException e) {
                LOG.warning("cannot stop container " + instance + ": " + e.getMessage());
            }
        });
    }

    /** Kills and removes the container at once. Returns at once. */
    void kill(String instance) {
        Thread.ofVirtual().name(instance + "-kill").start(() -> remove(instance));
    }

    /** Removes the container (once its {@code podman run} has ended), if podman's {@code --rm} has not already. */
    void remove(String instance) {
        try {
            Podman.Result result = podman.remove(List.of(instance));
            if (!result.ok()) {
                LOG.warning("cannot remove container " + instance + ": " + result.output().trim());
            }
        } catch (IOException e) {
            LOG.warning("cannot remove container " + instance + ": " + e.getMessage());
        }
    }

    /** Removes every container an earlier gateway of this state directory left; returns how many. */
    int removeOrphans() {
        if (!podman.isInstalled()) {
            return 0;
        }
        try {
            List<String> orphans = podman.containersLabelled(ContainerCommand.STATE_LABEL, stateDir.toString());
            Podman.Result result = podman.remove(orphans);
            if (!result.ok()) {
                LOG.warning("cannot remove the containers a previous gateway left: " + result.output().trim());
            }
            return orphans.size();
        } catch (IOException e) {
            LOG.warning("cannot look for containers a previous gateway left: " + e.getMessage());
            return 0;
        }
    }
}
