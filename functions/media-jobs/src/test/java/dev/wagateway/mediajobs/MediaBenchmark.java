package dev.wagateway.mediajobs;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Download-to-S3 throughput of the media job (Graph lookup, streamed download with the bearer token, sha256,
 * streamed PutObject into S3Proxy, the media row and its event) against a plain copy of the same bytes between the
 * same two loopback servers (the fake Graph API's URL streamed straight into a PutObject: no lookup, no digest, no
 * database), measured side by side, alternating, in one run. {@code scripts/benchmark media-jobs}; options:
 * {@code -Dbench.mb=50 -Dbench.rounds=5}.
 */
public final class MediaBenchmark {

    private MediaBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int mb = Integer.getInteger("bench.mb", 50);
        int rounds = Integer.getInteger("bench.rounds", 5);
        long size = mb * 1024L * 1024L;
        HttpClient http = HttpClient.newHttpClient();
        try (MediaStack stack = new MediaStack("media-benchmark"); S3Client s3 = stack.s3.client()) {
            stack.graph.recording(false);
            List<Double> job = new ArrayList<>();
            List<Double> plain = new ArrayList<>();
            for (int round = 0; round <= rounds; round++) {
                String metaId = "9" + round;
                stack.graph.media().addGenerated(metaId, size, round, "video/mp4");

                long started = System.nanoTime();
                String event = stack.receive("wamid.BENCH-" + round, "video", "{\"mime_type\":\"video/mp4\",\"id\":\"" + metaId + "\"}");
                stack.deliver(event);
                double jobSeconds = (System.nanoTime() - started) / 1e9;
                String status = stack.sql.queryValue("SELECT status FROM media WHERE media_id = '" + stack.mediaIdOf("wamid.BENCH-" + round) + "'");
                if (!"stored".equals(status)) {
                    throw new IllegalStateException("round " + round + ": the job left the file " + status);
                }

                String url = url(http, stack, metaId);
                started = System.nanoTime();
                HttpResponse<InputStream> download = http.send(HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + MediaStack.TOKEN).build(), HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream body = download.body()) {
                    s3.putObject(r -> r.bucket(MediaStack.BUCKET).key("plain/" + metaId).contentLength(size),
                            RequestBody.fromInputStream(body, size));
                }
                double plainSeconds = (System.nanoTime() - started) / 1e9;
                if (round > 0) { // round 0 warms both paths up
                    job.add(mb / jobSeconds);
                    plain.add(mb / plainSeconds);
                }
            }
            double jobMedian = median(job);
            double plainMedian = median(plain);
            System.out.printf("media download to S3, %d MB file, %d rounds (after a warm-up), heap max %d MB%n", mb, rounds,
                    Runtime.getRuntime().maxMemory() / (1024 * 1024));
            System.out.printf("  media job:  median %.1f MB/s  %s%n", jobMedian, rates(job));
            System.out.printf("  plain copy: median %.1f MB/s  %s%n", plainMedian, rates(plain));
            System.out.printf("  job / plain copy: %.2f%n", jobMedian / plainMedian);
        }
    }

    @SuppressWarnings("unchecked")
    private static String url(HttpClient http, MediaStack stack, String metaId) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(stack.graph.baseUrl() + "/" + metaId))
                .header("Authorization", "Bearer " + MediaStack.TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        Map<String, Object> body = io.micronaut.json.JsonMapper.createDefault().readValue(answer.body(), Map.class);
        return (String) body.get("url");
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String rates(List<Double> values) {
        return values.stream().map(v -> String.format("%.1f", v)).toList().toString();
    }
}
