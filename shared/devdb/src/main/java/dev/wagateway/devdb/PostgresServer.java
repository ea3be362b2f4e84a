package dev.wagateway.devdb;

/** A running PostgreSQL server this JVM may create databases on. */
public interface PostgresServer extends AutoCloseable {

    /** How the server was found: {@code environment}, {@code testcontainers} or {@code embedded}. */
    String origin();

    /** A database on the server that this JVM may log in to with the right to create databases. */
    DatabaseCoordinates adminDatabase();

    @Override
    void close();
}
