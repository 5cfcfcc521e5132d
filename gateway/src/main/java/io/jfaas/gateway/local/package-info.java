/**
 * The local provider, local mode's back end: every replica of a function is a child JVM running the watchdog and
 * the function's jars from the local image store, on a free loopback port, or, for any other OCI image, a podman
 * container publishing its port 8080 on a free loopback port ({@link io.jfaas.gateway.local.FunctionImages} decides
 * which; {@code ContainerReplicas} and {@code ContainerCommand} are the container half). Deployed functions are kept in the state
 * directory and come back when the gateway restarts; crashed replicas are restarted with back-off; each replica's
 * output is the function's log.
 *
 * <pre>
 * STATE_DIR/functions/NS/NAME.json   what was deployed (and the image digest it resolved to)
 * STATE_DIR/logs/NS/NAME.log         the function's log, one JSON object a line, as /system/logs streams it
 * STATE_DIR/run/NS/NAME/             the replicas' working directory (a container's: its secrets' copies)
 * STATE_DIR/run/pids/                the replicas' process ids, to clean up after a gateway that was killed
 * </pre>
 */
package io.jfaas.gateway.local;
