package io.jfaas.cli.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every command test against the gateway shares: a fresh home and work folder, a recording {@link FakeGateway}
 * that {@code OPENFAAS_URL} points at, and the {@link Cli} to run commands with.
 */
public abstract class AgainstFakeGateway {

    @TempDir
    protected Path home;

    @TempDir
    protected Path work;

    protected FakeGateway gateway;
    protected Cli cli;

    @BeforeEach
    final void startFakeGateway() throws Exception {
        gateway = new FakeGateway();
        cli = new Cli(home, work).env("OPENFAAS_URL", gateway.url());
    }

    @AfterEach
    final void stopFakeGateway() {
        gateway.close();
    }

    /** {@code faas-cli login} with the fake gateway's password, so later commands send credentials. */
    protected void login() {
        gateway.answer("GET /system/functions", 200, "[]");
        assertThat(cli.runWithInput(FakeGateway.PASSWORD, "login", "-s").exit()).isZero();
    }

    /** The last request the gateway received. */
    protected FakeGateway.Recorded last() {
        List<FakeGateway.Recorded> requests = gateway.requests();
        return requests.get(requests.size() - 1);
    }
}
