import Foundation

extension ClusterNode {
    /// corosync's `ev_tracking` file: the expected_votes_tracking barrier, 4 bytes host order.
    static func loadExpectedVotes(_ directory: String?) -> UInt32 {
        guard let directory, let data = FileManager.default.contents(atPath: directory + "/ev_tracking"), data.count >= 4 else { return 0 }
        return data.prefix(4).enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
    }

    /// Writes the expected_votes_tracking barrier (best effort, as corosync logs and goes on).
    static func storeExpectedVotes(_ value: UInt32, in directory: String?) {
        guard let directory else { return }
        let bytes = (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
        _ = FileManager.default.createFile(atPath: directory + "/ev_tracking", contents: Data(bytes), attributes: [.posixPermissions: 0o600])
    }
}
