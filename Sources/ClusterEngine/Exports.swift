// What an embedder needs comes with `import ClusterEngine`: the protocol's types (node ids,
// rings, configuration), the node core's (cpg, status), votequorum's (quorum states) and the
// runtime's (configuration files, ring status).
@_exported import NodeCore
@_exported import Totem
@_exported import TotemRuntime
@_exported import VoteQuorum
