/**
 * The OpenFaaS REST types with their exact JSON names, and the naming rules every jfaas part shares.
 */
package io.jfaas.model;
