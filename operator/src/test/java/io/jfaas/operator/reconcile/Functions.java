package io.jfaas.operator.reconcile;

import io.jfaas.operator.crd.FunctionResource;
import io.jfaas.operator.crd.FunctionResourceSpec;

/** Functions for tests. */
final class Functions {

    private Functions() {
    }

    static FunctionResource function(String name, String image) {
        FunctionResourceSpec spec = new FunctionResourceSpec();
        spec.setName(name);
        spec.setImage(image);
        FunctionResource function = FunctionResource.of("openfaas-fn", name, spec);
        function.getMetadata().setUid("uid-" + name);
        return function;
    }
}
