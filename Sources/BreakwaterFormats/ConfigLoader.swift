public import BreakwaterCore
import Yams

/// Loads a protocol config from YAML: parse, reject unknown keys, resolve names, apply defaults, validate.
public enum ConfigLoader {
    /// Parses and validates a YAML protocol config.
    ///
    /// - Throws: ``ConfigError`` listing every problem, each with the key it concerns.
    public static func load(yaml text: String) throws(ConfigError) -> ProtocolConfig {
        let node: Node
        do {
            guard let parsed = try Yams.compose(yaml: text) else {
                throw ConfigError(issues: [ConfigIssue(key: "(document)", message: "the config is empty")])
            }
            node = parsed
        } catch let error as ConfigError {
            throw error
        } catch {
            throw ConfigError(issues: [ConfigIssue(key: "(document)", message: "not valid YAML: \(error)")])
        }
        let unknown = unknownKeys(in: node, pattern: "", path: "")
        guard unknown.isEmpty else { throw ConfigError(issues: unknown) }
        let wire: WireConfig
        do {
            wire = try YAMLDecoder().decode(WireConfig.self, from: node)
        } catch let error as DecodingError {
            throw ConfigError(issues: [issue(from: error)])
        } catch {
            throw ConfigError(issues: [ConfigIssue(key: "(document)", message: "\(error)")])
        }
        var resolver = ConfigResolver()
        var config = resolver.resolve(wire)
        var thresholds = ThresholdReader()
        thresholds.read(node, into: &config)
        let found = resolver.issues + thresholds.issues
        let issues = found + (found.isEmpty ? config.validate() : [])
        guard issues.isEmpty else { throw ConfigError(issues: issues) }
        return config
    }

    /// The keys a config file sets among the ``Threshold``s (the rest take their defaults), and whether it gives
    /// its own response table; for `policy explain`. Call it on a file that ``load(yaml:)`` accepted.
    public static func explicitKeys(yaml text: String) -> (thresholds: Set<String>, responses: Bool) {
        guard let node = try? Yams.compose(yaml: text) else { return ([], false) }
        var thresholds = ThresholdReader()
        var scratch = ProtocolConfig(name: "", assets: [], feeds: [], pools: [], markets: [])
        thresholds.read(node, into: &scratch)
        return (thresholds.explicitKeys, ThresholdReader.node(at: "policy.responses", in: node) != nil)
    }

    /// Keys that no wire type knows: a typo must not silently fall back to a default.
    private static func unknownKeys(in node: Node, pattern: String, path: String) -> [ConfigIssue] {
        switch node {
        case .mapping(let mapping):
            let allowed = ConfigSchema.allowedKeys[pattern] ?? []
            var issues: [ConfigIssue] = []
            for (keyNode, value) in mapping {
                let key = keyNode.string ?? "\(keyNode)"
                let keyPath = path.isEmpty ? key : "\(path).\(key)"
                guard allowed.contains(key) else {
                    issues.append(ConfigIssue(key: keyPath, message: "unknown key (allowed: \(allowed.joined(separator: ", ")))"))
                    continue
                }
                let childPattern = pattern.isEmpty ? key : "\(pattern).\(key)"
                issues += unknownKeys(in: value, pattern: childPattern, path: keyPath)
            }
            return issues
        case .sequence(let sequence):
            return sequence.enumerated().flatMap { index, element in
                unknownKeys(in: element, pattern: pattern + "[]", path: "\(path)[\(index)]")
            }
        default:
            return []
        }
    }

    private static func issue(from error: DecodingError) -> ConfigIssue {
        func keyPath(_ path: [any CodingKey]) -> String {
            var text = ""
            for key in path {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
                }
            }
            return text.isEmpty ? "(document)" : text
        }
        switch error {
        case .typeMismatch(let type, let context):
            return ConfigIssue(key: keyPath(context.codingPath), message: "expected \(type)")
        case .valueNotFound(_, let context), .keyNotFound(_, let context):
            return ConfigIssue(key: keyPath(context.codingPath), message: "missing value")
        case .dataCorrupted(let context):
            return ConfigIssue(key: keyPath(context.codingPath), message: context.debugDescription)
        @unknown default:
            return ConfigIssue(key: "(document)", message: "\(error)")
        }
    }
}
