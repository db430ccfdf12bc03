import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The container's HEALTHCHECK: GET a URL (default http://127.0.0.1:8084/health), exit 0 on 2xx, 1 otherwise.
 * A compiled class instead of curl/wget so the runtime image needs no package beyond the JRE and the check behaves
 * the same on every base image; the JVM start (~0.3 s every 30 s) is the price. Default-package, no dependencies:
 * it is compiled with plain javac in the image's build stage.
 */
public final class HealthCheck {
    private HealthCheck() {
    }

    public static void main(String[] args) {
        String url = args.length > 0 ? args[0] : "http://127.0.0.1:8084/health";
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 == 2) {
                System.exit(0);
            }
            // the body names the failing checks (stale data, sink down): show it in `docker inspect`
            System.out.println("unhealthy: HTTP " + r.statusCode() + " from " + url + ": " + r.body());
        } catch (Exception e) {
            System.out.println("unhealthy: " + url + ": " + e);
        }
        System.exit(1);
    }
}
