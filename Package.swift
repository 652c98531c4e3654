// swift-tools-version:6.1
import PackageDescription

/// The upcoming language features Hummingbird builds with: `any` spelled on every existential, and a member
/// visible only in files that import its module.
let swiftSettings: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("MemberImportVisibility")]

let package = Package(
    name: "portalgen",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "portalgen", targets: ["portalgen"]),
        .library(name: "PortalCore", targets: ["PortalCore"]),
        .library(name: "PortalPostgres", targets: ["PortalPostgres"]),
        .library(name: "PortalServer", targets: ["PortalServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .target(
            name: "PortalCore",
            dependencies: [
                "CLibXML2",
                "CQREncode",
                "CSpawn",
                "PortalThemes",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        // PostgreSQL through PostgresNIO and NIOSSL, registered by the program (the core reads SQLite alone).
        .target(
            name: "PortalPostgres",
            dependencies: [
                "PortalCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The demo database generator (SQLite or PostgreSQL) and what is made from it: the theme key reference.
        .target(
            name: "PortalDemo",
            dependencies: ["PortalCore", "PortalPostgres", .product(name: "GRDB", package: "GRDB.swift")],
            resources: [.copy("Resources/timetracker-schema.sql")]
        ),
        // The built-in themes, at the top level where a user looks for them, copied into the resource bundle.
        .target(name: "PortalThemes", path: "Themes", resources: [.copy("default"), .copy("dark"), .copy("corporate")]),
        .target(
            name: "PortalServer",
            dependencies: [
                "PortalCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "portalgen",
            dependencies: [
                "PortalCore",
                "PortalPostgres",
                "PortalDemo",
                "PortalServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // glibc's posix_spawn extensions (close every inherited descriptor, start in a folder) for SpawnedProcess.
        .target(name: "CSpawn"),
        .systemLibrary(
            name: "CQREncode",
            pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"])]
        ),
        .target(
            name: "PortalTestSupport",
            dependencies: ["CLibXML2", "PortalCore", "PortalPostgres", "PortalDemo", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "PortalCoreTests",
            dependencies: ["PortalCore", "PortalPostgres", "PortalDemo", "PortalTestSupport", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(
            name: "PortalServerTests",
            dependencies: [
                "PortalCore", "PortalDemo", "PortalServer", "PortalTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ]
)

for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + swiftSettings
}
