import ClusterClient
import Testing

/// getopt order for `cmapctl`'s action options: the last one given wins, as in corosync-cmapctl.
@Suite struct ShortOptionOrderTests {
    let actions: Set<Character> = ["p", "s", "d", "D", "t", "T", "g"]
    let valued: Set<Character> = ["p", "m", "C"]

    func last(_ arguments: [String]) -> Character? {
        ShortOptionOrder.last(of: actions, valued: valued, in: arguments)
    }

    @Test func theLastActionOptionWins() {
        #expect(last(["-g", "-s", "a.b", "u8", "1"]) == "s")
        #expect(last(["-s", "-g", "a.b"]) == "g")
        #expect(last(["-d", "x", "-T", "y"]) == "T")
        #expect(last(["runtime."]) == nil)
    }

    @Test func clustersAndValuesAreReadAsGetoptReadsThem() {
        #expect(last(["-gd", "a"]) == "d")
        #expect(last(["-bqg", "a"]) == "g")
        // The value of -m/-C/-p is never read as options, glued or separate.
        #expect(last(["-g", "-m", "-s", "a"]) == "g")
        #expect(last(["-g", "-mstats", "a"]) == "g")
        #expect(last(["-g", "-Ctotem"]) == "g")
        #expect(last(["-g", "-p", "file"]) == "p")
        #expect(last(["-gpfile"]) == "p")
    }

    @Test func nothingAfterDoubleDashOrInLongOptionsCounts() {
        #expect(last(["-s", "--", "-g"]) == "s")
        #expect(last(["--json", "-d", "k"]) == "d")
        #expect(last(["--run-dir", "/tmp/x", "-g", "k"]) == "g")
        #expect(last(["-"]) == nil)
    }
}
