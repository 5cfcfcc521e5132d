package io.jfaas.provider;

import java.util.concurrent.CompletableFuture;

/** A log being streamed to a client. */
public interface LogStream {

    /** Completes when nothing more will come: the history is out and there is no follow, or the function is gone. */
    CompletableFuture<Void> done();

    /** Stops the stream (the client went away). */
    void cancel();
}
