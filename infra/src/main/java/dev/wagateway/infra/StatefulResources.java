package dev.wagateway.infra;

import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.rds.IDatabaseInstance;
import software.amazon.awscdk.services.rds.IDatabaseProxy;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.sns.ITopic;

/**
 * What the stateful stack hands the stateless one: the typed props between the two stacks, so that the
 * stateless side never reaches into the stateful stack's constructs.
 *
 * @param vpc                    the network
 * @param functionsSecurityGroup allowed to RDS Proxy and HTTPS out
 * @param migrationSecurityGroup allowed to the database directly and HTTPS out (db-migrate, the import)
 * @param database               PostgreSQL itself, for db-migrate and the import only
 * @param proxy                  RDS Proxy, for every other function
 * @param databaseSecret         the generated master credentials
 * @param whatsAppSecret         the operator-filled WhatsApp settings
 * @param alarmTopic             where alarms go
 * @param importBucket           where legacy files are uploaded for an import
 * @param mediaBucket            the media files (inbound, uploads, the legacy gateway's)
 */
public record StatefulResources(
        IVpc vpc,
        ISecurityGroup functionsSecurityGroup,
        ISecurityGroup migrationSecurityGroup,
        IDatabaseInstance database,
        IDatabaseProxy proxy,
        ISecret databaseSecret,
        ISecret whatsAppSecret,
        ITopic alarmTopic,
        IBucket importBucket,
        IBucket mediaBucket) {
}
