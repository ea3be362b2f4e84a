package dev.wagateway.shared.secrets;

import java.util.Map;

/**
 * A secret's values by name (a JSON object of strings, such as an RDS secret's {@code username} and
 * {@code password}). Only this interface is in core: its one implementation, {@code JsonSecrets} in
 * shared/secrets, brings the AWS SDK's Secrets Manager client, which only the functions that read a secret in
 * AWS ship. A function without that module has no bean of this type.
 */
public interface SecretValues {

    /** The secret's keys and their string (or number) values. */
    Map<String, String> read(String secretId);
}
