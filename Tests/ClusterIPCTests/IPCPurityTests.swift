import Foundation
import Testing

/// `Sources/ClusterIPC` (the protocol codec) must stay pure: the standard library and the pure
/// `CMap` store only (whose value type it carries; CMapTests checks CMap imports nothing else).
@Suite struct IPCPurityTests {
    @Test func codecSourcesImportNothing() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let folder = root.appendingPathComponent("Sources/ClusterIPC")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }
        #expect(files.count > 10)
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            let imports = text.split(separator: "\n").filter { $0.hasPrefix("import ") || $0.contains("@_exported") }
                .filter { $0 != "@_exported import CMap" }
            #expect(imports.isEmpty, "\(file): \(imports)")
        }
    }
}
