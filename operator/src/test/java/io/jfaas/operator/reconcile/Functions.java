package io.jfaas.operator.reconcile;

import io.jfaas.operator.crd.Function;
import io.jfaas.operator.crd.FunctionSpec;

/** Functions for tests. */
final class Functions {

    private Functions() {
    }

    static Function function(String name, String image) {
        FunctionSpec spec = new FunctionSpec();
        spec.setName(name);
        spec.setImage(image);
        Function function = Function.of("openfaas-fn", name, spec);
        function.getMetadata().setUid("uid-" + name);
        return function;
    }
}
