package io.jfaas.gateway.invoke;

import io.jfaas.gateway.http.CallSweep;
import io.jfaas.gateway.http.ClientConnections;
import io.jfaas.gateway.http.HttpErrors;
import io.jfaas.gateway.http.RequestDeadlines;
import io.jfaas.gateway.metrics.FunctionMeters;
import io.jfaas.gateway.metrics.GatewayMetrics;
import io.jfaas.gateway.scaling.ScaleFromZero;
import io.jfaas.model.FunctionRef;
import io.jfaas.model.Names;
import io.jfaas.provider.Upstream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.NetUtil;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.VertxConnection;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;

/**
 * The invocation path's relay: on a client connection, plain {@code /function/NAME[/path]} calls to a function with a
 * ready replica are read and relayed as bytes, ahead of the HTTP server's codec, without HTTP objects, header maps or
 * the server's request and response. The relay reads only the request head ({@link RelayHeads}), writes the upstream
 * request head straight from its bytes (hop-by-hop headers dropped, names canonical, {@code X-Forwarded-*}, the call
 * id and start time added, as {@link InvokeHandler} does), copies the body, and answers with the replica's answer head
 * rewritten the same way and its body copied. Every other request (another route, an unusual head, a function at zero
 * or still starting, a function on the NATS transport, a name that is not valid) is handed to the HTTP server, with
 * all later requests on the connection: the relay leaves the pipeline before anything of that request was acted on,
 * so the server answers it exactly as it always did (its errors, its waiting for replicas, its checks).
 *
 * <p>What the relay keeps of the invocation path's behaviour: the connection's watch ({@link ClientConnections}),
 * {@code read_timeout}, {@code write_timeout} and {@code upstream_timeout} (checked by the loop's {@link CallSweep}),
 * the call id, {@code X-Start-Time} and {@code X-Served-By} ({@link CallIdHandler}), the function's metrics, a replica
 * refusing the connection (another one is asked for), a kept-alive connection found closed (a call safe to repeat is
 * sent again on a fresh one), a client that leaves mid-call (the upstream call is abandoned, recorded as 499), and
 * errors answered as {@link io.jfaas.gateway.http.HttpErrors} answers them. {@code JFAAS_FUNCTION_RELAY=false} turns
 * it off.
 */
public final class FunctionRelay extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = Logger.getLogger(FunctionRelay.class.getName());
    /** How much of the next pipelined requests is read ahead while a call is in flight, before reading pauses. */
    static final int MAX_READ_AHEAD = 64 * 1024;
    /** The largest answer body copied into the buffer of its head when it was read whole with it. */
    static final int SMALL_ANSWER = 16 * 1024;
    /** The longest chunk-size line (with its extensions) read from a replica's chunked answer. */
    static final int MAX_CHUNK_LINE = 4096;

    /** What every connection's relay shares; {@code servedByLine} is {@code X-Served-By}'s header line. */
    public record Shared(ScaleFromZero upstreams, GatewayMetrics metrics, InvokeHandler.Settings settings,
                  RequestDeadlines deadlines, Optional<ClientConnections> connections, byte[] servedByLine) {

        /** With {@code X-Served-By}'s value ({@link CallIdHandler#servedBy}), its line made once here. */
        public Shared(ScaleFromZero upstreams, GatewayMetrics metrics, InvokeHandler.Settings settings,
                      RequestDeadlines deadlines, Optional<ClientConnections> connections, String servedBy) {
            this(upstreams, metrics, settings, deadlines, connections, line(SERVED_BY, servedBy));
        }
    }

    private final Shared shared;
    private final HttpConnection connection;
    /** The connection's Vert.x context (the relay runs on its loop, outside its dispatch). */
    private final io.vertx.core.Context context;
    private ChannelHandlerContext ctx;
    private ReplicaLinks links;
    /** Bytes read and not yet handled: the rest of the current call's body is never here, later requests are. */
    private ByteBuf pending;
    private Call call;
    /** Bytes of a finished call's body still to come from the client, to be skipped. */
    private long skip;
    private boolean handedOver;
    private boolean readPaused;
    /** The function name of this connection's last call as written in its path, and the function it names. */
    private String lastName;
    private FunctionRef lastRef;
    /** The connection closes once the refused body in {@link #skip} has been read. */
    private boolean lingering;
    /** Where heads are written: the event loop's. */
    private HeadBytes scratch;
    /** {@code X-Forwarded-For} with the client's address, as a header line (null: the address is not known). */
    private byte[] forwardedForLine;
    /** The replica this connection's calls go to now, whether it is known by an IP address, its {@code Host} line. */
    private ReplicaLinks.Replica replica;
    private boolean replicaAtAddress;
    private byte[] hostLine;

    private FunctionRelay(Shared shared, HttpConnection connection) {
        this.shared = shared;
        this.connection = connection;
        this.context = io.vertx.core.Vertx.currentContext();
    }

    /**
     * Puts a relay in front of the HTTP/1.x decoder of {@code connection}'s pipeline (a server connection just
     * accepted, on its event loop). A connection without one (HTTP/2) is left as it is.
     */
    public static void install(Shared shared, HttpConnection connection) {
        if (!(connection instanceof VertxConnection vertx)) {
            return;
        }
        ChannelPipeline pipeline = vertx.channelHandlerContext().pipeline();
        if (!(pipeline.channel() instanceof SocketChannel)) {
            return;
        }
        for (var entry : pipeline) {
            if (entry.getValue() instanceof HttpRequestDecoder || entry.getValue() instanceof HttpServerCodec) {
                pipeline.addBefore(entry.getKey(), "jfaasFunctionRelay", new FunctionRelay(shared, connection));
                return;
            }
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        @SuppressWarnings("unchecked")
        Class<? extends SocketChannel> type = (Class<? extends SocketChannel>) ctx.channel().getClass();
        this.links = ReplicaLinks.of(ctx.channel().eventLoop(), type);
        this.scratch = HeadBytes.ofThisLoop();
        if (ctx.channel().remoteAddress() instanceof InetSocketAddress remote && remote.getAddress() != null) {
            forwardedForLine = line(FORWARDED_FOR, remote.getAddress().getHostAddress());
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (handedOver || !(msg instanceof ByteBuf bytes)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (skip > 0) {
                int n = (int) Math.min(skip, bytes.readableBytes());
                bytes.skipBytes(n);
                skip -= n;
            }
            if (lingering) {
                if (skip == 0) {
                    closeWhenWritten();
                }
                return;
            }
            if (call != null && call.bodyLeft > 0 && bytes.isReadable()) {
                int n = (int) Math.min(call.bodyLeft, bytes.readableBytes());
                call.body(bytes.readRetainedSlice(n));
            }
            if (bytes.isReadable()) {
                if (pending == null) {
                    pending = ctx.alloc().buffer(bytes.readableBytes());
                }
                pending.writeBytes(bytes);
            }
        } finally {
            bytes.release();
        }
        if (call == null) {
            serveNext();
        } else if (pending != null && pending.readableBytes() > MAX_READ_AHEAD) {
            pauseReading(true);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (handedOver) {
            ctx.fireChannelReadComplete();
            return;
        }
        if (call != null) {
            call.flushUpstream();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (call != null) {
            call.clientWritable(ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (call != null) {
            call.clientGone();
        }
        releasePending();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (handedOver) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        LOG.log(java.util.logging.Level.FINE, "client connection failed", cause);
        ctx.close(); // a reset or a read error: the connection is gone, which channelInactive handles
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (!handedOver) {
            releasePending();
        }
    }

    private void releasePending() {
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }

    private void pauseReading(boolean pause) {
        if (readPaused != pause) {
            readPaused = pause;
            ctx.channel().config().setAutoRead(!pause);
        }
    }

    /** Serves the requests read ahead, one at a time. */
    private void serveNext() {
        while (call == null && !handedOver && pending != null && pending.isReadable()) {
            RelayHeads.RequestHead head = RelayHeads.request(pending, shared.settings().maxRequestBody());
            if (head == null) {
                pauseReading(false);
                return;
            }
            if (head == RelayHeads.HAND_OVER || !start(head)) {
                handOver();
                return;
            }
        }
        if (call == null) {
            if (pending != null && !pending.isReadable()) {
                releasePending();
            }
            pauseReading(false);
        }
    }

    /** From this request on, the HTTP server serves this connection: the bytes read so far go to it. */
    private void handOver() {
        handedOver = true;
        pauseReading(false);
        ByteBuf rest = pending;
        pending = null;
        ChannelHandlerContext context = ctx;
        context.pipeline().remove(this);
        if (rest != null && rest.isReadable()) {
            context.fireChannelRead(rest);
            context.fireChannelReadComplete();
        } else if (rest != null) {
            rest.release();
        }
    }

    /** Starts the call whose head is {@code head}, unless it is one for the HTTP server (false). */
    private boolean start(RelayHeads.RequestHead head) {
        String path = head.path();
        int from = InvokeHandler.PREFIX.length();
        int slash = path.indexOf('/', from);
        int nameEnd = slash < 0 ? path.length() : slash;
        FunctionRef ref;
        if (lastName != null && nameEnd - from == lastName.length() && path.startsWith(lastName, from)) {
            ref = lastRef; // a kept-alive connection calls the same function again: parsed and checked already
        } else {
            String name = path.substring(from, nameEnd);
            ref = FunctionRef.parse(name, shared.settings().defaultNamespace());
            if (!Names.isDns1123Label(ref.name()) || Names.namespaceProblem(ref.namespace()).isPresent()) {
                return false;
            }
            lastName = name;
            lastRef = ref;
        }
        Upstream upstream = shared.upstreams().readyNow(ref);
        if (upstream == null) {
            return false;
        }
        if (upstream.natsSubject().isPresent() || !target(upstream)) {
            // the NATS transport, or a replica known by a name (resolved by the HTTP client, never on this loop)
            upstream.release();
            return false;
        }
        pending.skipBytes(head.length());
        call = new Call(head, ref, upstream, slash);
        call.begin();
        return true;
    }

    /**
     * Makes {@code upstream}'s replica the one this connection's calls go to now (its key and {@code Host} line are
     * kept while calls go to the same one); whether it is known by an IP address, as the relay needs.
     */
    private boolean target(Upstream upstream) {
        String host = upstream.host();
        int port = upstream.port();
        if (replica == null || port != replica.port() || !host.equals(replica.host())) {
            replica = new ReplicaLinks.Replica(host, port);
            replicaAtAddress = NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host);
            String address = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
            hostLine = line(HOST, port == 80 ? address : address + ":" + port);
        }
        return replicaAtAddress;
    }

    /** One relayed call; touched only on the connection's event loop. */
    private final class Call extends CallSweep.Entry implements ReplicaLinks.Receiver {

        private final RelayHeads.RequestHead head;
        private final FunctionRef ref;
        /** Where the path to pass on starts in the request's path (after the function's name); -1: none, "/". */
        private final int pathFrom;
        private final long start = System.nanoTime();
        private final String callId;
        private final boolean callIdMade;
        private final String startTime;
        private final FunctionMeters meters;
        private final ClientConnections.Watch watch;
        private final CallSweep sweep = CallSweep.of(context);
        private Upstream upstream;
        private ReplicaLinks.Link link;
        /** Body bytes read before the link was ready. */
        private List<ByteBuf> early;
        long bodyLeft;
        private long readDeadline;
        private final long writeDeadline;
        private final long upstreamDeadline;
        private boolean replayed;
        private boolean done;
        // the answer
        private ByteBuf answerIn;
        private AnswerState state = AnswerState.HEAD;
        private RelayHeads.AnswerHead answerHead;
        private long answerLeft;
        private boolean headWritten;
        private int status;
        private boolean answerStarted;

        Call(RelayHeads.RequestHead head, FunctionRef ref, Upstream upstream, int pathFrom) {
            this.head = head;
            this.ref = ref;
            this.upstream = upstream;
            this.pathFrom = pathFrom;
            String sent = CallIdHandler.kept(head.header(io.jfaas.contracts.CallHeaders.CALL_ID));
            this.callIdMade = sent == null;
            this.callId = sent == null ? CallIdHandler.randomUuid() : sent;
            this.startTime = CallIdHandler.startTime();
            this.meters = shared.metrics().function(ref);
            this.watch = shared.connections().map(c -> c.requestStarted(connection)).orElse(null);
            this.bodyLeft = head.contentLength();
            this.readDeadline = start + shared.deadlines().readNanos();
            this.writeDeadline = start + shared.deadlines().writeNanos();
            this.upstreamDeadline = start + shared.settings().upstreamTimeout().toNanos();
        }

        void begin() {
            meters.started();
            sweep.add(this);
            if (bodyLeft > 0 && pending.isReadable()) {
                int n = (int) Math.min(bodyLeft, pending.readableBytes());
                body(pending.readRetainedSlice(n));
            }
            connect();
        }

        /** Connects to the replica {@link #target} made current for this call's upstream. */
        private void connect() {
            ReplicaLinks.Link idle = replayed ? null : links.take(replica);
            if (idle != null) {
                linked(idle);
                return;
            }
            ReplicaLinks.Link fresh = links.new Link(replica);
            links.open(fresh).addListener((ChannelFutureListener) opened -> {
                if (done) {
                    fresh.close();
                } else if (opened.isSuccess()) {
                    linked(fresh);
                } else if (opened.cause() instanceof java.net.ConnectException) {
                    refused(opened.cause());
                } else {
                    fail(502, "cannot reach function " + ref + ": " + InvokeHandler.reason(opened.cause()));
                }
            });
        }

        /** The replica refused the connection: nothing was sent, so another replica may take the call. */
        private void refused(Throwable refusal) {
            Upstream refusing = upstream;
            // given back by refused(): a call that ends meanwhile has nothing to give back
            upstream = InvokeHandler.RELEASED;
            CompletableFuture<Upstream> next = refusing.refused();
            next.whenComplete((other, failure) -> ctx.channel().eventLoop().execute(() -> {
                if (failure != null) {
                    fail(502, "cannot reach function " + ref + ": " + InvokeHandler.reason(refusal));
                    return;
                }
                upstream = other;
                if (done) {
                    other.release();
                    return;
                }
                target(other);
                connect();
            }));
        }

        private void linked(ReplicaLinks.Link link) {
            this.link = link;
            link.receiver = this;
            link.channel.write(upstreamHead(), link.channel.voidPromise());
            if (early != null) {
                for (ByteBuf chunk : early) {
                    link.channel.write(chunk, link.channel.voidPromise());
                }
                early = null;
            }
            link.channel.flush();
            pauseReading(!link.channel.isWritable() && bodyLeft > 0);
        }

        /** The request head for the replica, from the client's. */
        private ByteBuf upstreamHead() {
            byte[] bytes = head.head();
            String path = head.path();
            HeadBytes out = scratch.reset().chars(head.method()).add(' ');
            if (pathFrom < 0) {
                out.add('/');
            } else {
                out.chars(path, pathFrom, path.length());
            }
            if (head.query() != null) {
                out.add('?').chars(head.query());
            }
            out.add(VERSION_CRLF);
            boolean forwardedHost = false;
            boolean forwardedFor = false;
            int hostFrom = 0;
            int hostTo = 0;
            int[] f = head.fields();
            for (int i = 0; i < head.count(); i++) {
                int ns = f[i * 4];
                int ne = f[i * 4 + 1];
                int vs = f[i * 4 + 2];
                int ve = f[i * 4 + 3];
                if (RelayHeads.nameIs(bytes, ns, ne, "Host")) {
                    hostFrom = vs;
                    hostTo = ve;
                    continue;
                }
                if (RelayHeads.isHopByHop(bytes, ns, ne)
                        || RelayHeads.nameIs(bytes, ns, ne, io.jfaas.contracts.CallHeaders.START_TIME)
                        || callIdMade && RelayHeads.nameIs(bytes, ns, ne, io.jfaas.contracts.CallHeaders.CALL_ID)) {
                    continue;
                }
                forwardedHost |= RelayHeads.nameIs(bytes, ns, ne, "X-Forwarded-Host");
                forwardedFor |= RelayHeads.nameIs(bytes, ns, ne, "X-Forwarded-For");
                out.header(bytes, ns, ne, vs, ve);
            }
            if (!forwardedHost && hostTo > hostFrom) {
                out.add(FORWARDED_HOST).add(bytes, hostFrom, hostTo).crlf();
            }
            if (!forwardedFor && forwardedForLine != null) {
                out.add(forwardedForLine);
            }
            if (callIdMade) {
                out.header(CALL_ID, callId);
            }
            out.header(START_TIME, startTime).add(hostLine).crlf();
            return out.toBuffer(ctx.alloc(), 0);
        }

        /** Body bytes of this call from the client. */
        void body(ByteBuf chunk) {
            bodyLeft -= chunk.readableBytes();
            if (done) {
                chunk.release();
                return;
            }
            if (link == null) {
                if (early == null) {
                    early = new ArrayList<>(2);
                }
                early.add(chunk);
                // bounded: nothing more is read until the link is ready
                pauseReading(true);
                return;
            }
            link.channel.write(chunk, link.channel.voidPromise());
            if (!link.channel.isWritable()) {
                pauseReading(true);
            }
        }

        void flushUpstream() {
            if (link != null && !done) {
                link.channel.flush();
            }
        }

        void clientWritable(boolean writable) {
            if (link != null && !done) {
                link.channel.config().setAutoRead(writable);
            }
        }

        @Override
        public void linkWritable(boolean writable) {
            if (!done) {
                pauseReading(!writable && bodyLeft > 0);
            }
        }

        @Override
        public void answer(ByteBuf bytes) {
            if (done) {
                bytes.release();
                return;
            }
            answerStarted = true;
            if (answerIn != null) {
                answerIn = cumulate(answerIn, bytes);
            } else {
                answerIn = bytes;
            }
            try {
                relayAnswer();
            } finally {
                if (answerIn != null && !answerIn.isReadable()) {
                    answerIn.release();
                    answerIn = null;
                }
            }
        }

        @Override
        public void answerPaused() {
            if (headWritten && !done) {
                ctx.flush();
            }
        }

        private void relayAnswer() {
            while (!done && answerIn != null && answerIn.isReadable()) {
                switch (state) {
                    case HEAD -> {
                        RelayHeads.AnswerHead parsed = RelayHeads.answer(answerIn);
                        if (parsed == null) {
                            return;
                        }
                        if (parsed == RelayHeads.INVALID || parsed.status() == 101) {
                            dropLink();
                            fail(502, "cannot reach function " + ref + ": its answer was not valid HTTP");
                            return;
                        }
                        answerIn.skipBytes(parsed.length());
                        if (parsed.status() < 200) {
                            continue; // an interim answer (100 Continue): the final one follows
                        }
                        answerHead = parsed;
                        long length = parsed.contentLength();
                        boolean smallAndWhole = !RelayHeads.bodyless(parsed.status()) && length > 0
                                && length <= SMALL_ANSWER && answerIn.readableBytes() >= length;
                        ByteBuf out = clientHead(parsed, smallAndWhole ? (int) length : 0);
                        if (smallAndWhole) {
                            // a small answer read whole: its head and body leave in one buffer
                            out.writeBytes(answerIn, (int) length);
                            ctx.write(out, ctx.voidPromise());
                            answered();
                            return;
                        }
                        ctx.write(out, ctx.voidPromise());
                        if (RelayHeads.bodyless(parsed.status())) {
                            answered();
                            return;
                        }
                        if (parsed.chunked()) {
                            state = AnswerState.CHUNK_SIZE;
                        } else if (length >= 0) {
                            answerLeft = length;
                            state = AnswerState.LENGTH;
                            if (answerLeft == 0) {
                                answered();
                                return;
                            }
                        } else {
                            state = AnswerState.UNTIL_CLOSE;
                        }
                    }
                    case LENGTH -> {
                        int n = (int) Math.min(answerLeft, answerIn.readableBytes());
                        answerLeft -= n;
                        ctx.write(answerIn.readRetainedSlice(n), ctx.voidPromise());
                        if (answerLeft == 0) {
                            answered();
                            return;
                        }
                        holdAnswerIfClientFull();
                    }
                    case UNTIL_CLOSE -> chunk(answerIn.readRetainedSlice(answerIn.readableBytes()));
                    case CHUNK_SIZE -> {
                        int eol = answerIn.indexOf(answerIn.readerIndex(), answerIn.writerIndex(), (byte) '\n');
                        if (eol < 0) {
                            if (answerIn.readableBytes() > MAX_CHUNK_LINE) {
                                brokenAnswer();
                            }
                            return;
                        }
                        long size = chunkSize(answerIn, answerIn.readerIndex(), eol);
                        answerIn.readerIndex(eol + 1);
                        if (size < 0) {
                            brokenAnswer();
                            return;
                        }
                        answerLeft = size;
                        state = size == 0 ? AnswerState.TRAILERS : AnswerState.CHUNK_DATA;
                    }
                    case CHUNK_DATA -> {
                        int n = (int) Math.min(answerLeft, answerIn.readableBytes());
                        answerLeft -= n;
                        chunk(answerIn.readRetainedSlice(n));
                        if (answerLeft == 0) {
                            state = AnswerState.CHUNK_END;
                        }
                    }
                    case CHUNK_END -> {
                        if (answerIn.readableBytes() < 2) {
                            return;
                        }
                        if (answerIn.readByte() != '\r' || answerIn.readByte() != '\n') {
                            brokenAnswer();
                            return;
                        }
                        state = AnswerState.CHUNK_SIZE;
                    }
                    case TRAILERS -> {
                        // trailer lines are not passed on (the HTTP client did not either); an empty line ends them
                        int eol = answerIn.indexOf(answerIn.readerIndex(), answerIn.writerIndex(), (byte) '\n');
                        if (eol < 0) {
                            if (answerIn.readableBytes() > RelayHeads.MAX_ANSWER_HEAD) {
                                brokenAnswer();
                            }
                            return;
                        }
                        boolean empty = eol - answerIn.readerIndex() <= 1;
                        answerIn.readerIndex(eol + 1);
                        if (empty) {
                            ctx.write(ctx.alloc().buffer(5).writeBytes(LAST_CHUNK), ctx.voidPromise());
                            answered();
                            return;
                        }
                    }
                }
            }
        }

        /** Writes {@code data} to the client as one chunk (the client's answer is chunked). */
        private void chunk(ByteBuf data) {
            if (!data.isReadable()) {
                data.release();
                return;
            }
            ByteBuf size = ctx.alloc().buffer(12);
            size.writeCharSequence(Integer.toHexString(data.readableBytes()), StandardCharsets.ISO_8859_1);
            size.writeByte('\r').writeByte('\n');
            ctx.write(size, ctx.voidPromise());
            ctx.write(data, ctx.voidPromise());
            ctx.write(ctx.alloc().buffer(2).writeByte('\r').writeByte('\n'), ctx.voidPromise());
            holdAnswerIfClientFull();
        }

        /** Back-pressure: while the client's connection holds more than its high mark, the replica is not read. */
        private void holdAnswerIfClientFull() {
            if (!ctx.channel().isWritable() && link != null) {
                link.channel.config().setAutoRead(false);
            }
        }

        /** The client's answer head for the replica's {@code answer}, with room for {@code body} bytes after it. */
        private ByteBuf clientHead(RelayHeads.AnswerHead answer, int body) {
            status = answer.status();
            byte[] bytes = answer.head();
            int[] f = answer.fields();
            List<String> named = connectionOptions(answer);
            boolean hasCallId = false;
            boolean hasStartTime = false;
            boolean hasServedBy = false;
            for (int i = 0; i < answer.count(); i++) {
                hasCallId |= RelayHeads.nameIs(bytes, f[i * 4], f[i * 4 + 1], io.jfaas.contracts.CallHeaders.CALL_ID);
                hasStartTime |= RelayHeads.nameIs(bytes, f[i * 4], f[i * 4 + 1],
                        io.jfaas.contracts.CallHeaders.START_TIME);
                hasServedBy |= RelayHeads.nameIs(bytes, f[i * 4], f[i * 4 + 1], CallIdHandler.SERVED_BY);
            }
            HeadBytes out = scratch.reset();
            if (bytes[7] == '1' && !answer.reason().isEmpty()) {
                // the replica's own status line, as it is
                out.add(bytes, 0, answer.count() > 0 ? f[0] : answer.length() - 2);
            } else {
                out.chars("HTTP/1.1 " + answer.status() + " " + (answer.reason().isEmpty()
                        ? HttpResponseStatus.valueOf(answer.status()).reasonPhrase() : answer.reason())).crlf();
            }
            if (callIdMade && !hasCallId) {
                out.header(CALL_ID, callId);
            }
            if (!hasStartTime) {
                out.header(START_TIME, startTime);
            }
            if (!hasServedBy) {
                out.add(shared.servedByLine());
            }
            for (int i = 0; i < answer.count(); i++) {
                int ns = f[i * 4];
                int ne = f[i * 4 + 1];
                if (RelayHeads.isHopByHop(bytes, ns, ne) || isNamed(named, bytes, ns, ne)) {
                    continue;
                }
                out.header(bytes, ns, ne, f[i * 4 + 2], f[i * 4 + 3]);
            }
            if (!RelayHeads.bodyless(answer.status()) && answer.contentLength() < 0) {
                out.add(CHUNKED_LINE);
            }
            if (head.close()) {
                out.add(CLOSE_LINE);
            }
            headWritten = true;
            return out.crlf().toBuffer(ctx.alloc(), body);
        }

        /** The whole answer was read and written. */
        private void answered() {
            ctx.flush();
            boolean reusable = answerHead.keepAlive() && bodyLeft == 0 && answerIn.readableBytes() == 0;
            ReplicaLinks.Link used = link;
            link = null;
            if (reusable) {
                links.giveBack(used);
            } else {
                used.close();
            }
            finish(status);
            if (head.close()) {
                closeWhenWritten();
            }
        }

        /**
         * The replica's answer broke HTTP's framing (a chunk-size line not valid or longer than
         * {@link #MAX_CHUNK_LINE}, no CRLF after a chunk, trailers longer than {@link RelayHeads#MAX_ANSWER_HEAD}):
         * its connection is dropped; a client answer whose head has gone out is cut, else it is a 502.
         */
        private void brokenAnswer() {
            dropLink();
            if (headWritten) {
                cut();
            } else {
                fail(502, "cannot reach function " + ref + ": its answer was not valid HTTP");
            }
        }

        @Override
        public void linkClosed() {
            if (done) {
                return;
            }
            boolean wasReused = link != null && link.reused;
            link = null;
            if (state == AnswerState.UNTIL_CLOSE) {
                ctx.write(ctx.alloc().buffer(5).writeBytes(LAST_CHUNK), ctx.voidPromise());
                ctx.flush();
                finish(status);
                if (head.close()) {
                    closeWhenWritten();
                }
                return;
            }
            if (headWritten) {
                cut();
                return;
            }
            if (wasReused && !replayed && !answerStarted && replayable()) {
                replayed = true;
                connect();
                return;
            }
            InvokeHandler.UNREACHABLE.warn(ref, "cannot reach function " + ref + " at " + upstream.host() + ":"
                    + upstream.port() + ": the connection was closed before the answer");
            fail(502, "cannot reach function " + ref + ": the connection was closed before the answer");
        }

        /** As {@link InvokeHandler} decides: no body, and a method safe to send twice (or an idempotency key). */
        private boolean replayable() {
            String method = head.method();
            return head.contentLength() == 0 && (method.equals("GET") || method.equals("OPTIONS")
                    || head.header("Idempotency-Key") != null || head.header("X-Idempotency-Key") != null);
        }

        /** The answer broke off after it began: the client's connection is closed, never ended as if whole. */
        private void cut() {
            int recorded = status;
            finish(recorded);
            ctx.channel().close();
        }

        void clientGone() {
            if (!done) {
                finish(499);
                dropLink();
            }
        }

        @Override
        protected void check(long now) {
            if (done) {
                return;
            }
            // as RequestDeadlines cuts a request: the answer, then the connection closed
            if (bodyLeft > 0 && now - readDeadline >= 0) {
                fail(408, shared.deadlines().readText(), true);
            } else if (now - writeDeadline >= 0) {
                fail(504, shared.deadlines().writeText(), true);
            } else if (now - upstreamDeadline >= 0) {
                fail(502, "function " + ref + " did not answer within the gateway's upstream_timeout of "
                        + shared.settings().upstreamTimeout().toSeconds() + "s");
            }
        }

        /**
         * Answers the client with an error as {@link io.jfaas.gateway.http.HttpErrors} does (or cuts the answer if it
         * has begun) and abandons the upstream call. While the request's body is still coming, the connection is
         * closed after the answer.
         */
        private void fail(int failed, String message) {
            fail(failed, message, false);
        }

        /** {@link #fail(int, String)}; {@code close}: the connection is closed after the answer in any case. */
        private void fail(int failed, String message, boolean close) {
            if (done) {
                return;
            }
            dropLink();
            if (headWritten) {
                cut();
                return;
            }
            boolean linger = !close && bodyLeft > 0;
            close |= bodyLeft > 0 || head.close();
            byte[] text = HttpErrors.text(message).getBytes(StandardCharsets.UTF_8);
            HeadBytes answer = scratch.reset()
                    .chars("HTTP/1.1 " + failed + " " + HttpResponseStatus.valueOf(failed).reasonPhrase()).crlf();
            if (callIdMade) {
                answer.header(CALL_ID, callId);
            }
            answer.header(START_TIME, startTime).add(shared.servedByLine());
            if (close) {
                answer.add(CLOSE_LINE);
            }
            answer.header(CONTENT_TYPE, HttpErrors.CONTENT_TYPE).header(NO_SNIFF, "nosniff")
                    .header(CONTENT_LENGTH, Integer.toString(text.length)).crlf();
            ByteBuf out = answer.toBuffer(ctx.alloc(), text.length).writeBytes(text);
            headWritten = true;
            finish(failed);
            if (linger) {
                // as HttpErrors refuses a request whose body is still coming: the rest of the body is read and
                // dropped (so the client sees the answer, not a reset), up to a bound, then the connection closes
                ctx.writeAndFlush(out, ctx.voidPromise());
                lingerThenClose();
            } else if (close) {
                ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.writeAndFlush(out, ctx.voidPromise());
            }
        }

        private void dropLink() {
            if (link != null) {
                link.close();
                link = null;
            }
        }

        private void finish(int recorded) {
            if (done) {
                return;
            }
            done = true;
            sweep.remove(this);
            upstream.release();
            meters.finished(recorded, System.nanoTime() - start, callId);
            if (watch != null) {
                watch.requestEnded();
            }
            if (early != null) {
                early.forEach(ByteBuf::release);
                early = null;
            }
            if (answerIn != null) {
                answerIn.release();
                answerIn = null;
            }
            if (call == this) {
                call = null;
                skip = bodyLeft;
                bodyLeft = 0;
                if (skip > 0 && pending != null) {
                    int n = (int) Math.min(skip, pending.readableBytes());
                    pending.skipBytes(n);
                    skip -= n;
                }
                // reading goes on for the next request, whatever paused it for this call's body
                pauseReading(false);
                if (pending != null && pending.isReadable() && ctx.channel().isActive() && !head.close()
                        && !lingering) {
                    // requests read ahead: served after this call's handlers have returned
                    ctx.channel().eventLoop().execute(FunctionRelay.this::serveNextIfIdle);
                } else if (pending != null && !pending.isReadable()) {
                    releasePending();
                }
            }
        }
    }

    /**
     * After an answer that refused a request whose body is still coming: the body is read and dropped until it ends,
     * {@link HttpErrors#LINGER} passes or more than
     * {@link HttpErrors#LINGER_BYTES} would be dropped, then the connection closes.
     */
    private void lingerThenClose() {
        lingering = true;
        if (skip == 0 || skip > HttpErrors.LINGER_BYTES) {
            closeWhenWritten();
            return;
        }
        ctx.executor().schedule(this::closeWhenWritten, HttpErrors.LINGER.toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /**
     * Closes the connection once what was written to it has gone out ({@code close()} alone drops bytes flushed but
     * not yet taken by the socket: the end of a large answer to a client that asked to close).
     */
    private void closeWhenWritten() {
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    private void serveNextIfIdle() {
        if (call == null && !handedOver && !lingering && ctx.channel().isActive()) {
            serveNext();
        }
    }

    private enum AnswerState { HEAD, LENGTH, UNTIL_CLOSE, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS }

    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    /** A header line's bytes: the name, a colon and a space ({@code nameColonSpace}), the value, CRLF. */
    private static byte[] line(byte[] nameColonSpace, String value) {
        return new HeadBytes(nameColonSpace.length + value.length() + 2).header(nameColonSpace, value).toBytes();
    }

    private static byte[] nameColonSpace(String name) {
        return (name + ": ").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static final byte[] VERSION_CRLF = " HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] CALL_ID = nameColonSpace(io.jfaas.contracts.CallHeaders.CALL_ID);
    private static final byte[] START_TIME = nameColonSpace(io.jfaas.contracts.CallHeaders.START_TIME);
    private static final byte[] SERVED_BY = nameColonSpace(CallIdHandler.SERVED_BY);
    private static final byte[] FORWARDED_HOST = nameColonSpace("X-Forwarded-Host");
    private static final byte[] FORWARDED_FOR = nameColonSpace("X-Forwarded-For");
    private static final byte[] HOST = nameColonSpace("Host");
    private static final byte[] CONTENT_TYPE = nameColonSpace("Content-Type");
    private static final byte[] NO_SNIFF = nameColonSpace("X-Content-Type-Options");
    private static final byte[] CONTENT_LENGTH = nameColonSpace("Content-Length");
    private static final byte[] CHUNKED_LINE = "Transfer-Encoding: chunked\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] CLOSE_LINE = "Connection: close\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private static ByteBuf cumulate(ByteBuf into, ByteBuf more) {
        if (into instanceof CompositeByteBuf composite) {
            composite.addComponent(true, more);
            return composite;
        }
        CompositeByteBuf composite = ByteBufAllocator.DEFAULT.compositeBuffer(64);
        composite.addComponent(true, into);
        composite.addComponent(true, more);
        return composite;
    }

    /** A chunk-size line ({@code [from, eol]}, ending in CRLF): its hexadecimal size, extensions ignored; else -1. */
    static long chunkSize(ByteBuf in, int from, int eol) {
        int end = eol;
        if (end > from && in.getByte(end - 1) == '\r') {
            end--;
        } else {
            return -1;
        }
        long size = 0;
        int digits = 0;
        for (int i = from; i < end; i++) {
            byte b = in.getByte(i);
            int digit = Character.digit(b, 16);
            if (digit < 0) {
                if (digits > 0 && (b == ';' || b == ' ' || b == '\t')) {
                    break;
                }
                return -1;
            }
            if (++digits > 15) {
                return -1;
            }
            size = size * 16 + digit;
        }
        return digits == 0 ? -1 : size;
    }

    /** The header names the answer's {@code Connection} header lists (dropped as hop-by-hop); usually none. */
    private static List<String> connectionOptions(RelayHeads.AnswerHead answer) {
        List<String> named = null;
        int[] f = answer.fields();
        for (int i = 0; i < answer.count(); i++) {
            if (RelayHeads.nameIs(answer.head(), f[i * 4], f[i * 4 + 1], "Connection")) {
                String value = new String(answer.head(), f[i * 4 + 2], f[i * 4 + 3] - f[i * 4 + 2],
                        StandardCharsets.ISO_8859_1);
                for (String option : value.split(",")) {
                    if (named == null) {
                        named = new ArrayList<>(2);
                    }
                    named.add(option.trim());
                }
            }
        }
        return named == null ? List.of() : named;
    }

    private static boolean isNamed(List<String> named, byte[] bytes, int from, int to) {
        for (int i = 0; i < named.size(); i++) {
            if (RelayHeads.nameIs(bytes, from, to, named.get(i))) {
                return true;
            }
        }
        return false;
    }
}
