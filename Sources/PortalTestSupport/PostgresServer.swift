import Foundation
import PortalPostgres
import Synchronization

/// A throwaway PostgreSQL cluster for the tests: `initdb` into a temporary folder, listening on a free
/// loopback port only, started on first use and stopped when the test process exits. Run as root (CI), the
/// cluster belongs to the `postgres` user, as PostgreSQL requires.
///
/// The binaries come from `PORTALGEN_TEST_PGBIN` or the newest `/usr/lib/postgresql/*/bin` (Debian's
/// `postgresql` package, which `.ci/run` installs). Tests that need a server fail, never skip, without one.
package final class PostgresServer: @unchecked Sendable {
    package let folder: URL
    package let port: Int
    package let bin: URL
    /// The superuser, with a password (TCP logins use scram-sha-256).
    package static let admin = "portalgen_admin"
    package static let adminPassword = "admin-secret"
    private let owner: String?

    private static let shared = Mutex<Result<PostgresServer, PostgresServerError>?>(nil)
    /// Every cluster this process started, stopped at exit.
    private static let started = Mutex<[PostgresServer]>([])

    /// The cluster shared by this test process's tests, started on first use. Tests that stop or restart
    /// a server use ``startOwn()`` instead, so they never pull the server from under another test.
    package static func start() throws -> PostgresServer {
        try shared.withLock { state in
            if let state { return try state.get() }
            let result = Result { try startOwn() }.mapError { $0 as? PostgresServerError ?? PostgresServerError(message: "\($0)") }
            state = result
            return try result.get()
        }
    }

    /// A cluster of the caller's own.
    package static func startOwn() throws -> PostgresServer {
        let server = try PostgresServer()
        let first = started.withLock { list in
            list.append(server)
            return list.count == 1
        }
        if first { atexit { PostgresServer.stopAll() } }
        return server
    }

    private static func stopAll() {
        for server in started.withLock({ $0 }) {
            try? server.stop()
            try? FileManager.default.removeItem(at: server.folder)
        }
    }

    private init() throws {
        PortalPostgres.register()
        let environment = ProcessInfo.processInfo.environment
        let candidates =
            environment["PORTALGEN_TEST_PGBIN"].map { [$0] }
            ?? ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }.map { "/usr/lib/postgresql/\($0)/bin" }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: "\($0)/initdb") }) else {
            throw PostgresServerError(
                message: "no PostgreSQL server binaries: install Debian's postgresql package (as .ci/run does) or set PORTALGEN_TEST_PGBIN")
        }
        bin = URL(fileURLWithPath: found)
        owner = getuid() == 0 ? "postgres" : nil
        folder = URL(fileURLWithPath: "/tmp/portalgen-pg-\(getpid())-\(UUID().uuidString.prefix(8))")
        port = Self.freePort()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let passwordFile = folder.appendingPathComponent("pw")
        try Data(Self.adminPassword.utf8).write(to: passwordFile)
        if let owner { try run(URL(fileURLWithPath: "/bin/chown"), ["-R", owner, folder.path], asOwner: false) }
        try run(
            bin.appendingPathComponent("initdb"),
            [
                "-D", folder.appendingPathComponent("data").path, "-U", Self.admin, "--pwfile", passwordFile.path, "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "-E", "UTF8", "--locale=C.UTF-8",
            ])
        try start()
    }

    /// A hot standby of this server: `pg_basebackup -R` over the local socket (streaming replication), started on
    /// a port of its own; it serves reads of this server's databases and replays its commits. Stopped with the rest.
    package func standby() throws -> PostgresServer {
        let standby = try PostgresServer(standbyOf: self)
        Self.started.withLock { $0.append(standby) }
        return standby
    }

    private init(standbyOf primary: PostgresServer) throws {
        bin = primary.bin
        owner = primary.owner
        folder = URL(fileURLWithPath: "/tmp/portalgen-pg-\(getpid())-\(UUID().uuidString.prefix(8))")
        port = Self.freePort()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        if let owner { try run(URL(fileURLWithPath: "/bin/chown"), ["-R", owner, folder.path], asOwner: false) }
        try run(
            bin.appendingPathComponent("pg_basebackup"),
            [
                "-h", primary.folder.path, "-p", String(primary.port), "-U", Self.admin, "-D", folder.appendingPathComponent("data").path, "-R", "-X", "stream",
                "--checkpoint=fast",
            ])
        try start()
    }

    /// Starts the server (again); waits until it accepts connections.
    package func start() throws {
        let options = "-p \(port) -c listen_addresses=127.0.0.1 -k \(folder.path) -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
        try run(
            bin.appendingPathComponent("pg_ctl"),
            ["-D", folder.appendingPathComponent("data").path, "-o", options, "-l", folder.appendingPathComponent("log").path, "-w", "start"])
    }

    /// Stops the server at once (`immediate`: connections drop as in a crash or a restart).
    package func stop() throws {
        try run(bin.appendingPathComponent("pg_ctl"), ["-D", folder.appendingPathComponent("data").path, "-m", "immediate", "-w", "stop"])
    }

    /// Runs SQL as the superuser through psql (which also understands the dumps' `\restrict` lines).
    @discardableResult
    package func psql(_ database: String = "postgres", sql: String? = nil, file: String? = nil) throws -> String {
        // As this process's user over TCP (with the password), so psql can read files the postgres user may not.
        var arguments = ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(port), "-U", Self.admin, "-d", database]
        if let sql { arguments += ["-c", sql] }
        if let file { arguments += ["-f", file] }
        return try run(bin.appendingPathComponent("psql"), arguments, asOwner: false)
    }

    /// A new, empty database; with `schema`, TimeTracker's PostgreSQL schema (../shared/timetracker/schema-postgres.sql).
    package func createDatabase(schema: Bool = true) throws -> String {
        let name = "tt_\(UUID().uuidString.prefix(8).lowercased())"
        try psql(sql: "CREATE DATABASE \(name)")
        if schema { try psql(name, file: Self.shared("timetracker/schema-postgres.sql")) }
        return name
    }

    /// A role that may log in with `password` and read every table of `database` (and nothing else).
    package func createReader(_ role: String, password: String, database: String, except: [String] = []) throws {
        try psql(
            sql:
                "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '\(role)') THEN CREATE ROLE \(role) LOGIN PASSWORD '\(password)'; END IF; END $$"
        )
        try psql(database, sql: "GRANT SELECT ON ALL TABLES IN SCHEMA public TO \(role)")
        for table in except { try psql(database, sql: "REVOKE SELECT ON \(table) FROM \(role)") }
    }

    /// The URI of `database` as `user` (password from the environment, as portalgen expects).
    package func uri(_ database: String, user: String = PostgresServer.admin, sslmode: String = "disable") -> String {
        "postgresql://\(user)@127.0.0.1:\(port)/\(database)?sslmode=\(sslmode)"
    }

    /// A file of ../shared (the project's reference material, present in CI).
    package static func shared(_ path: String) -> String {
        Fixture.packageRoot.deletingLastPathComponent().appendingPathComponent("shared").appendingPathComponent(path).path
    }

    /// Runs a command to its end with `posix_spawn` and `waitpid` (output to files: pg_ctl's server keeps
    /// inherited descriptors open, so pipes would never reach their end).
    @discardableResult
    private func run(_ executable: URL, _ arguments: [String], asOwner: Bool = true) throws -> String {
        var argv = [executable.path] + arguments
        // As the cluster's owner, from /tmp (the test's own folder may be closed to that user).
        if asOwner, let owner { argv = ["/usr/sbin/runuser", "-u", owner, "--", "/usr/bin/env", "-C", "/tmp"] + argv }
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("portalgen-pg-run-\(UUID().uuidString)")
        let outFile = base.path + ".out"
        let errFile = base.path + ".err"
        defer {
            try? FileManager.default.removeItem(atPath: outFile)
            try? FileManager.default.removeItem(atPath: errFile)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outFile, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errFile, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let environment = ["PGPASSWORD=\(Self.adminPassword)", "PATH=/usr/bin:/bin", "LC_ALL=C.UTF-8"]
        var pid: pid_t = 0
        let cArguments = argv.map { strdup($0) } + [nil]
        let cEnvironment = environment.map { strdup($0) } + [nil]
        defer { for pointer in cArguments + cEnvironment { free(pointer) } }
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, cArguments, cEnvironment)
        guard spawned == 0 else { throw PostgresServerError(message: "cannot start \(argv[0]): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let output = (try? String(contentsOfFile: outFile, encoding: .utf8)) ?? ""
        let exited = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        guard exited == 0 else {
            let errors = (try? String(contentsOfFile: errFile, encoding: .utf8)) ?? ""
            throw PostgresServerError(message: "\(executable.lastPathComponent) \(arguments.joined(separator: " ")) failed (\(exited)): \(errors)")
        }
        return output
    }

    package static func freePort() -> Int { LoopbackPort.free() }
}

package struct PostgresServerError: Error, CustomStringConvertible, Sendable {
    package var message: String
    package var description: String { message }
}
