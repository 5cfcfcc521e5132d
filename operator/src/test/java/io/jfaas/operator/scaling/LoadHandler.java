package io.jfaas.operator.scaling;

import io.jfaas.function.FunctionHandler;
import io.jfaas.function.Request;
import io.jfaas.function.Response;

/** The function {@link AutoscalerPrometheusIT} deploys to a real gateway and calls under load: answers "ok". */
public final class LoadHandler implements FunctionHandler {

    @Override
    public Response handle(Request request) {
        return Response.ok("ok");
    }
}
