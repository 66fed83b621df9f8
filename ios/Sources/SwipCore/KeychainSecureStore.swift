import Foundation
import Security

/// The core's `SecureStore` on iOS: one generic-password Keychain item per key, readable after
/// the first unlock (payments are followed in the background), never synced or backed up to
/// another device. The core calls it from its worker threads; the Keychain is thread-safe.
public final class KeychainSecureStore: SecureStore {
    private let service: String

    /// A store whose items belong to `service` (one per app).
    public init(service: String = "app.swip.core") {
        self.service = service
    }

    private func query(_ key: String) -> [String: Any] {
        [
            kSecClass as String: kSecClassGenericPassword,
            kSecAttrService as String: service,
            kSecAttrAccount as String: key,
        ]
    }

    public func get(key: String) throws -> Data? {
        var q = query(key)
        q[kSecReturnData as String] = true
        q[kSecMatchLimit as String] = kSecMatchLimitOne
        var result: AnyObject?
        let status = SecItemCopyMatching(q as CFDictionary, &result)
        switch status {
        case errSecSuccess: return result as? Data
        case errSecItemNotFound: return nil
        default: throw Self.error(status)
        }
    }

    public func put(key: String, value: Data) throws {
        let attributes: [String: Any] = [
            kSecValueData as String: value,
            kSecAttrAccessible as String: kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly,
        ]
        var status = SecItemUpdate(query(key) as CFDictionary, attributes as CFDictionary)
        if status == errSecItemNotFound {
            status = SecItemAdd(query(key).merging(attributes) { $1 } as CFDictionary, nil)
        }
        guard status == errSecSuccess else { throw Self.error(status) }
    }

    public func delete(key: String) throws {
        let status = SecItemDelete(query(key) as CFDictionary)
        guard status == errSecSuccess || status == errSecItemNotFound else { throw Self.error(status) }
    }

    /// The core's typed error (a status code, never a value).
    private static func error(_ status: OSStatus) -> SecureStoreError {
        let text = (SecCopyErrorMessageString(status, nil) as String?) ?? "OSStatus \(status)"
        if status == errSecInteractionNotAllowed {
            return .Unavailable(reason: "the Keychain is locked: \(text)")
        }
        return .Failed(reason: text)
    }
}
