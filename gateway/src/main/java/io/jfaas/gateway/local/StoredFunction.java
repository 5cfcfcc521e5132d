package io.jfaas.gateway.local;

import io.jfaas.model.FunctionDeployment;
import io.jfaas.model.FunctionRef;
import java.time.Instant;

/**
 * A deployed function as the state directory keeps it.
 *
 * @param deployment what the client asked for, namespace filled in
 * @param imageDigest the content the image name resolved to when deployed
 * @param createdAt when the function was first deployed
 * @param replicas the desired replicas
 */
record StoredFunction(FunctionDeployment deployment, String imageDigest, Instant createdAt, int replicas) {

    StoredFunction withReplicas(int newReplicas) {
        return new StoredFunction(deployment, imageDigest, createdAt, newReplicas);
    }

    FunctionRef ref() {
        return new FunctionRef(deployment.service(), deployment.namespace());
    }
}
