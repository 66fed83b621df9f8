import os

/// Forwards the core's log records (already redacted by the core) to the unified log
/// (`subsystem` app.swip.core, category = the record's Rust target). Messages are marked public:
/// they never hold a secret. Install once: `try setLogger(logger: OSLogLogger(), maxLevel: .info)`.
public final class OSLogLogger: SwipCore.Logger {
    private let subsystem: String

    public init(subsystem: String = "app.swip.core") {
        self.subsystem = subsystem
    }

    public func log(record: LogRecord) {
        let log = OSLog(subsystem: subsystem, category: record.target)
        let type: OSLogType
        switch record.level {
        case .error: type = .error
        case .warn: type = .default
        case .info: type = .info
        case .debug, .trace: type = .debug
        }
        os_log("%{public}@", log: log, type: type, record.message)
    }
}
