import Foundation
import Testing

/// The pure targets stay pure: each imports only the modules listed here (the standard library
/// is always allowed) and none prints or reads the terminal. The ring thread, sockets, clocks and
/// files are TotemRuntime's; NIO, logging and the daemon are ClusterEngine's; tool text is
/// CorosyncFormat's. The simulator links no NIO. See Docs/ARCHITECTURE.md.
@Suite struct TargetBoundaryTests {
    static let allowed: [String: Set<String>] = [
        "Totem": [],
        "VoteQuorum": ["Totem"],
        "CMap": ["Synchronization"],
        "ClusterIPC": ["CMap"],
        "CorosyncIPCCodec": ["CMap"],
        "NodeCore": ["Totem", "VoteQuorum", "CMap"],
        "CorosyncFormat": ["Totem", "VoteQuorum"],
        "TotemSimulator": ["Totem", "VoteQuorum", "NodeCore"],
    ]

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test(arguments: allowed.keys.sorted())
    func pureTargetImportsOnlyWhatItMay(target: String) throws {
        let folder = Self.root.appendingPathComponent("Sources/\(target)")
        let files =
            FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        #expect(!files.isEmpty, "no sources found for \(target)")
        let allowed = Self.allowed[target] ?? []
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            let forbidden = Self.importedModules(text).filter { !allowed.contains($0) }
            #expect(forbidden.isEmpty, "\(target)/\(file.lastPathComponent) imports \(forbidden)")
            #expect(Self.outputCalls(text).isEmpty, "\(file.lastPathComponent): \(Self.outputCalls(text))")
        }
    }

    @Test func importsAreFoundInEverySpelling() {
        let text =
            "import A\n  public import B\n@preconcurrency import C\n@_exported import D\n"
            + "import struct E.F\n// import G"
        #expect(Self.importedModules(text) == ["A", "B", "C", "D", "E"])
        #expect(Self.outputCalls("x = 1\n/// print(x)\nprint(x)\n  readLine()") == ["print(x)", "readLine()"])
    }

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
            .filter {
                !$0.hasPrefix("//")
                    && ($0.hasPrefix("print(") || $0.hasPrefix("readLine(")
                        || $0.contains(" print(") || $0.contains(" readLine(") || $0.contains("debugPrint("))
            }
    }
}
