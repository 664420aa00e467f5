import BreakwaterCore
import BreakwaterFormats
import BreakwaterPipeline

/// The automatic counterfactuals of a post-mortem: each threshold behind the incidents' signals at half and at
/// twice its value.
enum ThresholdVariants {
    /// The threshold that decides each kind of signal.
    static let thresholdOfSignal: [String: String] = [
        "volume_anomaly": "policy.detectors.volume.critical_score",
        "price_band_breach": "policy.price_band.width",
        "wash_trading": "policy.detectors.wash.pool_share",
        "outflow_limit": "policy.outflow_limit.max_share",
        "liquidity_depletion": "policy.detectors.depletion.critical_share",
        "concentrated_profit": "policy.detectors.profit.pool_share",
        "flash_loan": "policy.detectors.flash_loan.pool_share",
        "liquidation_cascade": "policy.detectors.cascade.warning_score",
    ]

    static func alternatives(
        for incidents: [ReplayReport.IncidentEntry],
        config: ProtocolConfig
    ) -> [CounterfactualReplay.Alternative] {
        var keys: [String] = []
        for kind in incidents.flatMap({ $0.signals.map(\.kind) }) {
            if let key = thresholdOfSignal[kind], !keys.contains(key) { keys.append(key) }
        }
        let factors = [Wad(raw: Wad.scale / 2), Wad(2)]
        return keys.compactMap(Threshold.named).flatMap { threshold in
            factors.compactMap { factor in
                threshold.scaled(by: factor, in: config).map { scaled in
                    CounterfactualReplay.Alternative(
                        label: "\(threshold.key) \(unquoted(scaled.from)) → \(unquoted(scaled.to))",
                        config: scaled.config
                    )
                }
            }
        }
    }
}

private func unquoted(_ yaml: String) -> String { yaml.filter { $0 != "\"" } }
