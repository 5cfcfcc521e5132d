package io.jfaas.gateway.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One gateway per state directory: two would start the same functions twice and kill each other's replicas as
 * orphans. The lock goes with the process, however it ends.
 */
final class StateLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private StateLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static StateLock acquire(Path stateDir) throws IOException {
        Files.createDirectories(stateDir);
        Path file = stateDir.resolve("gateway.lock");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException heldByThisProcess) {
            lock = null;
        }
        if (lock == null) {
            String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
            channel.close();
            throw new IOException("another gateway (pid " + (holder.isEmpty() ? "unknown" : holder) + ") uses the"
                    + " state directory " + stateDir + ": stop it, or give this one its own JFAAS_STATE_DIR");
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid())
                .getBytes(StandardCharsets.UTF_8)));
        channel.force(false);
        return new StateLock(channel, lock);
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
