import Foundation
import Testing

@Suite struct CMapPurityTests {
    /// The store stays pure (ARCHITECTURE.md): standard library and Synchronization only.
    @Test func storeImportsNoIOModules() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/CMap")
        let files = try FileManager.default.contentsOfDirectory(atPath: sources.path).filter { $0.hasSuffix(".swift") }
        #expect(!files.isEmpty)
        for file in files {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            let imports = text.split(separator: "\n").filter { $0.hasPrefix("import ") }.map { String($0.dropFirst(7)) }
            #expect(imports.allSatisfy { $0 == "Synchronization" }, "\(file) imports \(imports)")
        }
    }
}
