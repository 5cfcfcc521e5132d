/**
 * Function → Deployment + Service: pure builders of the desired children ({@link io.jfaas.operator.reconcile.DesiredDeployment},
 * {@link io.jfaas.operator.reconcile.DesiredService}), the reconciler that applies them and writes the status, and the
 * names every child gets from one place ({@link io.jfaas.operator.reconcile.Children}).
 */
package io.jfaas.operator.reconcile;
