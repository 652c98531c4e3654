import Prometheus

/// The daemon's Prometheus metrics (`GET /metrics`).
package struct PortalMetrics: Sendable {
    package let registry = PrometheusCollectorRegistry()
    let builds: Counter
    let failedBuilds: Counter
    let filesWritten: Counter
    let buildSeconds: DurationHistogram
    let queueLength: Gauge
    let connections: Gauge
    let liveEvents: Counter
    let databaseErrors: Counter
    let replicationLag: Gauge
    let replayDelay: Gauge

    package init() {
        builds = registry.makeCounter(descriptor: Self.name("client_builds", "total", "Client builds completed"))
        failedBuilds = registry.makeCounter(descriptor: Self.name("client_build_failures", "total", "Client builds that failed"))
        filesWritten = registry.makeCounter(descriptor: Self.name("files_written", "total", "Files written by publishing"))
        buildSeconds = registry.makeDurationHistogram(
            descriptor: Self.name("build_duration", "seconds", "Duration of build batches"),
            buckets: [.milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1), .seconds(5), .seconds(30)])
        queueLength = registry.makeGauge(descriptor: Self.name("queue_length", "", "Clients waiting to be built"))
        connections = registry.makeGauge(descriptor: Self.name("live_connections", "", "Browsers connected to /live"))
        liveEvents = registry.makeCounter(descriptor: Self.name("live_events", "total", "Rebuild events sent to browsers"))
        databaseErrors = registry.makeCounter(descriptor: Self.name("database_errors", "total", "Failed database reads (locked, missing, corrupt)"))
        replicationLag = registry.makeGauge(
            descriptor: Self.name("replication_lag", "bytes", "WAL the hot standby has yet to replay from the primary (-1: no notifyDatabase to compare with)"))
        replayDelay = registry.makeGauge(
            descriptor: Self.name("replication_replay_delay", "seconds", "Age of the last commit the hot standby replayed (grows while the primary is idle)"))
    }

    /// `portalgen_<metric>_<unit>`.
    private static func name(_ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "portalgen", metricName: metric, unitName: unit, helpText: help)
    }
}
