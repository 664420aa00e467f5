import BreakwaterForensics

extension ReplayReport.ScopeEntry {
    /// `pool alts / market MNGO-PERP`, `protocol`, …: the scope as an alert names it.
    var label: String {
        var parts: [String] = []
        if `protocol` == true { parts.append("protocol") }
        if let pool { parts.append("pool \(pool)") }
        if let market { parts.append("market \(market)") }
        if let function { parts.append("function \(function)") }
        if let account { parts.append("account \(account)") }
        if let asset { parts.append("asset \(asset)") }
        return parts.isEmpty ? "protocol" : parts.joined(separator: " / ")
    }
}
