import BreakwaterCore
import Yams

/// Reads the ``Threshold``s present in a YAML tree into a config, and tells which keys the file set.
struct ThresholdReader {
    private(set) var issues: [ConfigIssue] = []
    /// The keys the file gave, for `policy explain`.
    private(set) var explicitKeys: Set<String> = []

    /// Sets every threshold the tree gives; `root` is the node the keys are relative to.
    mutating func read(_ root: Node, into config: inout ProtocolConfig) {
        // A section written as something else than a mapping would hide every key in it.
        var sections: [String] = []
        for threshold in Threshold.all where !sections.contains(threshold.parent) { sections.append(threshold.parent) }
        for section in sections {
            if let node = Self.node(at: section, in: root), node.mapping == nil {
                issues.append(ConfigIssue(key: section, message: "expected a mapping"))
            }
        }
        for threshold in Threshold.all {
            guard let node = Self.node(at: threshold.key, in: root) else { continue }
            explicitKeys.insert(threshold.key)
            switch threshold.access {
            case .decimal(let path):
                if let value = decimal(node, threshold.key) { config[keyPath: path] = value }
            case .integer(let path):
                if let value = integer(node, threshold.key) { config[keyPath: path] = value }
            case .flag(let path):
                if let value = flag(node, threshold.key) { config[keyPath: path] = value }
            }
        }
    }

    /// The node at a dotted key, if every mapping on the way has it.
    static func node(at key: String, in root: Node) -> Node? {
        var node = root
        for component in key.split(separator: ".") {
            guard let mapping = node.mapping, let child = mapping[String(component)] else { return nil }
            node = child
        }
        return node
    }

    private mutating func scalar(_ node: Node, _ key: String, expected: String) -> Node.Scalar? {
        guard let scalar = node.scalar else {
            issues.append(ConfigIssue(key: key, message: "expected \(expected)"))
            return nil
        }
        return scalar
    }

    private mutating func decimal(_ node: Node, _ key: String) -> Wad? {
        guard let scalar = scalar(node, key, expected: "a decimal") else { return nil }
        do {
            return try Wad(parsing: scalar.string)
        } catch {
            issues.append(ConfigIssue(key: key, message: error.message))
            return nil
        }
    }

    private mutating func integer(_ node: Node, _ key: String) -> Int64? {
        guard let scalar = scalar(node, key, expected: "Int64") else { return nil }
        guard scalar.style == .plain, let value = Int64(scalar.string) else {
            issues.append(ConfigIssue(key: key, message: "expected Int64"))
            return nil
        }
        return value
    }

    private mutating func flag(_ node: Node, _ key: String) -> Bool? {
        guard let scalar = scalar(node, key, expected: "Bool") else { return nil }
        switch (scalar.style, scalar.string) {
        case (.plain, "true"): return true
        case (.plain, "false"): return false
        default:
            issues.append(ConfigIssue(key: key, message: "expected Bool"))
            return nil
        }
    }
}
