// Development Neo4j: the embedded engine with its Bolt server, for tests and local work.
// Run as: java -cp 'lib/*' Launcher.java HOME_DIR PORT   (normally through ../neo4j-dev.sh)
// Env NEO4J_DEV_PASSWORD: when set, auth is on and the user "neo4j" gets this password.

import java.nio.file.Path;
import java.util.Map;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

public class Launcher {
    private static final String HOST = "127.0.0.1";

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: java -cp 'lib/*' Launcher.java HOME_DIR PORT");
            System.exit(2);
        }
        try {
            run(Path.of(args[0]).toAbsolutePath(), Integer.parseInt(args[1]), System.getenv("NEO4J_DEV_PASSWORD"));
        } catch (Throwable e) {
            e.printStackTrace();
            // Neo4j's non-daemon threads would keep the failed JVM alive; exit also runs the shutdown hook.
            System.exit(1);
        }
    }

    private static void run(Path home, int port, String password) throws InterruptedException {
        boolean auth = password != null && !password.isEmpty();
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                // Without a user log provider, embedded Neo4j keeps its startup warnings to itself.
                .setUserLogProvider(new Log4jLogProvider(System.out, Level.INFO))
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(HOST, port))
                // Makes neo4j:// routing tables point here rather than at the default port.
                .setConfig(BoltConnector.advertised_address, new SocketAddress(HOST, port))
                .setConfig(GraphDatabaseSettings.auth_enabled, auth)
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(256))
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.logs_directory, home.resolve("logs"))
                // Netty's default 5 s quiet period, once per event loop group, made stop take 10 s.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .build();

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("STOPPING");
            dbms.shutdown();
            System.out.println("STOPPED");
        }, "neo4j-dev-shutdown"));

        if (auth) {
            setPassword(dbms, password);
        }
        dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).executeTransactionally("RETURN 1");
        System.out.println("READY bolt://" + HOST + ":" + port);
        System.out.flush();
        Thread.currentThread().join();
    }

    // Embedded transactions bypass auth, so the system database accepts this without a login.
    private static void setPassword(DatabaseManagementService dbms, String password) {
        var system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        try {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PLAINTEXT PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
        } catch (RuntimeException e) {
            // A restart with the same password: Neo4j refuses to "change" it to itself.
            if (!String.valueOf(e.getMessage()).contains("Old password and new password cannot be the same")) {
                throw e;
            }
        }
    }
}
