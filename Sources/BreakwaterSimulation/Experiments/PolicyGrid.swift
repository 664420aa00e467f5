public import BreakwaterCore
public import BreakwaterFormats
import Foundation

/// The policies an experiment sweeps: every combination of a few thresholds' values, on top of one config.
public struct PolicyGrid: Sendable {
    /// One threshold and the values it takes, as YAML writes them.
    public struct Axis: Sendable, Hashable, Codable {
        public var key: String
        public var values: [String]

        public init(key: String, values: [String]) {
            self.key = key
            self.values = values
        }
    }

    /// One threshold's value in a variant.
    public struct Setting: Sendable, Hashable, Codable {
        public var key: String
        public var value: String
    }

    /// One policy of the grid: its values and the config they make.
    public struct Variant: Sendable {
        /// `policy.price_band.width=0.1 policy.outflow_limit.max_share=0.2 …`, in the grid's order.
        public var label: String
        public var settings: [Setting]
        public var config: ProtocolConfig
    }

    public var axes: [Axis]

    public init(axes: [Axis]) {
        self.axes = axes
    }

    /// The default sweep, 240 policies of the price band, the breaker every scenario meets: its width, how fast its
    /// reference follows the price (a slow reference catches a slow pump, and halts a crash), how long a market may
    /// stay outside it before it halts, and how long a halt lasts.
    public static let standard = PolicyGrid(axes: [
        Axis(key: "policy.price_band.width", values: ["0.05", "0.1", "0.15", "0.25", "0.4"]),
        Axis(key: "policy.price_band.reference_half_life_ms", values: ["60000", "300000", "1800000", "7200000"]),
        Axis(key: "policy.price_band.limit_state_ms", values: ["5000", "15000", "60000", "300000"]),
        Axis(key: "policy.price_band.halt_ms", values: ["60000", "300000", "900000"]),
    ])

    /// Every combination, the last axis varying fastest.
    ///
    /// - Throws: ``ConfigError`` naming an axis whose key is not a threshold, or a value that is not valid for it
    ///   (alone on top of `config`, or together with the other axes' values).
    public func variants(of config: ProtocolConfig) throws(ConfigError) -> [Variant] {
        var issues: [ConfigIssue] = []
        var thresholds: [Threshold] = []
        for (index, axis) in axes.enumerated() {
            if axes[..<index].contains(where: { $0.key == axis.key }) {
                issues.append(
                    ConfigIssue(
                        key: axis.key,
                        message: "the grid names this key twice: give all its values in one axis"
                    )
                )
            }
            guard let threshold = Threshold.named(axis.key) else {
                issues.append(
                    ConfigIssue(key: axis.key, message: "not a threshold (breakwater policy explain lists them)")
                )
                continue
            }
            if axis.values.isEmpty { issues.append(ConfigIssue(key: axis.key, message: "the axis has no values")) }
            for value in axis.values where threshold.setting(value, in: config) == nil {
                issues.append(ConfigIssue(key: axis.key, message: "\(value) is not a valid value here"))
            }
            thresholds.append(threshold)
        }
        guard issues.isEmpty else { throw ConfigError(issues: issues) }
        var variants = [Variant(label: "", settings: [], config: config)]
        for (axis, threshold) in zip(axes, thresholds) {
            variants = variants.flatMap { variant in
                axis.values.map { value in
                    var next = variant
                    next.settings.append(Setting(key: axis.key, value: value))
                    next.label +=
                        (next.label.isEmpty ? "" : " ") + "\(axis.key.replacing("policy.", with: ""))=\(value)"
                    if let changed = threshold.setting(value, in: variant.config) {
                        next.config = changed
                    } else {
                        issues.append(
                            ConfigIssue(key: axis.key, message: "\(value) is not valid together with \(variant.label)")
                        )
                    }
                    return next
                }
            }
        }
        guard issues.isEmpty else { throw ConfigError(issues: issues) }
        return variants
    }
}

extension PolicyGrid.Axis {
    /// `KEY=V1,V2,…`, as `--grid` takes it; `nil` when it is not written so.
    public init?(parsing text: String) {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty else { return nil }
        self.init(key: parts[0], values: parts[1].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
    }
}
