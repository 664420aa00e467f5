public import BreakwaterCore

extension Threshold {
    /// The threshold with this YAML key, if there is one.
    public static func named(_ key: String) -> Threshold? { all.first { $0.key == key } }

    /// `config` with this threshold multiplied by `factor` (rounded down), and the value before and after as YAML
    /// writes them; `nil` for a flag, or when the result is not a valid config (a warning above its critical
    /// level, a share above 1, …).
    public func scaled(by factor: Wad, in config: ProtocolConfig) -> (config: ProtocolConfig, from: String, to: String)?
    {
        var changed = config
        switch access {
        case .decimal(let path):
            guard let value = try? config[keyPath: path].multiplied(by: factor, rounding: .down),
                value != config[keyPath: path]
            else { return nil }
            changed[keyPath: path] = value
        case .integer(let path):
            guard let value = try? Wad(config[keyPath: path]).multiplied(by: factor, rounding: .down),
                let integer = Int64(exactly: value.raw / Wad.scale), integer != config[keyPath: path]
            else { return nil }
            changed[keyPath: path] = integer
        case .flag:
            return nil
        }
        guard changed.validate().isEmpty else { return nil }
        return (changed, value(in: config), value(in: changed))
    }
}

extension Threshold {
    /// `config` with this threshold set to `text` as YAML would write it (`"0.1"`, `15000`, `true`); `nil` when the
    /// text is not a value of the threshold's type or the result is not a valid config.
    public func setting(_ text: String, in config: ProtocolConfig) -> ProtocolConfig? {
        var changed = config
        switch access {
        case .decimal(let path):
            guard let value = try? Wad(parsing: text) else { return nil }
            changed[keyPath: path] = value
        case .integer(let path):
            guard let value = Int64(text) else { return nil }
            changed[keyPath: path] = value
        case .flag(let path):
            guard let value = Bool(text) else { return nil }
            changed[keyPath: path] = value
        }
        return changed.validate().isEmpty ? changed : nil
    }
}
