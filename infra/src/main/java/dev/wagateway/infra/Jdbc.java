package dev.wagateway.infra;

/** The JDBC URLs the functions get. */
final class Jdbc {

    private Jdbc() {
    }

    static String url(String host) {
        return "jdbc:postgresql://" + host + ":" + StatefulStack.DATABASE_PORT + "/" + StatefulStack.DATABASE_NAME;
    }
}
