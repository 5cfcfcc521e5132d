package io.jfaas.provider;

import java.util.List;
import java.util.Map;

/**
 * What the invocation path needs to know of one function, as its provider sees it now.
 *
 * @param name the function
 * @param namespace its namespace
 * @param replicas the replicas its Deployment asks for, or null while the function exists but its Deployment does not
 *                 yet (it is starting, not scaled to zero)
 * @param ready the replicas ready for calls, in no particular order
 * @param annotations the function's annotations (they say which transport its replicas serve)
 */
public record FunctionEndpoints(String name, String namespace, Integer replicas, List<Endpoint> ready,
                                Map<String, String> annotations) {

    public FunctionEndpoints {
        ready = List.copyOf(ready);
        annotations = Map.copyOf(annotations);
    }
}
