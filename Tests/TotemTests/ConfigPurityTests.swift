import Foundation
import Testing

/// `Sources/Totem/Config` must stay pure: the standard library only.
@Suite struct ConfigPurityTests {
    @Test func configSourcesImportNothing() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let folder = root.appendingPathComponent("Sources/Totem/Config")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }
        #expect(files.count > 10)
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            let imports = text.split(separator: "\n").filter { $0.hasPrefix("import ") || $0.hasPrefix("@_exported import") }
            #expect(imports.isEmpty, "\(file): \(imports)")
        }
    }
}
