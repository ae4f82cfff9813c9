import Foundation
import Testing

/// `Sources/CorosyncFormat` is tool text only: it may import Totem and VoteQuorum (whose values
/// it renders), never Glibc or Foundation; reading the clock or the socket is the tools' job
/// (ClusterClient), printing is the executables'.
@Suite struct CorosyncFormatPurityTests {
    @Test func formatterImportsOnlyTheProtocolTargets() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let folder = root.appendingPathComponent("Sources/CorosyncFormat")
        let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        #expect(files.count >= 3)
        let allowed: Set<String> = ["Totem", "VoteQuorum"]
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            let imports = Self.importedModules(text)
            #expect(imports.allSatisfy(allowed.contains), "\(file.lastPathComponent): \(imports)")
            #expect(Self.outputCalls(text).isEmpty, "\(file.lastPathComponent): \(Self.outputCalls(text))")
        }
    }

    // Same helpers as TotemTests' TotemPurityTests (test targets cannot share sources).

    /// The modules `text` imports, in any spelling: `import X`, `public import X`,
    /// `@preconcurrency import X`, `@_exported import X`, `import struct X.Y`, indented under `#if`.
    static func importedModules(_ text: String) -> [String] {
        let modifiers: Set<Substring> = ["public", "package", "internal", "fileprivate", "private"]
        let kinds: Set<Substring> = ["struct", "class", "enum", "protocol", "typealias", "func", "let", "var"]
        return text.split(separator: "\n").compactMap { line in
            let words = line.split(separator: " ").drop { $0.hasPrefix("@") || modifiers.contains($0) }
            guard words.first == "import" else { return nil }
            return words.dropFirst().drop { kinds.contains($0) }.first.map { String($0.prefix { $0 != "." }) }
        }
    }

    /// Code lines (not comments) that write to standard output or read standard input.
    static func outputCalls(_ text: String) -> [String] {
        text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.hasPrefix("//") && ($0.hasPrefix("print(") || $0.hasPrefix("readLine(")
                || $0.contains(" print(") || $0.contains(" readLine(") || $0.contains("debugPrint(")) }
    }
}
