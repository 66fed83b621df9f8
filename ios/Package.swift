// swift-tools-version:5.9
// SwipCore: the SWiP Rust core for iOS. `SwipCoreFFI` is the static library with its C header
// and module map, as an xcframework built on macOS by build-xcframework.sh; `SwipCore` is the
// generated uniffi Swift (copied in by the same script from bindings/generated/swift) plus small
// adapters (AsyncStream of states, Keychain store, os_log logger).
import PackageDescription

let package = Package(
    name: "SwipCore",
    platforms: [.iOS(.v15), .macOS(.v12)],
    products: [
        .library(name: "SwipCore", targets: ["SwipCore"]),
    ],
    targets: [
        .binaryTarget(name: "SwipCoreFFI", path: "build/SwipCoreFFI.xcframework"),
        .target(
            name: "SwipCore",
            dependencies: ["SwipCoreFFI"],
            path: "Sources/SwipCore",
            linkerSettings: [
                // What the Rust standard library and the TLS verifier use on Apple platforms.
                .linkedFramework("Security"),
                .linkedFramework("SystemConfiguration"),
                .linkedLibrary("resolv"),
            ]
        ),
    ]
)
