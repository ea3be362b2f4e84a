package dev.wagateway.dbmigrate;

/** Reads the text of a secret (in AWS: Secrets Manager) by its id or ARN. */
@FunctionalInterface
public interface SecretReader {

    String read(String secretId);
}
