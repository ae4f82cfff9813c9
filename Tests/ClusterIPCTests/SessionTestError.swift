import ClusterIPC

/// A session action that was not the expected error reply.
enum SessionTestError: Error {
    case notAReply(IPCServerSession.Action?)
}
