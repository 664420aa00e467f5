public import BreakwaterCore
import Yams

extension ConfigLoader {
    /// A config's YAML with its `policy` section replaced by another one, and the config it loads to.
    ///
    /// `policyText` holds just a policy section: either its keys at the top level (`enforce`, `price_band`, …) or
    /// one top-level `policy` key holding them. The rest of the config (assets, feeds, pools, oracle) is kept, so a
    /// recorded run can be replayed under another policy.
    ///
    /// - Throws: ``ConfigError`` naming the keys, as for a whole config (`policy.price_band.width: …`).
    public static func load(
        yaml configText: String,
        policy policyText: String
    ) throws(ConfigError) -> (config: ProtocolConfig, text: String) {
        let config = try document(configText)
        let policy = try policySection(policyText)
        guard case .mapping(var mapping) = config else {
            throw ConfigError(issues: [ConfigIssue(key: "(document)", message: "the config is not a mapping")])
        }
        mapping[Node("policy")] = policy
        let text: String
        do {
            text = try Yams.serialize(node: .mapping(mapping))
        } catch {
            throw ConfigError(issues: [
                ConfigIssue(key: "(document)", message: "cannot write the merged config: \(error)")
            ])
        }
        return (try load(yaml: text), text)
    }

    /// The policy section of a policy file: its `policy` key if that is all it holds, else the whole mapping.
    private static func policySection(_ text: String) throws(ConfigError) -> Node {
        let node = try document(text)
        guard case .mapping(let mapping) = node else {
            throw ConfigError(issues: [
                ConfigIssue(key: "policy", message: "a policy file holds a mapping of policy keys")
            ])
        }
        if mapping.count == 1, let inner = mapping[Node("policy")] { return inner }
        return node
    }

    private static func document(_ text: String) throws(ConfigError) -> Node {
        guard let parsed = try StrictYAML.compose(text) else {
            throw ConfigError(issues: [ConfigIssue(key: "(document)", message: "the file is empty")])
        }
        return parsed
    }
}
