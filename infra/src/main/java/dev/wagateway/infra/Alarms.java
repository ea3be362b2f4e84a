package dev.wagateway.infra;

import java.util.ArrayList;
import java.util.List;

import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * A stack's alarms: each one named {@code wa-gateway-<stage>-<id>} (the prefix the alarm topic's policy lets
 * CloudWatch publish for), described, and sent to the alarm topic both when it fires and when it clears.
 */
public final class Alarms extends Construct {

    private final ITopic topic;
    private final String stage;
    private final SnsAction notify;
    private final List<Alarm> alarms = new ArrayList<>();

    public Alarms(Construct scope, String id, ITopic topic, String stage) {
        super(scope, id);
        this.topic = topic;
        this.stage = stage;
        this.notify = new SnsAction(topic);
    }

    /** The name prefix of every alarm of a stage. */
    public static String namePrefix(String stage) {
        return "wa-gateway-" + stage + "-";
    }

    /** Fires when the metric reaches the threshold in one period; no data counts as fine. */
    public Alarm atLeast(String id, String description, IMetric metric, double threshold) {
        return add(id, description, metric, threshold, 1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                TreatMissingData.NOT_BREACHING);
    }

    public Alarm add(String id, String description, IMetric metric, double threshold, int evaluationPeriods,
                     ComparisonOperator comparison, TreatMissingData missingData) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmName(namePrefix(stage) + id)
                .alarmDescription("wa-gateway " + stage + ": " + description)
                .metric(metric)
                .threshold(threshold)
                .evaluationPeriods(evaluationPeriods)
                .comparisonOperator(comparison)
                .treatMissingData(missingData)
                .build();
        alarm.addAlarmAction(notify);
        alarm.addOkAction(notify);
        alarms.add(alarm);
        return alarm;
    }

    public ITopic topic() {
        return topic;
    }

    public List<Alarm> all() {
        return List.copyOf(alarms);
    }
}
