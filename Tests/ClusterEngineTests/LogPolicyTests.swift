import ClusterEngine
import Logging
import Testing
import Totem

/// Which destinations corosync 3.1.7 (logsys on libqb) sends a message to, rule by rule
/// (observed on a stock node: stderr follows logfile_priority, `debug: on` in a logger_subsys
/// lifts only that subsystem, syslog follows syslog_priority).
@Suite struct LogPolicyTests {
    static func logging(_ section: String) throws -> LoggingConfig {
        let text = """
            totem {
            \tversion: 2
            \tcluster_name: logs
            \ttransport: udpu
            }
            logging {
            \(section)
            }
            nodelist {
            \tnode {
            \t\tring0_addr: 10.77.0.1
            \t\tnodeid: 1
            \t}
            }

            """
        return try TotemConfig.load(
            text, file: "corosync.conf", resolver: StaticResolver(), localAddresses: StaticLocalAddresses(addresses: ["10.77.0.1"])
        ).logging
    }

    static func policy(_ section: String) throws -> LogPolicy { LogPolicy(try logging(section)) }

    @Test func defaultsSendInfoAndAboveToStderrAndSyslogButNoFile() throws {
        let policy = try Self.policy("")
        #expect(policy.destinations(level: .info, subsys: "TOTEM") == [.stderr, .syslog])
        #expect(policy.destinations(level: .critical, subsys: "MAIN") == [.stderr, .syslog])
        #expect(policy.destinations(level: .debug, subsys: "TOTEM") == [])
        #expect(policy.destinations(level: .trace, subsys: "TOTEM") == [])
        #expect(policy.lowestLevel == .info)
        #expect(policy.timestamp == .hires)
    }

    @Test func logfilePriorityFiltersTheFileAndStderrButNotSyslog() throws {
        let policy = try Self.policy("to_logfile: yes\nlogfile: /tmp/x.log\nlogfile_priority: notice")
        #expect(policy.destinations(level: .info, subsys: "TOTEM") == [.syslog])
        #expect(policy.destinations(level: .notice, subsys: "TOTEM") == [.stderr, .logfile, .syslog])
        #expect(policy.logfile == "/tmp/x.log")
    }

    @Test func syslogPriorityFiltersOnlySyslog() throws {
        let policy = try Self.policy("syslog_priority: warning")
        #expect(policy.destinations(level: .notice, subsys: "CFG") == [.stderr])
        #expect(policy.destinations(level: .warning, subsys: "CFG") == [.stderr, .syslog])
    }

    @Test func debugOnLetsDebugButNotTraceEverywhereAndOverridesThePriorities() throws {
        let policy = try Self.policy("debug: on\nlogfile_priority: err\nsyslog_priority: err")
        #expect(policy.destinations(level: .debug, subsys: "TOTEM") == [.stderr, .syslog])
        #expect(policy.destinations(level: .info, subsys: "TOTEM") == [.stderr, .syslog])
        #expect(policy.destinations(level: .trace, subsys: "TOTEM") == [])
        #expect(policy.lowestLevel == .debug)
    }

    @Test func debugTraceLetsTraceThrough() throws {
        let policy = try Self.policy("debug: trace")
        #expect(policy.destinations(level: .trace, subsys: "SYNC") == [.stderr, .syslog])
        #expect(policy.lowestLevel == .trace)
    }

    @Test func priorityDebugWithDebugOffStillLetsDebugThrough() throws {
        let policy = try Self.policy("logfile_priority: debug")
        #expect(policy.destinations(level: .debug, subsys: "CPG") == [.stderr])
        #expect(policy.destinations(level: .trace, subsys: "CPG") == [])
    }

    @Test func loggerSubsysOverridesOnlyItsSubsystem() throws {
        let policy = try Self.policy(
            "to_logfile: yes\nlogfile: /tmp/x.log\nlogfile_priority: notice\ndebug: off\n"
                + "logger_subsys {\nsubsys: QUORUM\ndebug: on\n}\nlogger_subsys {\nsubsys: CMAP\nsyslog_priority: err\n}")
        #expect(policy.destinations(level: .debug, subsys: "QUORUM") == [.stderr, .logfile, .syslog])
        #expect(policy.destinations(level: .debug, subsys: "VOTEQ") == [])
        #expect(policy.destinations(level: .info, subsys: "TOTEM") == [.syslog])
        // CMAP inherits logfile_priority notice from the global settings.
        #expect(policy.destinations(level: .info, subsys: "CMAP") == [])
        #expect(policy.destinations(level: .warning, subsys: "CMAP") == [.stderr, .logfile])
        #expect(policy.destinations(level: .error, subsys: "CMAP") == [.stderr, .logfile, .syslog])
        #expect(policy.lowestLevel == .debug)
    }

    @Test func destinationsSwitchedOffGetNothing() throws {
        let policy = try Self.policy("to_stderr: no\nto_syslog: no\ndebug: on")
        #expect(policy.destinations(level: .critical, subsys: "MAIN") == [])
        #expect(policy.lowestLevel == .critical)
        // to_logfile without a logfile writes no file (corosync accepts it).
        #expect(try Self.policy("to_logfile: yes").destinations(level: .error, subsys: "MAIN") == [.stderr, .syslog])
    }

    @Test func subsystemDestinationSwitchesDoNotSplitTheGlobalTargets() throws {
        // libqb has one stderr and one syslog target, switched by the global settings only.
        let policy = try Self.policy("to_syslog: no\nlogger_subsys {\nsubsys: TOTEM\nto_syslog: yes\nto_stderr: no\n}")
        #expect(policy.destinations(level: .error, subsys: "TOTEM") == [.stderr])
    }
}
