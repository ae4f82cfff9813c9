import Foundation
import Testing

/// The README's embedding example is the `embedding-example` target's source, which the
/// package builds: the text a reader copies compiles.
@Suite struct ReadmeExampleTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func region(_ name: String, of source: String) -> String? {
        guard let begin = source.range(of: "// BEGIN README \(name)\n"),
            let end = source.range(of: "// END README \(name)", range: begin.upperBound..<source.endIndex)
        else { return nil }
        var text = String(source[begin.upperBound..<end.lowerBound])
        // The end marker of an indented region is indented too.
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }

    @Test(arguments: ["SETUP", "EXAMPLE"])
    func theReadmeShowsTheExampleAsBuilt(region name: String) throws {
        let source = try String(
            contentsOf: Self.root.appendingPathComponent("Examples/Embedding/main.swift"), encoding: .utf8)
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        let region = try #require(Self.region(name, of: source), "no \(name) region in the example")
        #expect(
            readme.contains("```swift\n" + region + "```"), "README's \(name) block differs from Examples/Embedding")
    }
}
