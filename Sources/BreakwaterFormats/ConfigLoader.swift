public import BreakwaterCore
import Yams

/// Loads a protocol config from YAML: parse, reject unknown keys, resolve names, apply defaults, validate.
public enum ConfigLoader {
    /// Parses and validates a YAML protocol config.
    ///
    /// - Throws: ``ConfigError`` listing every problem, each with the key it concerns.
    public static func load(yaml text: String) throws(ConfigError) -> ProtocolConfig {
        guard let node = try StrictYAML.compose(text) else {
            throw ConfigError(issues: [ConfigIssue(key: "(document)", message: "the config is empty")])
        }
        let wire = try StrictYAML.decode(WireConfig.self, from: node, allowedKeys: ConfigSchema.allowedKeys)
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
}
