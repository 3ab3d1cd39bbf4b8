using Bot.Host.Answers;

namespace Bot.Host.Health;

public static class HealthEndpoints
{
    /// <summary>
    /// <c>GET /healthz</c>: 200 while the process serves requests (liveness).
    /// <c>GET /readyz</c>: 200 once the knowledge index is loaded, else 503 with the reason (readiness).
    /// </summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Text("ok", "text/plain"));
        endpoints.MapGet("/readyz", (IAnswerEngineSource source, IEnumerable<Reliability.IReadinessCheck> checks) =>
        {
            var problems = checks.Select(c => c.Problem()).OfType<string>().ToList();
            if (!source.IsReady)
            {
                problems.Insert(0, source.Failure is null ? "loading knowledge" : "knowledge failed to load: " + source.Failure);
            }

            return problems.Count == 0
                ? Results.Text("ready", "text/plain")
                : Results.Text(string.Join("\n", problems), "text/plain", statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        return endpoints;
    }
}
