import Testing
import Totem

@Suite struct ConfigParserTests {
    private func parse(_ text: String) throws(ConfigError) -> ParsedConfig {
        try ConfigParser.parse(text, file: "corosync.conf")
    }

    private func parseError(_ text: String) -> ConfigError? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func commentsBlankLinesAndPaddedValuesAreAccepted() throws {
        let parsed = try parse(
            "# leading comment\n\ntotem {\n   # indented comment\n\t\n  token:    5000   \n"
                + "\tcluster_name:\tspb \t\n}\n")
        #expect(parsed["totem.token"] == ConfigEntry(key: "totem.token", value: "5000", line: 6))
        #expect(parsed["totem.cluster_name"]?.value == "spb")
        #expect(parsed.entries.count == 2)
        #expect(parsed.sectionLines["totem"] == 3)
    }

    @Test func sectionNameMayEndWithColon() throws {
        let parsed = try parse("totem:{\n  version: 2\n}\nquorum : {\n  provider: x\n}\n")
        #expect(parsed["totem.version"]?.value == "2")
        #expect(parsed["quorum.provider"]?.value == "x")
    }

    @Test func valueIsSplitAtFirstColonOnly() throws {
        let parsed = try parse("foo {\n  bar: baz : qux\n  addr: fe80::1\n  empty:\n}\n")
        #expect(parsed["foo.bar"]?.value == "baz : qux")
        #expect(parsed["foo.addr"]?.value == "fe80::1")
        #expect(parsed["foo.empty"]?.value == "")
    }

    @Test func hashInsideValueIsNotAComment() throws {
        let parsed = try parse("totem {\n  cluster_name: spbtest # trailing comment\n}\n")
        #expect(parsed["totem.cluster_name"]?.value == "spbtest # trailing comment")
    }

    @Test func carriageReturnsAreRemoved() throws {
        let parsed = try parse("totem {\r\n  token: 3000\r\n}\r\n")
        #expect(parsed["totem.token"]?.value == "3000")
    }

    /// corosync's `fgets` buffer holds 510 bytes, the `\n` and the terminating NUL.
    @Test func lineOf510BytesIsAcceptedAnd511IsTooLong() throws {
        let prefix = "  cluster_name: "
        let fits = prefix + String(repeating: "a", count: 510 - prefix.count)
        #expect(try parse("totem {\n\(fits)\n}\n")["totem.cluster_name"]?.value.count == 510 - prefix.count)
        #expect(parseError("totem {\n\(fits)\r\n}\n")?.code == .lineTooLong)
        let error = parseError("totem {\n\(fits)a\n}\n")
        #expect(error?.code == .lineTooLong)
        #expect(error?.line == 2)
    }

    @Test func missingClosingBraceIsReportedAtTheLastLine() {
        let error = parseError("totem {\n  version: 2\n\nquorum {\n}\n")
        #expect(error?.code == .missingClosingBrace)
        #expect(error?.line == 5)
        #expect(error?.key == "totem")
    }

    @Test func extraClosingBraceIsUnexpected() {
        let error = parseError("totem {\n}\n}\n")
        #expect(error?.code == .unexpectedClosingBrace)
        #expect(error?.line == 3)
    }

    @Test func textAfterOpeningBraceIsRefused() {
        let error = parseError("totem { foo\n}\n")
        #expect(error?.code == .extraAfterOpeningBrace)
        #expect(error?.line == 1)
        #expect(error?.value == "totem { foo")
    }

    @Test func valueContainingOpeningBraceIsRefused() {
        let error = parseError("totem {\n  cluster_name: spb{test}\n}\n")
        #expect(error?.code == .extraAfterOpeningBrace)
        #expect(error?.line == 2)
    }

    @Test func textAroundClosingBraceIsRefused() {
        #expect(parseError("totem {\n} x\n")?.code == .extraAroundClosingBrace)
        #expect(parseError("totem {\nx }\n")?.line == 2)
    }

    @Test func openingBraceNeedsASectionName() {
        let error = parseError("totem {\n}\n {\n}\n")
        #expect(error?.code == .missingSectionName)
        #expect(error?.line == 3)
        #expect(parseError("  {\n}\n")?.code == .missingSectionName)
        // corosync never strips the first character of a name: ": {" opens a section ":".
        #expect(parseError(": {\n}\n") == nil)
    }

    @Test func lineWithoutColonIsRefused() {
        let error = parseError("totem {\n  version: 2\n  this line has no colon\n}\n")
        #expect(error?.code == .notKeyValue)
        #expect(error?.line == 3)
        #expect(
            error?.description
                == #"corosync.conf:3: totem: expected "key: value", "name {" or "}", got "this line has no colon""#)
    }

    @Test func repeatedNodesAreNumberedAndRepeatedKeysOverwrite() throws {
        let parsed = try parse(
            "nodelist {\n node {\n  ring0_addr: a\n }\n node {\n  ring0_addr: b\n  ring0_addr: c\n }\n}\n")
        #expect(parsed["nodelist.node.0.ring0_addr"]?.value == "a")
        let second = ConfigEntry(key: "nodelist.node.1.ring0_addr", value: "c", line: 7)
        #expect(parsed["nodelist.node.1.ring0_addr"] == second)
        #expect(parsed.sectionLines["nodelist.node.1"] == 5)
    }

    @Test func loggerSubsysIsKeyedBySubsys() throws {
        let parsed = try parse("logging {\n logger_subsys {\n  debug: on\n  subsys: QUORUM\n }\n}\n")
        #expect(parsed["logging.logger_subsys.QUORUM.debug"]?.line == 3)
        #expect(parsed["logging.logger_subsys.QUORUM.subsys"]?.value == "QUORUM")
        let error = parseError("logging {\n logger_subsys {\n  debug: on\n }\n}\n")
        #expect(error?.code == .missingSubsys)
        #expect(error?.line == 4)
    }

    @Test func interfaceIsKeyedByLinknumber() throws {
        let parsed = try parse("totem {\n interface {\n  mcastport: 5405\n  linknumber: 1\n }\n}\n")
        #expect(parsed["totem.interface.1.mcastport"]?.value == "5405")
        #expect(parsed["totem.interface.1.linknumber"] == nil)
    }

    @Test func uidgidAllowsOnlyUidAndGid() throws {
        let parsed = try parse("uidgid {\n uid: hacluster\n gid: haclient\n}\n")
        #expect(parsed["uidgid.uid.hacluster"] != nil)
        #expect(parsed["uidgid.gid.haclient"] != nil)
        let error = parseError("uidgid {\n foo: bar\n}\n")
        #expect(error?.code == .badUidGid)
        #expect(error?.line == 2)
        // corosync 3.1.7 allows subsections in uidgid (their items are uidgid items).
        #expect(parseError("uidgid {\n sub {\n }\n}\n") == nil)
    }

    @Test func integerKeysAreCheckedAgainstTheirCmapType() throws {
        let twoNodeYes = parseError("quorum {\n two_node: yes\n}\n")
        #expect(twoNodeYes?.code == .integerRange)
        #expect(
            twoNodeYes?.description
                == #"corosync.conf:2: quorum.two_node: expected an integer in range 0..255, got "yes""#)
        #expect(parseError("quorum {\n two_node: 7000\n}\n")?.code == .integerRange)
        #expect(parseError("quorum {\n two_node: 255\n}\n") == nil)
        #expect(parseError("nodelist {\n node {\n  nodeid: -2\n }\n}\n")?.key == "nodelist.node.0.nodeid")
        let token = parseError("totem {\n\n token: fast\n}\n")
        #expect(
            token?.description
                == "corosync.conf:3: totem.token: expected an integer in range 0..4294967295 (milliseconds), "
                + #"got "fast""#)
        #expect(parseError("totem {\n token: 0x10\n}\n")?.code == .integerRange)
        #expect(parseError("totem {\n cluster_name: fast\n}\n") == nil)
    }

    @Test func emptyTextParsesToNothing() throws {
        #expect(try parse("").entries.isEmpty)
        #expect(try parse("\n# only a comment\n").entries.isEmpty)
    }
}
