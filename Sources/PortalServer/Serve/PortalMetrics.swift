import Prometheus

/// The daemon's Prometheus metrics (`GET /metrics`).
public struct PortalMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    let builds: Counter
    let failedBuilds: Counter
    let filesWritten: Counter
    let buildSeconds: DurationHistogram
    let queueLength: Gauge
    let connections: Gauge
    let liveEvents: Counter
    let databaseErrors: Counter

    public init() {
        builds = registry.makeCounter(name: "portalgen_client_builds_total", help: "Client builds completed")
        failedBuilds = registry.makeCounter(name: "portalgen_client_build_failures_total", help: "Client builds that failed")
        filesWritten = registry.makeCounter(name: "portalgen_files_written_total", help: "Files written by publishing")
        buildSeconds = registry.makeDurationHistogram(
            name: "portalgen_build_duration_seconds",
            buckets: [.milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1), .seconds(5), .seconds(30)],
            help: "Duration of build batches")
        queueLength = registry.makeGauge(name: "portalgen_queue_length", help: "Clients waiting to be built")
        connections = registry.makeGauge(name: "portalgen_live_connections", help: "Browsers connected to /live")
        liveEvents = registry.makeCounter(name: "portalgen_live_events_total", help: "Rebuild events sent to browsers")
        databaseErrors = registry.makeCounter(name: "portalgen_database_errors_total", help: "Failed database reads (locked, missing, corrupt)")
    }
}
