import BreakwaterCore
public import Yams

/// Reads YAML into `Decodable` types the way every Breakwater config is read: a key the types do not know is an
/// error naming it (a typo in a security tool's config must not fall back to a default), and a value of the wrong
/// type is an error naming its key path.
public enum StrictYAML {
    /// The document in `text`; `nil` when it holds nothing.
    ///
    /// - Throws: ``ConfigError`` when it is not YAML, saying where (line and column) but never quoting the text: a
    ///   file may hold a node's URL with its key in it.
    public static func compose(_ text: String) throws(ConfigError) -> Node? {
        do {
            return try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ConfigError(issues: [ConfigIssue(key: "(document)", message: "not valid YAML: \(describe(error))")])
        } catch {
            throw ConfigError(issues: [ConfigIssue(key: "(document)", message: "not valid YAML")])
        }
    }

    /// What is wrong and where, without the snippet of the document Yams's own description quotes.
    private static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let around = context.map { " (\($0.text) at line \($0.mark.line))" } ?? ""
            return "line \(mark.line), column \(mark.column): \(problem)\(around)"
        case .reader(let problem, let offset, _, _):
            return "\(problem)\(offset.map { " at character \($0)" } ?? "")"
        case .duplicatedKeysInMapping(let duplicates, let context):
            return "line \(context.mark.line): a key is given twice: \(duplicates.sorted().joined(separator: ", "))"
        case .dataCouldNotBeDecoded: return "the text is not UTF-8"
        default: return "the document cannot be read"
        }
    }

    /// `Value` from `node`, once every key in it is among `allowedKeys` for its place: `""` for the top mapping,
    /// `"retry"` for a mapping under a key, `"alerts[]"` for the items of a list. A place that allows `"*"` takes any
    /// key, and the places under its keys are named with `*`: `"events[].map.*"`.
    ///
    /// - Throws: ``ConfigError`` with every unknown key, or the first value that does not decode.
    public static func decode<Value: Decodable>(
        _ type: Value.Type,
        from node: Node,
        allowedKeys: [String: [String]]
    ) throws(ConfigError) -> Value {
        let unknown = unknownKeys(in: node, allowedKeys: allowedKeys, pattern: "", path: "")
        guard unknown.isEmpty else { throw ConfigError(issues: unknown) }
        do {
            return try YAMLDecoder().decode(Value.self, from: node)
        } catch let error as DecodingError {
            throw ConfigError(issues: [issue(from: error)])
        } catch {
            throw ConfigError(issues: [ConfigIssue(key: "(document)", message: "\(error)")])
        }
    }

    /// The keys of a wire type, for ``decode(_:from:allowedKeys:)``.
    public static func keys<Keys: CodingKey & CaseIterable>(_ type: Keys.Type) -> [String] {
        type.allCases.map(\.stringValue)
    }

    private static func unknownKeys(
        in node: Node,
        allowedKeys: [String: [String]],
        pattern: String,
        path: String
    ) -> [ConfigIssue] {
        switch node {
        case .mapping(let mapping):
            let allowed = allowedKeys[pattern] ?? []
            var issues: [ConfigIssue] = []
            for (keyNode, value) in mapping {
                let key = keyNode.string ?? "\(keyNode)"
                let keyPath = path.isEmpty ? key : "\(path).\(key)"
                let wildcard = allowed.contains("*")
                guard wildcard || allowed.contains(key) else {
                    issues.append(
                        ConfigIssue(key: keyPath, message: "unknown key (allowed: \(allowed.joined(separator: ", ")))")
                    )
                    continue
                }
                let name = wildcard ? "*" : key
                let childPattern = pattern.isEmpty ? name : "\(pattern).\(name)"
                issues += unknownKeys(in: value, allowedKeys: allowedKeys, pattern: childPattern, path: keyPath)
            }
            return issues
        case .sequence(let sequence):
            return sequence.enumerated().flatMap { index, element in
                unknownKeys(in: element, allowedKeys: allowedKeys, pattern: pattern + "[]", path: "\(path)[\(index)]")
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
