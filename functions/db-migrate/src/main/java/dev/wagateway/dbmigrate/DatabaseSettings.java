package dev.wagateway.dbmigrate;

/**
 * Where the database is and how to log in. The password is never printed.
 *
 * @param url      a {@code jdbc:postgresql://} URL of the direct endpoint (not RDS Proxy)
 * @param username the role to log in as
 * @param password its password
 */
public record DatabaseSettings(String url, String username, String password) {

    @Override
    public String toString() {
        return "DatabaseSettings[" + url + ", user=" + username + "]";
    }
}
